#!/usr/bin/env bash
# Benchmark: N learners (default 400) submit an evaluation at the same instant (issue 20, item 3), on a throwaway
# PostgreSQL with the app in Release. The client is scripts/bench/submission-rush.cs (a .NET file-based app; standard
# library only). The learners register and enroll once; then four waves, each on another quiz of the course:
#   1. a cold app (just started): what the first rush of a morning meets;
#   2. the same app again (warm);
#   3. a cold app with the thread pool's minimum raised (DOTNET_ThreadPool_ForceMinWorkerThreads): tells whether the
#      first wave waits for the thread pool to grow;
#   4. a cold app whose PostgreSQL pool opens connections in advance (Minimum Pool Size): tells whether it waits for
#      new connections.
# After each wave it counts the attempts stored (none may be lost). SCARI_APP_DIR: an already built app.
# Usage: scripts/bench/submission-rush.sh [N] [course]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-400}
course=${2:-soporte-infraestructura-ti}
source "$root/scripts/bench/lib-app.sh"
export SCARI_RUSH_STATE="$work/rush"

# Room for the app's pool (100 by default, and 400 requests at once fill it) and for the counting psql.
pg_start $((55400 + RANDOM % 400)) "-c max_connections=300"
"$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE scari" >/dev/null
connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari"
build_app
plain=$connection
rush() { dotnet run "$root/scripts/bench/submission-rush.cs" -- "$@"; }
stored() { sql 'SELECT count(*) FROM "QuizAttempts" WHERE "SubmittedUtc" IS NOT NULL'; }
log "compilando el cliente…"
rush setup http://127.0.0.1:1 0 "$course" >/dev/null || { log "el cliente no compila"; exit 1; }

start_app
rush setup "$base" "$n" "$course"
wave() { # INDEX LABEL
  local before after
  before=$(stored)
  rush wave "$base" "$n" "$course" "$1" "$2" || true
  after=$(stored)
  echo "   intentos guardados en esta ola: $((after - before)) de $n; carga $(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "N = $n, curso $course; carga al empezar: $(cut -d' ' -f1-3 /proc/loadavg)"
wave 0 "1. aplicación recién iniciada"
wave 1 "2. la misma aplicación, ya caliente"
kill_app

export DOTNET_ThreadPool_ForceMinWorkerThreads=${SCARI_RUSH_MIN_THREADS:-C8} # hexadecimal: 200 threads
start_app
wave 2 "3. recién iniciada, mínimo de hilos 0x$DOTNET_ThreadPool_ForceMinWorkerThreads"
kill_app
unset DOTNET_ThreadPool_ForceMinWorkerThreads

connection="$plain;Minimum Pool Size=${SCARI_RUSH_MIN_POOL:-50}"
start_app
wave 3 "4. recién iniciada, Minimum Pool Size=${SCARI_RUSH_MIN_POOL:-50}"
kill_app
echo "intentos enviados guardados en total: $(stored) (esperados: $((4 * n)))"
