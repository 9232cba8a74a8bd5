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

source "$root/scripts/bench/lib-wrk.sh"

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
