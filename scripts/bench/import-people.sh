#!/usr/bin/env bash
# Benchmark: imports N people (default 10,000) through /admin/importar on a throwaway PostgreSQL, timing
# the upload + preview and the confirmation (one transaction), then the same file again (all unchanged). What a
# confirmation writes is asserted by PeopleImportTests (SqlWrites), not here.
# With BASELINE (a git revision) it first measures that revision the same way on a database of its own, in the same
# run, so the two share the machine's load. SCARI_BASELINE_APP_DIR: an already built baseline (skips the build).
# The confirmation posts the preview's form as a browser would (the token of the page already shown).
# Usage: scripts/bench/import-people.sh [ROWS] [BASELINE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-10000}
baseline=${2:-}
source "$root/scripts/bench/lib-app.sh"
db=scari
sql() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d "$db" -tAc "$1"; }

start_postgres
python3 "$root/scripts/bench/people-csv.py" "$rows" "$work/people.csv"
log "archivo: $rows filas, $(du -h "$work/people.csv" | cut -f1)"

measure() { # LABEL APP_DIR
  local label=$1 preview html status t0 t1 t2
  db="scari_$label"
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE $db" >/dev/null
  connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$db"
  app_dir=$2
  start_app
  create_admin_and_sign_in
  for round in primera segunda; do
    t0=$(date +%s.%N)
    preview=$(upload "$work/people.csv")
    html=$(curl -s -b "$jar" "$base$preview")
    t1=$(date +%s.%N)
    grep -q "no tiene problemas" <<<"$html" || { grep -o 'Fila [0-9]*[^<]*' <<<"$html" | head >&2; log "el archivo tiene problemas"; exit 1; }
    status=$(confirm "$preview" "$(form_token <<<"$html")")
    t2=$(date +%s.%N)
    [[ $status == 302 ]] || { log "la confirmación respondió $status"; exit 1; }
    printf '%s, %s importación de %s filas: carga y revisión %.2f s, confirmación %.2f s, total %.2f s (carga %s)\n' \
      "$label" "$round" "$rows" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t2 - $t0" | bc)" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
  echo "$label: personas: $(sql 'SELECT count(*) FROM "People"'), inscripciones: $(sql 'SELECT count(*) FROM "Enrollments"'), autorizaciones: $(sql 'SELECT count(*) FROM "Consents"'), tramos de atributos: $(sql 'SELECT count(*) FROM "PersonAttributes"')"
  sql 'SELECT "Rows", "Created", "Updated", "Unchanged", "Enrolled" FROM "ImportBatches" ORDER BY "Id"'
  kill_app
}

if [[ -n $baseline ]]; then
  build_baseline "$baseline"
  measure antes "$base_app"
fi
build_app
measure ahora "$app_dir"
