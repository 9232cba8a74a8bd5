#!/usr/bin/env bash
# Publishing a cut-off over 1,000,000 completions and 100,000 people (issue 17): a throwaway PostgreSQL filled by
# indicators-data.sh, then cutoff-measure.sh publishes the staff indicator at a date through the app (time to publish)
# and times the publication's public page warm, N times. Results: docs/performance.md.
#   flock /work/wt/heavy.lock scripts/bench/cutoff.sh [N] [AAAA-MM-DD]
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { echo "[cutoff] $*" >&2; }
source scripts/lib/postgres.sh
pg_setup scari-bench-cutoff
pg_start 55532 "$pg_test_options"
cs="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari_bench"
export PGHOST=127.0.0.1 PGPORT=$pgport PGUSER=postgres
log "datos: $(scripts/bench/indicators-data.sh "$cs" | tail -n 2 | tr '\n' ' ')"
log "carga al empezar: $(uptime | sed 's/.*load average: //')"
BENCH_PORT=$(free_port 5290) scripts/bench/cutoff-measure.sh "$cs" "${1:-50}" "${2:-2026-06-30}"
log "carga al terminar: $(uptime | sed 's/.*load average: //')"
