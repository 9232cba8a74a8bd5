#!/usr/bin/env bash
# Where the cost of a signed-in page goes: the same pages anonymous and with the session cookie of a civil servant
# who is NOT enrolled. /privacidad touches no database, so its two figures isolate the signed-in chrome (cookie
# decryption, the antiforgery token of the sign-out form); the lesson adds the one enrollment lookup a signed-in
# visitor needs. Same setup as enrolled-lesson.sh (lib-wrk.sh: throwaway PostgreSQL, Release build, wrk).
#   scripts/bench/signed-in-pages.sh [duration=8s] [connections=32] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
duration=${1:-8s}; connections=${2:-32}; threads=${3:-2}
lesson=/cursos/seguridad-digital/phishing

log() { printf '[bench] %s\n' "$*" >&2; }

source "$root/scripts/bench/lib-wrk.sh"

jar="$tmp/visitor.txt"
register "$jar" 1047000009
session=$(awk '$6 == "scari.sesion" {print $6 "=" $7}' "$jar")
grep -q 'class="who"' <<<"$(curl -fs -H "Cookie: $session" "$base$lesson")" || { log "la sesión no quedó abierta"; exit 1; }
# A browser sends back the antiforgery cookie it got with the first page; wrk with only the session cookie gets a
# new one (and a Set-Cookie) on every response.
af=$(curl -fs -o /dev/null -D - -H "Cookie: $session" "$base/privacidad" | grep -io 'scari.af=[^;]*')

measure() { # url label [header]
  wrk -t"$threads" -c"$connections" -d"$duration" --latency ${3:+-H "$3"} "$base$1" >"$tmp/wrk.txt"
  grep -q "Non-2xx" "$tmp/wrk.txt" && { cat "$tmp/wrk.txt" >&2; log "respuestas que no son 2xx en $1"; exit 1; }
  printf '%-36s %-34s %10s %10s\n' "$1" "$2" "$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")" "$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")"
}
log "calentando"
wrk -t"$threads" -c"$connections" -d5s "$base$lesson" >/dev/null
wrk -t"$threads" -c"$connections" -d5s -H "Cookie: $session" "$base$lesson" >/dev/null
printf '%-36s %-34s %10s %10s\n' "URL" "visitante" "req/s" "p99"
measure /privacidad "anónimo"
measure /privacidad "con sesión" "Cookie: $session"
measure /privacidad "con sesión y cookie antifalsificación" "Cookie: $session; $af"
measure "$lesson" "anónimo"
measure "$lesson" "con sesión (sin inscripción)" "Cookie: $session"
measure "$lesson" "con sesión y cookie antifalsificación" "Cookie: $session; $af"
