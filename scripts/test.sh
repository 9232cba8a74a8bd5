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
source "$root/scripts/lib/packages.sh"
install_missing "${missing[@]}"

# 2. A throwaway cluster in a temporary folder, owned by `postgres` when we are root (scripts/lib/postgres.sh).
source "$root/scripts/lib/postgres.sh"
pg_setup scari-test
tmp=$pgtmp
log "PostgreSQL temporal en $tmp"
pg_start 54329 "$pg_test_options"
port=$pgport
log "PostgreSQL escuchando en 127.0.0.1:$port"
export SCARI_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
export SCARI_TEST_CHROMIUM=${SCARI_TEST_CHROMIUM:-$(command -v chromium)}

# 3. axe-core for the accessibility checks of the browser tests (pinned in package-lock.json) and Pyodide.
(cd tests/Scari.BrowserTests && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# Pyodide for the lessons' runnable Python (served by the app from wwwroot/lib/pyodide; not in git).
scripts/restore-pyodide.sh >/dev/null

# 4. Every test project, once.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Every test app watches its files (configuration, wwwroot): with inotify each takes one of the user's 128 instances
# (fs.inotify.max_user_instances), which a suite of many apps, or two suites at once, runs out of. Polling needs none.
export DOTNET_USE_POLLING_FILE_WATCHER=true
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

# 5. On a full run, the unit tests and the indicator tests again with every clock (tests, app, PostgreSQL) set a minute
# before a month ends in Bogotá, when the UTC day is already the next one (scripts/test-clock.sh, libfaketime): code or
# tests that mix the two days fail here. Their results count in the totals.
if ((! $#)) && ((status == 0)); then
  log "pruebas de fechas con el reloj en el cierre de mes de Bogotá (scripts/test-clock.sh)"
  set +e
  SCARI_CLOCK_PROJECTS="Scari.Tests Scari.IntegrationTests" SCARI_CLOCK_FILTER="-namespace Scari.IntegrationTests.Indicators" \
    bash scripts/test-clock.sh 2>&1 | tee "$tmp/clock.log"
  clock_status=${PIPESTATUS[0]}
  set -e
  while read -r t e f s; do
    total=$((total + t)); failed=$((failed + e + f)); skipped=$((skipped + s)); passed=$((passed + t - e - f - s))
  done < <(sed -nE 's/.*Total: ([0-9]+), Errors: ([0-9]+), Failed: ([0-9]+), Skipped: ([0-9]+).*/\1 \2 \3 \4/p' "$tmp/clock.log")
  if ((clock_status != 0)) && ! grep -qE "Failed: [1-9]|Errors: [1-9]" "$tmp/clock.log"; then
    log "scripts/test-clock.sh terminó con código $clock_status"
    failed=$((failed + 1))
  fi
  status=$((status | clock_status))
fi
if ((failed)); then
  # A recap after the test hosts' own output, which can be long: each failed test, its message and where.
  log "pruebas fallidas:"
  grep -E -A4 "^failed " "$tmp/dotnet-test.log" | grep -v -E "^--$|^\s+from " >&2 || true
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $status -eq 0 && $failed -eq 0 && $total -gt 0 ]]
