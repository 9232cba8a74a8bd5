#!/usr/bin/env bash
# Cost of progress on a lesson page: the same lesson for an anonymous visitor and for a signed-in, enrolled
# learner (who gets the progress controls: five small queries per page). Same setup as lesson-page.sh: a
# throwaway PostgreSQL cluster, the app in Release on a free port, wrk. The learner registers with curl.
#   scripts/bench/enrolled-lesson.sh [duration=15s] [connections=32] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
duration=${1:-15s}; connections=${2:-32}; threads=${3:-2}
lesson=/cursos/seguridad-digital/phishing

log() { printf '[bench] %s\n' "$*" >&2; }

source "$root/scripts/bench/lib-wrk.sh"

jar="$tmp/cookies.txt"
register "$jar" 1047000001
register "$tmp/visitor.txt" 1047000002
visitor=$(awk '$6 == "scari.sesion" {print $6 "=" $7}' "$tmp/visitor.txt")
course=${lesson%/*}
page=$(curl -fs -c "$jar" -b "$jar" "$base$course")
curl -fs -o /dev/null -c "$jar" -b "$jar" "$base$course/inscribirme" --data-urlencode "__RequestVerificationToken=$(form_token <<<"$page")"
cookie=$(awk '$6 == "scari.sesion" {print $6 "=" $7}' "$jar")
grep -qE "lesson-controls|Marcar como terminada" <<<"$(curl -fs -H "Cookie: $cookie" "$base$lesson")" \
  || { cat "$tmp/app.log" >&2; log "la persona no quedó inscrita"; exit 1; }

measure() { # url [header] -> "rps p99"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency ${2:+-H "$2"} "$base$1" >"$tmp/wrk.txt"
  grep -q "Non-2xx" "$tmp/wrk.txt" && { cat "$tmp/wrk.txt" >&2; log "respuestas que no son 2xx en $1"; exit 1; }
  echo "$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt") $(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")"
}
log "calentando"
wrk -t"$threads" -c"$connections" -d5s "$base$lesson" >/dev/null
wrk -t"$threads" -c"$connections" -d5s -H "Cookie: $cookie" "$base$lesson" >/dev/null

read -r a_rps a_p99 < <(measure "$lesson")
read -r v_rps v_p99 < <(measure "$lesson" "Cookie: $visitor")
read -r e_rps e_p99 < <(measure "$lesson" "Cookie: $cookie")
printf '%-44s %12s %10s\n' "$lesson" "req/s" "p99"
printf '%-44s %12s %10s\n' "anónimo" "$a_rps" "$a_p99"
printf '%-44s %12s %10s\n' "con sesión, sin inscripción" "$v_rps" "$v_p99"
printf '%-44s %12s %10s\n' "aprendiz inscrito (con controles de avance)" "$e_rps" "$e_p99"
awk -v e="$e_rps" -v a="$a_rps" -v v="$v_rps" 'BEGIN { printf "inscrito / anónimo: %.0f %%; inscrito / con sesión sin inscripción: %.0f %%\n", 100 * e / a, 100 * e / v }'
