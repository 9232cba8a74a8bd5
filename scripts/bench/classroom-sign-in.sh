#!/usr/bin/env bash
# Benchmark: a classroom signing in from one address (issue 20, item 1), on a throwaway PostgreSQL with the app in
# Release and its OWN rate limits (SCARI_APP_RATE_LIMITS=1: lib-app.sh's start_app otherwise raises them all). The
# client is scripts/bench/classroom-sign-in.cs (a .NET file-based app; standard library only). Per app:
#   1. N learners post the password sign-in form at the same instant from 127.0.0.1: successes, 429s, p50/p99/max and
#      the app's CPU per sign-in;
#   2. N learners sign in with a one-time code at the same instant (the same counts);
#   3. 20 wrong passwords for one learner from the same address (all must be refused), then that learner's right
#      password (still held back by the account throttle) and another learner's (signs in).
# The learners: one registers through the app's form; N copies of its rows are made in SQL (as submission-rush.sh
# does), each with its own user name r{1048000001…}@scari.test, the template's password hash (so the password is the
# template's, clave-larga-2026) and a one-time code.
# With BASELINE (a git revision, e.g. the parent of the commit that raised the limits:
#   git log -S'("ingreso", 300' --oneline -- src/Scari.Web/WebSetup.cs → 440999e, whose parent 09ec6da does not build, so
#   ed9d167, the commit before both), that revision is
# built in a temporary worktree and measured first in the same run, on its own database (SCARI_BASELINE_APP_DIR: already built).
# Usage: scripts/bench/classroom-sign-in.sh [N=80] [BASELINE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-80}
baseline=${2:-}
source "$root/scripts/bench/lib-app.sh"
export SCARI_APP_RATE_LIMITS=1

pg_start $((55400 + RANDOM % 400)) "-c max_connections=300"
labels=()
if [[ -n $baseline ]]; then
  labels+=(antes)
  build_baseline "$baseline"
fi
labels+=(ahora)
build_app
now_app=$app_dir
client() { dotnet run "$root/scripts/bench/classroom-sign-in.cs" -- "$@"; }
log "compilando el cliente…"
client errores http://127.0.0.1:1 prueba >/dev/null 2>&1 || true

code=AULAABCD
make_learners() { # BASE: the template registers through the app's form; N copies in SQL, each with a one-time code
  local jar="$work/template.txt" page dep
  page=$(curl -fs -c "$jar" -b "$jar" "$1/cuenta/registro")
  dep=$(sed -n '/id="Input_DependenciaId"/,/<\/select>/p' <<<"$page" | grep -o 'option value="[0-9][0-9]*"' | head -n 1 | grep -o '[0-9][0-9]*')
  curl -fs -o /dev/null -c "$jar" -b "$jar" "$1/cuenta/registro" \
    --data-urlencode "__RequestVerificationToken=$(form_token <<<"$page")" \
    -d "Input.DocumentType=CC&Input.DocumentNumber=1048000000&Input.GivenNames=Banca&Input.FamilyNames=Aula&Input.Email=r1048000000%40scari.test" \
    -d "Input.DependenciaId=$dep&Input.Vinculo=Planta&Input.Cargo=Profesional&Input.Password=clave-larga-2026&Input.ConfirmPassword=clave-larga-2026&Input.AcceptsPrivacyNotice=true"
  sql "
BEGIN;
CREATE TEMP TABLE aula AS
  SELECT i, nextval(pg_get_serial_sequence('\"People\"', 'Id'))::int AS person_id, gen_random_uuid()::text AS user_id,
         (1048000000 + i)::text AS number
  FROM generate_series(1, $n) AS i;
CREATE TEMP TABLE template AS
  SELECT p.\"Id\" AS person_id, u.\"Id\" AS user_id FROM \"People\" p JOIN \"AspNetUsers\" u ON u.\"PersonId\" = p.\"Id\"
  WHERE p.\"DocumentNumber\" = '1048000000';
-- A row copied once per learner with some columns replaced (to_jsonb/jsonb_populate_record keep every other column).
INSERT INTO \"People\" SELECT (jsonb_populate_record(NULL::\"People\", to_jsonb(x) || jsonb_build_object(
    'Id', r.person_id, 'DocumentNumber', r.number, 'Email', 'r' || r.number || '@scari.test'))).*
  FROM \"People\" x, aula r WHERE x.\"Id\" = (SELECT person_id FROM template);
INSERT INTO \"PersonAttributes\" SELECT (jsonb_populate_record(NULL::\"PersonAttributes\", to_jsonb(x) || jsonb_build_object(
    'Id', nextval(pg_get_serial_sequence('\"PersonAttributes\"', 'Id')), 'PersonId', r.person_id))).*
  FROM \"PersonAttributes\" x, aula r WHERE x.\"PersonId\" = (SELECT person_id FROM template);
INSERT INTO \"Consents\" SELECT (jsonb_populate_record(NULL::\"Consents\", to_jsonb(x) || jsonb_build_object(
    'Id', nextval(pg_get_serial_sequence('\"Consents\"', 'Id')), 'PersonId', r.person_id, 'RecordedByUserId', r.user_id))).*
  FROM \"Consents\" x, aula r WHERE x.\"PersonId\" = (SELECT person_id FROM template);
INSERT INTO \"AspNetUsers\" SELECT (jsonb_populate_record(NULL::\"AspNetUsers\", to_jsonb(x) || jsonb_build_object(
    'Id', r.user_id, 'PersonId', r.person_id, 'UserName', 'r' || r.number || '@scari.test', 'NormalizedUserName', 'R' || r.number || '@SCARI.TEST',
    'Email', 'r' || r.number || '@scari.test', 'NormalizedEmail', 'R' || r.number || '@SCARI.TEST',
    'SecurityStamp', upper(replace(gen_random_uuid()::text, '-', '')), 'ConcurrencyStamp', gen_random_uuid()::text))).*
  FROM \"AspNetUsers\" x, aula r WHERE x.\"Id\" = (SELECT user_id FROM template);
INSERT INTO \"AspNetUserRoles\" SELECT r.user_id, x.\"RoleId\"
  FROM \"AspNetUserRoles\" x, aula r WHERE x.\"UserId\" = (SELECT user_id FROM template);
-- The code's hash as SignInCodes.Hash computes it: SHA-256 of \"{userId}:{code}\", lower-case hex.
INSERT INTO \"SignInCodes\" (\"UserId\", \"CodeHash\", \"CreatedUtc\", \"ExpiresUtc\")
  SELECT r.user_id, encode(sha256(convert_to(r.user_id || ':$code', 'UTF8')), 'hex'),
         now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' + interval '1 day' FROM aula r;
COMMIT;" >/dev/null
  [[ $(sql "SELECT count(*) FROM \"AspNetUsers\" WHERE \"UserName\" LIKE 'r10480%'") == $((n + 1)) ]] || { log "no se crearon las $n cuentas"; exit 1; }
}

echo "N = $n; carga al empezar: $(uptime | sed 's/.*load average: //'); VM de 2 núcleos compartida"
echo "compresión de respuestas: la de la app (el cliente no envía Accept-Encoding, así que ninguna respuesta va comprimida)"
for label in "${labels[@]}"; do
  if [[ $label == antes ]]; then app_dir=$base_app; title="antes ($baseline)"; else app_dir=$now_app; title="ahora"; fi
  "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE scari_$label" >/dev/null
  connection="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=scari_$label"
  sql() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d "scari_$label" -tAc "$1"; }
  start_app
  make_learners "$base"
  # Not measured: one sign-in through each path so the first measured one does not pay the JIT alone.
  SCARI_APP_PID=$app_pid client clave "$base" 1 "$title, calentamiento" >/dev/null || true
  sleep 61 # a new rate-limit window: the warm-up must not use the class's permits
  SCARI_APP_PID=$app_pid client clave "$base" "$n" "$title"
  SCARI_APP_PID=$app_pid client codigo "$base" "$n" "$title" "$code"
  client errores "$base" "$title"
  kill_app
  echo "   carga: $(uptime | sed 's/.*load average: //')"
done
echo "carga al terminar: $(uptime | sed 's/.*load average: //')"
