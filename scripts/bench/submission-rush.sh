#!/usr/bin/env bash
# Benchmark: N learners (default 400) submit an evaluation at the same instant (issue 20, item 3), on a throwaway
# PostgreSQL with the app in Release. The client is scripts/bench/submission-rush.cs (a .NET file-based app; standard
# library only). The learners are made once (one through the app's forms, the others copied in SQL, all signed in
# through the app); then six waves, each on one of the course's quizzes:
#   1. a cold app (just started): what the first rush of a morning meets;
#   2. the same app again (warm);
#   3. a cold app with the thread pool's minimum raised to 200 (DOTNET_ThreadPool_ForceMinWorkerThreads): tells
#      whether the first wave waits for the thread pool to grow;
#   4. a cold app published with ReadyToRun, and 5. the same warm: tells what JIT-compiling the app and its packages costs;
#   6. a cold ReadyToRun app with at most SCARI_RUSH_MAX_POOL (20) connections: tells whether opening up to 100 new
#      PostgreSQL connections in the rush costs more than waiting for fewer.
# Each wave prints the app's CPU time, threads and PostgreSQL connections around the submissions, and the attempts
# stored (none may be lost). SCARI_APP_DIR / SCARI_R2R_APP_DIR: the app already built / published with ReadyToRun.
# Before and after in one run: SCARI_RUSH_BASELINE=<revision> (built in a temporary worktree) or SCARI_BASELINE_APP_DIR
# (already built) runs a fresh and a warm wave on that build first, then on the current one, on the same database and
# sign-ins; the other variants (waves 3 to 6 above) then run only with SCARI_RUSH_VARIANTS=1.
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
baseline_app=""; baseline_label=${SCARI_RUSH_BASELINE:-${SCARI_BASELINE_APP_DIR:-}}
if [[ -n $baseline_label ]]; then build_baseline "${SCARI_RUSH_BASELINE:-}"; baseline_app=$base_app; fi
if [[ -z $baseline_app || -n ${SCARI_RUSH_VARIANTS:-} ]]; then publish_r2r "$work/app-r2r"; fi
plain=$connection
rush() { dotnet run "$root/scripts/bench/submission-rush.cs" -- "$@"; }
stored() { sql 'SELECT count(*) FROM "QuizAttempts" WHERE "SubmittedUtc" IS NOT NULL'; }
log "compilando el cliente…"
rush setup http://127.0.0.1:1 0 "$course" >/dev/null || { log "el cliente no compila"; exit 1; }

start_app
# Setup (not measured): learner 0 registers and enrolls through the app's own forms; the other N-1 are copies of its
# rows made in SQL (person, attribute history, consent, account with its role, enrollment), each account with the
# one-time sign-in code below, and sign in with it through the app (a code is a SHA-256; a password would be 100,000
# PBKDF2 rounds per learner, which is what made registering 400 learners take minutes on this machine).
setup_start=$(date +%s)
rush setup "$base" 1 "$course"
code=RUSHABCD
sql "
BEGIN;
CREATE TEMP TABLE rush AS
  SELECT i, nextval(pg_get_serial_sequence('\"People\"', 'Id'))::int AS person_id, gen_random_uuid()::text AS user_id,
         (1048000000 + i)::text AS number
  FROM generate_series(1, $((n - 1))) AS i;
CREATE TEMP TABLE template AS
  SELECT p.\"Id\" AS person_id, u.\"Id\" AS user_id FROM \"People\" p JOIN \"AspNetUsers\" u ON u.\"PersonId\" = p.\"Id\"
  WHERE p.\"DocumentNumber\" = '1048000000';
-- A row of TABLE copied once per learner with some columns replaced (to_jsonb/jsonb_populate_record keep every other column).
INSERT INTO \"People\" SELECT (jsonb_populate_record(NULL::\"People\", to_jsonb(x) || jsonb_build_object(
    'Id', r.person_id, 'DocumentNumber', r.number, 'Email', 'r' || r.number || '@scari.test'))).*
  FROM \"People\" x, rush r WHERE x.\"Id\" = (SELECT person_id FROM template);
INSERT INTO \"PersonAttributes\" SELECT (jsonb_populate_record(NULL::\"PersonAttributes\", to_jsonb(x) || jsonb_build_object(
    'Id', nextval(pg_get_serial_sequence('\"PersonAttributes\"', 'Id')), 'PersonId', r.person_id))).*
  FROM \"PersonAttributes\" x, rush r WHERE x.\"PersonId\" = (SELECT person_id FROM template);
INSERT INTO \"Consents\" SELECT (jsonb_populate_record(NULL::\"Consents\", to_jsonb(x) || jsonb_build_object(
    'Id', nextval(pg_get_serial_sequence('\"Consents\"', 'Id')), 'PersonId', r.person_id, 'RecordedByUserId', r.user_id))).*
  FROM \"Consents\" x, rush r WHERE x.\"PersonId\" = (SELECT person_id FROM template);
INSERT INTO \"AspNetUsers\" SELECT (jsonb_populate_record(NULL::\"AspNetUsers\", to_jsonb(x) || jsonb_build_object(
    'Id', r.user_id, 'PersonId', r.person_id, 'UserName', 'r' || r.number || '@scari.test', 'NormalizedUserName', 'R' || r.number || '@SCARI.TEST',
    'Email', 'r' || r.number || '@scari.test', 'NormalizedEmail', 'R' || r.number || '@SCARI.TEST',
    'SecurityStamp', upper(replace(gen_random_uuid()::text, '-', '')), 'ConcurrencyStamp', gen_random_uuid()::text))).*
  FROM \"AspNetUsers\" x, rush r WHERE x.\"Id\" = (SELECT user_id FROM template);
INSERT INTO \"AspNetUserRoles\" SELECT r.user_id, x.\"RoleId\"
  FROM \"AspNetUserRoles\" x, rush r WHERE x.\"UserId\" = (SELECT user_id FROM template);
INSERT INTO \"Enrollments\" SELECT (jsonb_populate_record(NULL::\"Enrollments\", to_jsonb(x) || jsonb_build_object(
    'Id', nextval(pg_get_serial_sequence('\"Enrollments\"', 'Id')), 'PersonId', r.person_id))).*
  FROM \"Enrollments\" x, rush r WHERE x.\"PersonId\" = (SELECT person_id FROM template);
-- The code's hash as SignInCodes.Hash computes it: SHA-256 of \"{userId}:{code}\", lower-case hex.
INSERT INTO \"SignInCodes\" (\"UserId\", \"CodeHash\", \"CreatedUtc\", \"ExpiresUtc\")
  SELECT r.user_id, encode(sha256(convert_to(r.user_id || ':$code', 'UTF8')), 'hex'),
         now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' + interval '1 day' FROM rush r;
COMMIT;" >/dev/null
rush signin "$base" "$n" 1 "$code"
echo "preparación (no medida): $n aprendices inscritos y con sesión en $(( $(date +%s) - setup_start )) s"
# The app's connections, for the client to print right before and after the submissions (the counting psql excluded).
export SCARI_RUSH_CONNECTIONS="$pgbin/psql -h 127.0.0.1 -p $pgport -U postgres -d scari -tAc \"SELECT count(*) FROM pg_stat_activity WHERE datname = 'scari' AND backend_type = 'client backend' AND pid <> pg_backend_pid()\""
wave() { # INDEX LABEL
  local before after
  before=$(stored)
  SCARI_RUSH_APP_PID=$app_pid rush wave "$base" "$n" "$course" "$1" "$2" || true
  after=$(stored)
  echo "   intentos guardados en esta ola: $((after - before)) de $n; carga $(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "N = $n, curso $course; carga al empezar: $(cut -d' ' -f1-3 /proc/loadavg)"
waves=0
if [[ -n $baseline_app ]]; then
  # Before and after in one run: the baseline build on the same database (same sign-ins), then the current one.
  current_app=$app_dir
  kill_app; app_dir=$baseline_app; start_app
  wave $((waves++)) "antes ($baseline_label): recién iniciada"
  wave $((waves++)) "antes ($baseline_label): ya caliente"
  kill_app; app_dir=$current_app; start_app
fi
wave $((waves++)) "$([[ -n $baseline_app ]] && echo "ahora: ")recién iniciada"
wave $((waves++)) "$([[ -n $baseline_app ]] && echo "ahora: ")la misma aplicación, ya caliente"
kill_app

if [[ -z $baseline_app || -n ${SCARI_RUSH_VARIANTS:-} ]]; then
export DOTNET_ThreadPool_ForceMinWorkerThreads=${SCARI_RUSH_MIN_THREADS:-C8} # hexadecimal: 200 threads
start_app
wave $((waves++)) "recién iniciada, mínimo de hilos 0x$DOTNET_ThreadPool_ForceMinWorkerThreads"
kill_app
unset DOTNET_ThreadPool_ForceMinWorkerThreads

app_dir=$r2r_dir
start_app
wave $((waves++)) "recién iniciada, publicada con ReadyToRun"
wave $((waves++)) "la misma (ReadyToRun), ya caliente"
kill_app

connection="$plain;Maximum Pool Size=${SCARI_RUSH_MAX_POOL:-20}"
start_app
wave $((waves++)) "recién iniciada, ReadyToRun, Maximum Pool Size=${SCARI_RUSH_MAX_POOL:-20}"
kill_app
fi
echo "carga al terminar: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "intentos enviados guardados en total: $(stored) (esperados: $((waves * n)))"
