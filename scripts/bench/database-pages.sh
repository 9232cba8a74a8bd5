#!/usr/bin/env bash
# Pages that touch the database against the one that does not, before and after, in ONE run (issue 20, item 2):
# the anonymous lesson (no query), the enrolled learner's lesson (the session, the enrollment and the progress), and
# a signed-in page whose only query is the session's (/privacidad), plus the app's CPU time per enrolled page (from
# /proc/PID/stat while wrk runs: user + system time of the app process over the requests it answered).
# Two apps run side by side on one throwaway PostgreSQL, each on its own database: BASELINE (a git revision, or
# SCARI_BASELINE_APP_DIR with it already built) and the working tree (or SCARI_APP_DIR). Each URL is measured on the
# baseline and right after on the current app, so both see the same load; ratios are within one app.
# Usage: scripts/bench/database-pages.sh BASELINE [duration=10s] [connections=32] [threads=2]
# SCARI_BENCH_ENV="DOTNET_TieredPGO=0 …": extra environment for the current app only (to measure runtime switches).
# SCARI_BENCH_ACCEPT_ENCODING=br (or gzip): measured requests ask for a compressed response, as a browser does (the app
# compresses HTML since issue 19; without it, as wrk sends by default, every response goes uncompressed).
# SCARI_BENCH_WARMUP: warm-up per page and app (default 30s). To compare two builds of the same code (e.g. ReadyToRun),
# give both folders: SCARI_BASELINE_APP_DIR=… SCARI_APP_DIR=… (BASELINE is then only a label).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
baseline=${1:?"revisión base, p. ej. 0b202b3"}
duration=${2:-10s}; connections=${3:-32}; threads=${4:-2}
lesson=/cursos/seguridad-digital/phishing
source "$root/scripts/bench/lib-app.sh"
command -v wrk >/dev/null || { source "$root/scripts/lib/packages.sh"; install_missing wrk; }

start_postgres
for db in antes ahora; do "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE scari_$db" >/dev/null; done

# The baseline, built from its own worktree unless given.
build_baseline "$baseline"
build_app
now_app=$app_dir

declare -A url pid
# start_app from lib-app.sh, with extra environment for this app only.
start_one() { # LABEL APP_DIR [ENV…]
  local label=$1; app_dir=$2; shift 2
  connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari_$label"
  if (($#)); then export "$@"; fi
  start_app
  if (($#)); then for kv in "$@"; do unset "${kv%%=*}"; done; fi
  url[$label]=$base; pid[$label]=$app_pid
  log "$label: $base (pid $app_pid, $app_dir)"
}
start_one antes "$base_app"
# shellcheck disable=SC2086
start_one ahora "$now_app" ${SCARI_BENCH_ENV:-}
pg_before_stop() { kill -9 "${pid[antes]}" "${pid[ahora]}" 2>/dev/null || true; }

# A civil servant registers (the app's own form) and stays signed in in a cookie jar; one of them enrolls.
register() { # BASE JAR DOCUMENT
  local page dep
  page=$(curl -fs -c "$2" -b "$2" "$1/cuenta/registro")
  dep=$(sed -n '/id="Input_DependenciaId"/,/<\/select>/p' <<<"$page" | grep -o 'option value="[0-9][0-9]*"' | head -n 1 | grep -o '[0-9][0-9]*')
  curl -fs -o /dev/null -c "$2" -b "$2" "$1/cuenta/registro" \
    --data-urlencode "__RequestVerificationToken=$(form_token <<<"$page")" \
    -d "Input.DocumentType=CC&Input.DocumentNumber=$3&Input.GivenNames=Banca&Input.FamilyNames=Marca&Input.Email=b$3%40scari.test" \
    -d "Input.DependenciaId=$dep&Input.Vinculo=Planta&Input.Cargo=Profesional&Input.Password=clave-larga-2026&Input.ConfirmPassword=clave-larga-2026&Input.AcceptsPrivacyNotice=true"
}
declare -A learner visitor
for label in antes ahora; do
  b=${url[$label]}
  register "$b" "$work/l-$label.txt" 1047000001
  register "$b" "$work/v-$label.txt" 1047000002
  page=$(curl -fs -c "$work/l-$label.txt" -b "$work/l-$label.txt" "$b${lesson%/*}")
  curl -fs -o /dev/null -c "$work/l-$label.txt" -b "$work/l-$label.txt" "$b${lesson%/*}/inscribirme" \
    --data-urlencode "__RequestVerificationToken=$(form_token <<<"$page")"
  # The session cookie and the antiforgery cookie, which a browser sends back (without it the app issues a new one per page).
  curl -fs -o /dev/null -c "$work/v-$label.txt" -b "$work/v-$label.txt" "$b/privacidad"
  learner[$label]="Cookie: $(awk '$6 == "scari.sesion" || $6 == "scari.af" {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$work/l-$label.txt")"
  visitor[$label]="Cookie: $(awk '$6 == "scari.sesion" || $6 == "scari.af" {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$work/v-$label.txt")"
  grep -qE "lesson-controls|Marcar como terminada" <<<"$(curl -fs -H "${learner[$label]}" "$b$lesson")" || { log "$label: la persona no quedó inscrita"; exit 1; }
  grep -q "Salir" <<<"$(curl -fs -H "${visitor[$label]}" "$b/privacidad")" || { log "$label: la sesión no vale en /privacidad"; exit 1; }
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# PostgreSQL's CPU for one app: the user + system time of the server processes serving that app's database (they are
# the app's pooled connections, so they live through a measurement; one that ends during it loses its share).
pg_pids() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -tAc "SELECT pid FROM pg_stat_activity WHERE datname = 'scari_$1'"; }
pg_ticks() { local t=0 p; for p in $1; do [[ -r /proc/$p/stat ]] && t=$((t + $(ticks "$p"))); done; echo "$t"; }
# measure LABEL PATH [HEADER] -> "rps p99 requests app_cpu_ticks postgres_cpu_ticks"
measure() {
  local t0 t1 p0 p1 pids
  pids=$(pg_pids "$1"); t0=$(ticks "${pid[$1]}"); p0=$(pg_ticks "$pids")
  wrk -t"$threads" -c"$connections" -d"$duration" --latency ${3:+-H "$3"} ${encoding:+-H "Accept-Encoding: $encoding"} "${url[$1]}$2" >"$work/wrk.txt"
  t1=$(ticks "${pid[$1]}"); p1=$(pg_ticks "$pids")
  grep -q "Non-2xx" "$work/wrk.txt" && { cat "$work/wrk.txt" >&2; log "$1: respuestas que no son 2xx en $2"; exit 1; }
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") $(awk '$1 == "99%" {print $2}' "$work/wrk.txt") $(awk '/requests in/ {print $1}' "$work/wrk.txt") $((t1 - t0)) $((p1 - p0))"
}

# Warm-up long enough for tiered compilation to settle: under load an app answers a few hundred pages a second, and
# after 10 s its JIT was still compiling methods at tier 1 during the measurement (seen with DOTNET_JitStdOutFile).
warmup=${SCARI_BENCH_WARMUP:-30s}
encoding=${SCARI_BENCH_ACCEPT_ENCODING:-}
log "calentando ($warmup por página y app)"
for label in antes ahora; do
  wrk -t"$threads" -c"$connections" -d"$warmup" ${encoding:+-H "Accept-Encoding: $encoding"} "${url[$label]}$lesson" >/dev/null
  wrk -t"$threads" -c"$connections" -d"$warmup" ${encoding:+-H "Accept-Encoding: $encoding"} -H "${learner[$label]}" "${url[$label]}$lesson" >/dev/null
  wrk -t"$threads" -c"$connections" -d"$warmup" ${encoding:+-H "Accept-Encoding: $encoding"} -H "${visitor[$label]}" "${url[$label]}/privacidad" >/dev/null
done

echo "carga al empezar: $(cut -d' ' -f1-3 /proc/loadavg); compresión de respuestas: ${encoding:-ninguna (wrk no envía Accept-Encoding)}"
declare -A r
for what in anon enrolled onequery; do
  for label in antes ahora; do
    case $what in
      anon) r[$what-$label]=$(measure "$label" "$lesson") ;;
      enrolled) r[$what-$label]=$(measure "$label" "$lesson" "${learner[$label]}") ;;
      onequery) r[$what-$label]=$(measure "$label" /privacidad "${visitor[$label]}") ;;
    esac
  done
done
echo "carga al terminar: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '%-48s %14s %14s\n' "" "antes ($baseline)" "ahora"
row() { # TITLE KEY: req/s, p99, the app's and PostgreSQL's CPU per request
  local a ap an at ag b bp bn bt bg
  read -r a ap an at ag <<<"${r[$2-antes]}"; read -r b bp bn bt bg <<<"${r[$2-ahora]}"
  printf '%-48s %14s %14s\n' "$1 (req/s)" "$a" "$b"
  printf '%-48s %14s %14s\n' "   p99" "$ap" "$bp"
  awk -v x="$at" -v y="$an" -v z="$bt" -v w="$bn" -v hz="$hz" 'BEGIN { printf "%-48s %14.3f %14.3f\n", "   CPU de la app por solicitud (ms)", 1000 * x / hz / y, 1000 * z / hz / w }'
  awk -v x="$ag" -v y="$an" -v z="$bg" -v w="$bn" -v hz="$hz" 'BEGIN { printf "%-48s %14.3f %14.3f\n", "   CPU de PostgreSQL por solicitud (ms)", 1000 * x / hz / y, 1000 * z / hz / w }'
}
row "lección anónima $lesson" anon
row "lección de un aprendiz inscrito" enrolled
row "página con sesión, una consulta (/privacidad)" onequery
for label in antes ahora; do
  read -r a _ <<<"${r[anon-$label]}"; read -r e _ _ et _ <<<"${r[enrolled-$label]}"; read -r o _ <<<"${r[onequery-$label]}"
  read -r _ _ en _ <<<"${r[enrolled-$label]}"
  awk -v l="$label" -v a="$a" -v e="$e" -v o="$o" -v t="$et" -v n="$en" -v hz="$hz" 'BEGIN {
    printf "%s: inscrito / anónimo %.1f %%; una consulta / anónimo %.1f %%; CPU de la app por página inscrita %.2f ms\n",
      l, 100 * e / a, 100 * o / a, 1000 * t / hz / n }'
done
