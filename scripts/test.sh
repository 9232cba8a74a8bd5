#!/usr/bin/env bash
# Runs every test of SCARI against a throwaway PostgreSQL cluster and Debian's chromium.
# Installs what is missing when run as root, starts PostgreSQL on 127.0.0.1 and a free port,
# runs `dotnet test` once and removes the cluster even when the tests fail or are interrupted.
# Its last line is the total: "N passed, N failed, N skipped".
# Arguments, if any, replace the default `--solution Scari.sln`, e.g. while working on one area:
#   scripts/test.sh --project tests/Scari.IntegrationTests -- --filter-class "*EnrollmentTests"
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '[test.sh] %s\n' "$*" >&2; }

# 1. What the tests need: PostgreSQL, chromium, poppler-utils (pdftoppm), zbar-tools (zbarimg), node/npm.
missing=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v zbarimg >/dev/null || missing+=(zbar-tools)
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "instalando: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "faltan paquetes: ${missing[*]} (instálelos con apt-get o ejecute como root)"
    exit 1
  fi
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# 2. A throwaway cluster in a temporary folder, owned by `postgres` when we are root.
tmp=$(mktemp -d /tmp/scari-test.XXXXXX)
chmod 755 "$tmp"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$tmp" postgres
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  local code=$?
  if [[ -f "$tmp/data/postmaster.pid" ]]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "PostgreSQL temporal en $tmp"
"${as_pg[@]}" "$pgbin/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
# A free port: skip ports that answer, and try the next one if another cluster takes it first.
port=54329
started=0
for _ in $(seq 1 20); do
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  if "${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null; then
    started=1
    break
  fi
  port=$((port + 1))
done
((started)) || { cat "$tmp/postgres.log" >&2; exit 1; }
log "PostgreSQL escuchando en 127.0.0.1:$port"
export SCARI_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
export SCARI_TEST_CHROMIUM=${SCARI_TEST_CHROMIUM:-$(command -v chromium)}

# 3. axe-core for the accessibility checks of the browser tests (pinned in package-lock.json).
(cd tests/Scari.BrowserTests && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# 4. Every test project, once.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
set +e
if (($#)); then targets=("$@"); else targets=(--solution Scari.sln); fi
dotnet test "${targets[@]}" 2>&1 | tee "$tmp/dotnet-test.log"
status=${PIPESTATUS[0]}
set -e

read_total() { grep -E "^\s+$1: [0-9]+" "$tmp/dotnet-test.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
total=$(read_total total); failed=$(read_total failed); passed=$(read_total succeeded); skipped=$(read_total skipped)
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  log "dotnet test terminó con código $status (¿error de compilación?)"
  failed=$((failed > 0 ? failed : 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $status -eq 0 && $failed -eq 0 && $total -gt 0 ]]
