#!/usr/bin/env bash
# Benchmark: stamping N certificates one after another (default 2,000; scripts/bench/stamping.cs, Release) on SQLite
# and on a throwaway PostgreSQL, with the load average before and after. With ANTES=<commit>, the same benchmark also
# runs, in the same run, on that commit (a temporary git worktree), for a before/after comparison.
# Results: docs/performance.md. Usage: flock /work/wt/heavy.lock [ANTES=47caa81] scripts/bench/stamping.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-2000}
source "$root/scripts/bench/lib-app.sh"
start_postgres
cd "$root"
trees=("$root")
if [[ -n "${ANTES:-}" ]]; then
  before="$work/antes"
  git -C "$root" worktree add --detach "$before" "$ANTES" >/dev/null 2>&1
  cp scripts/bench/stamping.cs "$before/scripts/bench/"
  trees=("$before" "$root")
  pg_before_stop() { git -C "$root" worktree remove --force "$before" >/dev/null 2>&1 || true; }
fi
log "carga al empezar: $(uptime)"
n=0
for tree in "${trees[@]}"; do
  label=$( [[ $tree == "$root" ]] && echo "este código ($(git -C "$root" rev-parse --short HEAD))" || echo "antes ($ANTES)")
  n=$((n + 1))
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE sellado$n" >/dev/null
  log "$label, SQLite…"
  (cd "$tree" && dotnet run -c Release scripts/bench/stamping.cs "$count")
  log "$label, PostgreSQL…"
  (cd "$tree" && SCARI_BENCH_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=sellado$n" dotnet run -c Release scripts/bench/stamping.cs "$count")
done
log "carga al terminar: $(uptime)"
