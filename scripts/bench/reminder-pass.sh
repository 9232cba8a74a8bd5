#!/usr/bin/env bash
# Benchmark: one reminder pass over N enrolled people (default 10,000) and a second pass right after, on SQLite and on
# a throwaway PostgreSQL, in one run (scripts/bench/reminder-pass.cs, Release), with the load average before and after.
# Results: docs/performance.md. Usage: flock /work/wt/heavy.lock scripts/bench/reminder-pass.sh [PEOPLE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
people=${1:-10000}
source "$root/scripts/bench/lib-app.sh"
start_postgres
cd "$root"
log "carga al empezar: $(uptime)"
log "SQLite…"
dotnet run -c Release scripts/bench/reminder-pass.cs "$people"
log "PostgreSQL…"
SCARI_BENCH_POSTGRES="$connection" dotnet run -c Release scripts/bench/reminder-pass.cs "$people"
log "carga al terminar: $(uptime)"
