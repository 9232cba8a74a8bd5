#!/usr/bin/env bash
# Benchmark: cold indicator figures asked for by many at once (issue 20, item 4), on the indicators benchmark data
# (scripts/bench/indicators-data.sh: 1,000,000 completions and 100,000 people; PEOPLE= and COMPLETIONS= make it
# smaller) in a throwaway PostgreSQL with pg_stat_statements. Per app, after a warm-up on a date of its own:
#   a. ONE cold request (a cut-off date nobody asked for) for the public /indicadores and for the admin dashboard;
#   b. 10 SIMULTANEOUS cold requests (curl, started together) for another new date, public page and dashboard: each
#      one's time, median and maximum.
# The SQL each step runs is counted with pg_stat_statements (calls and execution time of the statements that read
# "Completions", the table every aggregate scans, leaving out the SELECT max(…) that reads the data stamp on every
# request): 10 requests that share one computation run the SQL of one.
# With BASELINE (a git revision: the parent of the commit that added FigureFlights,
#   git log -S'FigureFlights' --oneline | tail -1 → c726b7b, so c726b7b^), that revision is built in a temporary
# worktree and measured first in the same run, on the same database (migrated by the current app: the migrations
# since then only add tables and columns). SCARI_BASELINE_APP_DIR: the baseline already built.
# Usage: scripts/bench/cold-figures.sh [BASELINE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
baseline=${1:-}
source "$root/scripts/bench/lib-app.sh"

pg_start $((55400 + RANDOM % 400)) "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c max_connections=300"
connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari"
labels=()
if [[ -n $baseline ]]; then
  labels+=(antes)
  build_baseline "$baseline"
fi
labels+=(ahora)
log "cargando los datos de indicadores…"
"$root/scripts/bench/indicators-data.sh" "$connection" >&2
sql 'CREATE EXTENSION pg_stat_statements' >/dev/null
if [[ -n ${SCARI_APP_DIR:-} ]]; then now_app=$SCARI_APP_DIR; else now_app="$root/src/Scari.Web/bin/Release/net10.0"; fi # built by the migration above

email=bench@scari.test
password=clave-bench-2026
admin_sign_in() { # the first app makes the administrator through the first-admin link; the next one signs in with it
  local link t code
  rm -f "$jar"
  if link=$(grep -o 'configuracion-inicial?token=[A-Za-z0-9_-]*' "$work/app.log" | tail -n 1) && [[ -n $link ]]; then
    t=$(curl -s -c "$jar" -b "$jar" "$base/cuenta/$link" | form_token)
    curl -s -o /dev/null -c "$jar" -b "$jar" "$base/cuenta/$link" --data-urlencode "__RequestVerificationToken=$t" \
      --data-urlencode "Token=${link#*token=}" --data-urlencode "Input.FullName=Administración Bench" \
      --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$password" --data-urlencode "Input.ConfirmPassword=$password"
  fi
  t=$(curl -s -c "$jar" -b "$jar" "$base/cuenta/ingresar" | form_token)
  code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "__RequestVerificationToken=$t" \
    --data-urlencode "Input.UserName=$email" --data-urlencode "Input.Password=$password" "$base/cuenta/ingresar")
  [[ $code == 302 ]] || { log "no se pudo ingresar como $email (HTTP $code)"; exit 1; }
}

# "calls exec_ms" of the statements that read Completions, so far.
sql_so_far() { sql "SELECT coalesce(sum(calls), 0) || ' ' || round(coalesce(sum(total_exec_time), 0)::numeric) FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'scari') AND query LIKE '%\"Completions\"%' AND query !~* '^SELECT max\\('"; }
declare -A r
# step KEY COUNT PATH…: COUNT requests at once for PATH (with the administrator's cookie when it starts with /admin);
# stores "median max sql_calls sql_ms" in r[KEY] and prints a line.
step() {
  local key=$1 count=$2 path=$3 s0 s1 cookie=() i pids=()
  [[ $path == /admin* ]] && cookie=(-b "$jar")
  s0=$(sql_so_far)
  : >"$work/times.txt"
  for i in $(seq 1 "$count"); do
    curl -s -o /dev/null "${cookie[@]}" -w '%{http_code} %{time_total}\n' "$base$path" >>"$work/times.txt" &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  s1=$(sql_so_far)
  grep -qv '^200 ' "$work/times.txt" && { cat "$work/times.txt" >&2; log "respuestas que no son 200 en $path"; exit 1; }
  r[$key]=$(sort -k2 -n "$work/times.txt" | awk -v s0="$s0" -v s1="$s1" '{ t[NR] = $2 * 1000 } END {
    split(s0, a, " "); split(s1, b, " "); printf "%.0f %.0f %d %d", t[int((NR + 1) / 2)], t[NR], b[1] - a[1], b[2] - a[2] }')
  read -r med max calls ms <<<"${r[$key]}"
  printf '   %-62s mediana %6s ms, máximo %6s ms; SQL sobre Completions: %4s sentencias, %6s ms\n' "$count × $path" "$med" "$max" "$calls" "$ms"
}

echo "carga al empezar: $(uptime | sed 's/.*load average: //'); VM de 2 núcleos compartida"
people=$(sql 'SELECT count(*) FROM "People"'); completions=$(sql 'SELECT count(*) FROM "Completions"')
echo "datos: $people personas, $completions finalizaciones"
echo "compresión de respuestas: la de la app (curl no envía Accept-Encoding, así que ninguna respuesta va comprimida)"
ind=funcionarios-tic
for label in "${labels[@]}"; do
  if [[ $label == antes ]]; then app_dir=$base_app; title="antes ($baseline)"; else app_dir=$now_app; title="ahora"; fi
  : >"$work/app.log"
  start_app
  admin_sign_in
  echo "$title:"
  # Warm-up (not counted): JIT, and the table in PostgreSQL's and the OS's caches.
  curl -s -o /dev/null -b "$jar" "$base/admin/indicadores/$ind?corte=2026-01-15"
  curl -s -o /dev/null "$base/indicadores?corte=2026-01-15"
  step "$label-pub1" 1 "/indicadores?corte=2026-02-10"
  step "$label-adm1" 1 "/admin/indicadores/$ind?corte=2026-02-10"
  step "$label-pub10" 10 "/indicadores?corte=2026-03-10"
  step "$label-adm10" 10 "/admin/indicadores/$ind?corte=2026-03-10"
  kill_app
  echo "   carga: $(uptime | sed 's/.*load average: //')"
done
echo "carga al terminar: $(uptime | sed 's/.*load average: //')"
for label in "${labels[@]}"; do
  for what in pub adm; do
    read -r m1 x1 c1 t1 <<<"${r[$label-${what}1]}"; read -r m10 x10 c10 t10 <<<"${r[$label-${what}10]}"
    page="tablero $ind"; [[ $what == adm ]] || page="público /indicadores"
    awk -v l="$label" -v w="$page" \
      -v m1="$m1" -v x10="$x10" -v m10="$m10" -v c1="$c1" -v c10="$c10" -v t1="$t1" -v t10="$t10" 'BEGIN {
      printf "%s, %s: 10 a la vez / una sola: tiempo máximo %.2f×, mediana %.2f×; sentencias SQL %.1f×, tiempo de SQL %.1f×\n",
        l, w, x10 / m1, m10 / m1, (c1 ? c10 / c1 : 0), (t1 ? t10 / t1 : 0) }'
  done
done
