#!/usr/bin/env bash
# Times the generation of every open-data file (each month end and each published cut-off of both indicators, every
# table as CSV and JSON, with metadata) over 1,000,000 completions and 100,000 people, with the `open-data export`
# verb, on a throwaway PostgreSQL filled by indicators-data.sh. Publishes two cut-offs first, as a city would have.
#
#   scripts/bench/open-data.sh [veces]
#
# Prints the export's wall time (process start to exit: host start-up, content loading, the figures and the files)
# and the time the export itself reports, each run, and the load average at the start and the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
log() { echo "[open-data] $*" >&2; }
source scripts/lib/postgres.sh
pg_setup scari-bench-open-data
pg_start 55432 "$pg_test_options"
cs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari_bench"
export PGHOST=127.0.0.1 PGPORT=$pgport PGUSER=postgres

log "datos: $(scripts/bench/indicators-data.sh "$cs" | tail -n 2 | tr '\n' ' ')"
dotnet build src/Scari.Web -c Release -v q -nologo >/dev/null
out=$(mktemp -d)
pg_before_stop() { rm -rf "$out"; }
run() {
  ASPNETCORE_ENVIRONMENT=Production Scari__PublicBaseUrl=https://capacitacion.example.gov.co Database__Provider=Postgres \
    Database__MigrateOnStart=false ConnectionStrings__Scari="$cs" Logging__LogLevel__Default=Warning \
    Mail__Delivery=Archivos Mail__Directory="$out/correo" \
    dotnet src/Scari.Web/bin/Release/net10.0/Scari.Web.dll "$@"
}

# Two publications of the staff indicator (through the app, as an administrator would), so the export has cut-off
# sets besides the month ends.
for cutoff in 2025-06-30 2025-12-31; do BENCH_PORT=$(free_port 5190) scripts/bench/cutoff-measure.sh "$cs" 1 "$cutoff" >/dev/null; done
log "carga: $(uptime | sed 's/.*load average: //')"
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  said=$(run open-data export "$out/datos")
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v said="$said" -v i="$i" 'BEGIN { printf "vez %d: %.2f s de reloj (proceso completo); la orden dice: %s\n", i, e - s, said }'
done
log "archivos: $(find "$out/datos" -type f | wc -l), $(du -sh "$out/datos" | cut -f1); carga al final: $(uptime | sed 's/.*load average: //')"
