#!/usr/bin/env bash
# Benchmark: imports N people (default 10,000) through /admin/importar on a throwaway PostgreSQL, timing
# the upload + preview and the confirmation (one transaction), then the same file again (all unchanged).
# Usage: scripts/bench/import-people.sh [ROWS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-10000}
source "$root/scripts/bench/lib-app.sh"

start_postgres
build_app
start_app
create_admin_and_sign_in
python3 "$root/scripts/bench/people-csv.py" "$rows" "$work/people.csv"
log "archivo: $rows filas, $(du -h "$work/people.csv" | cut -f1)"

for round in primera segunda; do
  t0=$(date +%s.%N)
  preview=$(upload "$work/people.csv")
  html=$(curl -s -b "$jar" "$base$preview")
  t1=$(date +%s.%N)
  grep -q "no tiene problemas" <<<"$html" || { grep -o 'Fila [0-9]*[^<]*' <<<"$html" | head >&2; log "el archivo tiene problemas"; exit 1; }
  status=$(confirm "$preview")
  t2=$(date +%s.%N)
  [[ $status == 302 ]] || { log "la confirmación respondió $status"; exit 1; }
  printf '%s importación de %s filas: carga y revisión %.2f s, confirmación %.2f s, total %.2f s\n' "$round" "$rows" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t2 - $t0" | bc)"
done
echo "personas: $(sql 'SELECT count(*) FROM "People"'), inscripciones: $(sql 'SELECT count(*) FROM "Enrollments"'), autorizaciones: $(sql 'SELECT count(*) FROM "Consents"')"
sql 'SELECT "Rows", "Created", "Updated", "Unchanged", "Enrolled" FROM "ImportBatches" ORDER BY "Id"'
