#!/usr/bin/env bash
# Throughput of a lesson page against a static file served by the same app (the ceiling), on PostgreSQL.
# Starts a throwaway PostgreSQL cluster (as scripts/test.sh does), runs the app in Release on a free port,
# warms it up and measures both URLs with wrk. Prints requests/s and p99 latency for each and their ratio.
#   scripts/bench/lesson-page.sh [duration=20s] [connections=32] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
duration=${1:-20s}; connections=${2:-32}; threads=${3:-2}
lesson=/cursos/seguridad-digital/phishing
static=/css/site.css

log() { printf '[bench] %s\n' "$*" >&2; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else log "faltan: ${missing[*]}"; exit 1; fi
fi
source "$root/scripts/lib/postgres.sh"
pg_setup scari-bench
tmp=$pgtmp
app_pid=
pg_before_stop() { [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null; }
pg_start 55432
"${as_pg[@]}" "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE scari_bench" >/dev/null

log "compilando en Release"
dotnet publish src/Scari.Web -c Release -o "$tmp/app" --nologo -v quiet >/dev/null
port=$(free_port 5190)
(
  cd "$tmp/app"
  export ASPNETCORE_URLS="http://127.0.0.1:$port" Database__Provider=Postgres \
    ConnectionStrings__Scari="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari_bench" \
    Scari__ContentDirectory="$root/content" Logging__LogLevel__Default=Warning
  exec dotnet Scari.Web.dll >"$tmp/app.log" 2>&1
) &
app_pid=$!
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$port$lesson" | grep -q "<h1>" || { cat "$tmp/app.log" >&2; log "la lección no responde"; exit 1; }

measure() { # url -> "rps p99"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port$1" >"$tmp/wrk.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
  grep -q "Non-2xx" "$tmp/wrk.txt" && { cat "$tmp/wrk.txt" >&2; log "respuestas que no son 2xx en $1"; exit 1; }
  echo "$rps $p99"
}
log "calentando"
wrk -t"$threads" -c"$connections" -d10s "http://127.0.0.1:$port$lesson" >/dev/null
wrk -t"$threads" -c"$connections" -d5s "http://127.0.0.1:$port$static" >/dev/null

read -r s_rps s_p99 < <(measure "$static")
read -r l_rps l_p99 < <(measure "$lesson")
bytes=$(curl -s "http://127.0.0.1:$port$lesson" | wc -c)
printf '%-34s %12s %10s\n' "URL" "req/s" "p99"
printf '%-34s %12s %10s\n' "$static (archivo estático)" "$s_rps" "$s_p99"
printf '%-34s %12s %10s\n' "$lesson ($bytes bytes)" "$l_rps" "$l_p99"
awk -v l="$l_rps" -v s="$s_rps" 'BEGIN { printf "lección / estático: %.0f %% (meta: >= 50 %%)\n", 100 * l / s }'
