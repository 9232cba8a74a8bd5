#!/usr/bin/env bash
# Benchmark: the duplicate scan over N people (default 100,000) on PostgreSQL and on SQLite, in one run so both share
# the machine's load. For each provider: the app (Release) starts on an empty database (migrated, catalogues seeded),
# a bench administrator signs in, duplicates-data.py's people are loaded directly (PostgreSQL COPY; one SQLite
# transaction) with 1,000 planted pairs (250 of each reason), and GET /api/v1/personas/duplicados (the same scan as
# /admin/personas/duplicados) is timed: the first request, then RUNS more (median and maximum). The run fails unless
# every planted pair is listed with its reason. Figures go to docs/performance.md.
# Usage: flock /work/wt/heavy.lock scripts/bench/duplicates.sh [PEOPLE] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
people=${1:-100000}
runs=${2:-5}
source "$root/scripts/bench/lib-app.sh"
data="$root/scripts/bench/duplicates-data.py"

start_postgres
build_app
echo "carga antes: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) núcleos"

measure() { # PROVIDER
  local provider=$1 colegios dependencias t0 t1 first times
  app_provider=$provider
  if [[ $provider == Sqlite ]]; then
    connection="Data Source=$work/scari.db"
    query() { sqlite3 "$work/scari.db" "$1"; }
  else
    query() { sql "$1"; }
  fi
  start_app
  create_admin_and_sign_in
  colegios=$(query 'SELECT "Id" FROM "Colegios"' | paste -sd,)
  dependencias=$(query 'SELECT "Id" FROM "Dependencias"' | paste -sd,)
  python3 "$data" generate "$people" "$work/people.tsv" "$work/planted.tsv" "$colegios" "$dependencias"
  t0=$(date +%s.%N)
  if [[ $provider == Sqlite ]]; then
    python3 "$data" load-sqlite "$work/people.tsv" "$work/scari.db"
  else
    "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d scari -qc \
      "\\copy \"People\" ($(python3 "$data" columns)) FROM '$work/people.tsv'"
    sql 'ANALYZE "People"' >/dev/null   # what autovacuum does shortly after a bulk load
  fi
  t1=$(date +%s.%N)
  printf '%s: %s personas cargadas en %.1f s\n' "$provider" "$(query 'SELECT count(*) FROM "People"')" "$(echo "$t1 - $t0" | bc)"

  first=$(curl -s -b "$jar" -o "$work/pairs.json" -w '%{http_code} %{time_total}' "$base/api/v1/personas/duplicados")
  [[ ${first%% *} == 200 ]] || { log "la lista de duplicados respondió ${first%% *}"; exit 1; }
  python3 "$data" check "$work/planted.tsv" <"$work/pairs.json" | sed "s/^/$provider: /"
  times=$(for _ in $(seq 1 "$runs"); do curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$base/api/v1/personas/duplicados"; done | sort -n)
  awk -v p="$provider" -v n="$people" -v first="${first#* }" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
    '{ t[NR] = $1 } END { printf "%s: búsqueda de duplicados en %d personas: primera %.2f s, mediana de %d %.2f s, máx %.2f s (carga %s)\n", p, n, first, NR, t[int((NR + 1) / 2)], t[NR], load }' <<<"$times"
  kill_app
}

measure Postgres
measure Sqlite
