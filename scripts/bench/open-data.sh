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
# The app as a command: extra VAR=value arguments before the verb go to its environment.
cat >"$out/run.sh" <<RUN
#!/usr/bin/env bash
exec env ASPNETCORE_ENVIRONMENT=Production Scari__PublicBaseUrl=https://capacitacion.example.gov.co Database__Provider=Postgres \\
  Database__MigrateOnStart=false "ConnectionStrings__Scari=$cs" Logging__LogLevel__Default=Warning \\
  Mail__Delivery=Archivos Mail__Directory="$out/correo" "\$@"
RUN
chmod +x "$out/run.sh"
app="dotnet src/Scari.Web/bin/Release/net10.0/Scari.Web.dll"

# Two publications of the staff indicator (through the app, as an administrator would), so the export has cut-off
# sets besides the month ends.
for cutoff in 2025-06-30 2025-12-31; do BENCH_PORT=$(free_port 5190) scripts/bench/cutoff-measure.sh "$cs" 1 "$cutoff" >/dev/null; done
log "carga: $(uptime | sed 's/.*load average: //')"
# CPU seconds of PostgreSQL's backends that have ended (the postmaster's children: utime + stime of the reaped ones).
pg_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($16 + $17) / hz }' "/proc/$(head -n 1 "$pgtmp/data/postmaster.pid")/stat"; }
for i in $(seq 1 "$runs"); do
  before=$(pg_cpu)
  start=$(date +%s.%N)
  said=$(/usr/bin/time -f '%U %S' -o "$out/cpu" "$out/run.sh" $app open-data export "$out/datos")
  end=$(date +%s.%N)
  read -r user sys <"$out/cpu"
  awk -v s="$start" -v e="$end" -v said="$said" -v i="$i" -v u="$user" -v y="$sys" -v b="$before" -v a="$(pg_cpu)" \
    'BEGIN { printf "vez %d: %.2f s de reloj (proceso completo), CPU de la aplicación %.2f s, CPU de PostgreSQL %.2f s; la orden dice: %s\n", i, e - s, u + y, a - b, said }'
done
# Where the time goes: one more run that logs the SQL statements over 100 ms and each indicator's phases.
"$out/run.sh" Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information Logging__LogLevel__Scari.Web.Features.Indicators=Information \
  $app open-data export "$out/datos" 2>&1 | grep -oE 'Executed DbCommand \([0-9]{3,}ms\)|Cierres de mes de .*' | sed 's/^/[open-data] /' >&2 || true
log "archivos: $(find "$out/datos" -type f | wc -l), $(du -sh "$out/datos" | cut -f1); carga al final: $(uptime | sed 's/.*load average: //')"
