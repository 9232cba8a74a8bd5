#!/usr/bin/env bash
# Benchmark: adds N students (default 1,000) to a cohort in one POST of /admin/cohortes/{id}?handler=Add on a throwaway
# PostgreSQL, and counts the SQL statements PostgreSQL ran for it (pg_stat_statements-free: log_statement=all).
# With BASELINE (a git revision) it first measures that revision the same way, in the same run, so the two figures
# share the machine's load. Results: docs/performance.md.
# AUDIENCE (third argument) picks who is added: students (default; the generated ones have no e-mail, so no notice is
# queued) or staff (each has an e-mail: one enrollment notice per person is queued in the same transaction).
# Usage: scripts/bench/cohort-enroll.sh [PEOPLE] [BASELINE] [student|staff]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
people=${1:-1000}
baseline=${2:-}
audience=${3:-student}
case $audience in
  student) course=pensamiento-computacional; audience_value=Student ;;
  staff) course=seguridad-digital; audience_value=Staff ;;
  *) echo "AUDIENCE debe ser student o staff" >&2; exit 2 ;;
esac
source "$root/scripts/bench/lib-app.sh"
db=scari
sql() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d "$db" -tAc "$1"; }

start_postgres
"$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
python3 "$root/scripts/bench/people-csv.py" $((people * 2)) "$work/people.csv" # half of the rows are students, half staff

notices() { sql "SELECT count(*) FROM \"OutboxMessages\" WHERE \"Kind\" = 'aviso.inscripcion'"; }

measure() { # LABEL APP_DIR
  local label=$1 token cohort ids t0 t1 before after notices_before
  db="scari_$label"
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE $db" >/dev/null
  connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$db"
  SCARI_APP_DIR=$2
  app_dir=$2
  start_app
  create_admin_and_sign_in
  [[ $(confirm "$(upload "$work/people.csv")") == 302 ]] || { log "la importación falló"; exit 1; }

  token=$(curl -s -c "$jar" -b "$jar" "$base/admin/cohortes/nueva" | form_token)
  cohort=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$base/admin/cohortes/nueva" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.Name=Bench $label" \
    --data-urlencode "Input.CourseId=$course" --data-urlencode "Input.StartDate=2026-02-01" \
    --data-urlencode "Input.EndDate=2026-11-30" | grep -oE '[0-9]+$')
  ids=$(sql "SELECT string_agg('personIds=' || \"Id\", '&') FROM (SELECT \"Id\" FROM \"People\" WHERE \"Audience\" = '$audience_value' ORDER BY \"Id\" LIMIT $people) p")
  token=$(curl -s -c "$jar" -b "$jar" "$base/admin/cohortes/$cohort" | form_token)
  notices_before=$(notices)
  before=$(grep -c 'LOG:  statement:\|LOG:  execute' "$pgtmp/postgres.log" || true)
  t0=$(date +%s.%N)
  curl -s -o /dev/null -c "$jar" -b "$jar" "$base/admin/cohortes/$cohort?handler=Add" \
    --data "__RequestVerificationToken=$token&$ids"
  t1=$(date +%s.%N)
  after=$(grep -c 'LOG:  statement:\|LOG:  execute' "$pgtmp/postgres.log" || true)
  printf '%s: %s personas agregadas a la cohorte en %.2f s, %s sentencias SQL, %s avisos en la bandeja (carga %s)\n' "$label" \
    "$(sql "SELECT count(*) FROM \"Enrollments\" WHERE \"CohortId\" = $cohort")" "$(echo "$t1 - $t0" | bc)" \
    "$((after - before))" "$(($(notices) - notices_before))" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  kill_app
}

current_app=${SCARI_APP_DIR:-} # a build of the current code made beforehand (optional)
if [[ -n $baseline ]]; then
  git -C "$root" worktree add -q --detach "$work/baseline-src" "$baseline"
  log "compilando la revisión $baseline en Release…"
  dotnet build "$work/baseline-src/src/Scari.Web" -c Release -o "$work/baseline-app" -v q -nologo >"$work/build-baseline.log" 2>&1 \
    || { cat "$work/build-baseline.log" >&2; exit 1; }
  measure antes "$work/baseline-app"
  git -C "$root" worktree remove --force "$work/baseline-src"
fi
SCARI_APP_DIR=$current_app
build_app
measure ahora "$app_dir"
