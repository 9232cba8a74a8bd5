#!/usr/bin/env bash
# Crash test of the people import: on a throwaway PostgreSQL (durable settings), starts the app, uploads a
# large CSV, confirms it and SIGKILLs the app while the import's transaction is inserting rows (people, their
# attribute spans, consents or enrollments: multi-row INSERTs since issue 20), restarts
# the app and shows the database holds no part of the import (same number of people, enrollments and
# consents, the batch still pending). Then confirms the same file again and shows it all arrives.
# Usage: scripts/kill-import.sh [ROWS]   (default 20,000). Exit code 0 when the database is whole.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-20000}
source "$root/scripts/bench/lib-app.sh"
started=$(date +%s)

counts() { sql 'SELECT (SELECT count(*) FROM "People") || '"' personas, '"' || (SELECT count(*) FROM "Enrollments") || '"' inscripciones, '"' || (SELECT count(*) FROM "Consents") || '"' autorizaciones'"''; }

start_postgres
build_app
start_app
create_admin_and_sign_in
python3 "$root/scripts/bench/people-csv.py" "$rows" "$work/people.csv" 500000
preview=$(upload "$work/people.csv")
grep -q "no tiene problemas" <<<"$(curl -s -b "$jar" "$base$preview")" || { log "el archivo tiene problemas"; exit 1; }
before=$(counts)
log "antes: $before"

confirm "$preview" >/dev/null 2>&1 &
confirm_pid=$!
caught=""
for _ in $(seq 1 600); do
  if [[ $(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = 'scari' AND xact_start IS NOT NULL AND query ~* '^INSERT INTO \"(People|PersonAttributes|Consents|Enrollments)\"'") -gt 0 ]]; then
    caught=yes; break
  fi
  sleep 0.02
done
kill_app
wait "$confirm_pid" 2>/dev/null || true
[[ -n $caught ]] || { log "la importación terminó antes de poder interrumpirla: use más filas"; exit 1; }
log "SIGKILL a la aplicación en medio de la transacción (insertando personas, sus atributos, autorizaciones o inscripciones)"

start_app
after=$(counts)
batch=$(sql "SELECT \"Status\" FROM \"ImportBatches\" WHERE \"Id\" = ${preview##*/}")
log "después de reiniciar: $after; lote ${preview##*/}: $batch"
if [[ "$after" != "$before" || "$batch" != "Pending" ]]; then
  echo "FALLA: la base quedó con parte de la importación ($before → $after, lote $batch)"
  exit 1
fi

sign_in
status=$(confirm "$preview")
final=$(counts)
log "al confirmar de nuevo ($status): $final"
echo "OK: SIGKILL en medio de una importación de $rows filas no dejó nada escrito ($before antes y después); al confirmar de nuevo: $final. $(( $(date +%s) - started )) s."
