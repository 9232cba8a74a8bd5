#!/usr/bin/env bash
# Fills a PostgreSQL database with 100,000 people and 1,000,000 completions (plus 300,000 certificates,
# 1% of them revoked) to measure the indicator dashboard. Uses PostgreSQL COPY (psql \copy) fed by awk.
#
#   scripts/bench/indicators-data.sh "Host=127.0.0.1;Port=5432;Username=postgres;Database=scari_bench"
#
# The database is created if missing and migrated with the app's `migrate` verb; it must be empty of people.
# Deterministic: awk's srand(42), so two runs give the same data.
set -euo pipefail
cd "$(dirname "$0")/../.."
cs=${1:?"uso: scripts/bench/indicators-data.sh \"Host=…;Port=…;Username=…;Database=…\""}
people=${PEOPLE:-100000}
completions=${COMPLETIONS:-1000000}

field() { tr ';' '\n' <<<"$cs" | sed -n "s/^$1=//Ip" | head -n 1; }
host=$(field Host); port=$(field Port); user=$(field Username); db=$(field Database)
export PGHOST=$host PGPORT=${port:-5432} PGUSER=${user:-postgres}
psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql -d postgres -qc "CREATE DATABASE \"$db\""

echo "migrando $db…" >&2
Database__Provider=Postgres ConnectionStrings__Scari="$cs" dotnet run --project src/Scari.Web -c Release -- migrate >/dev/null

export PGDATABASE=$db
if [[ $(psql -tAc 'SELECT count(*) FROM "People"') != 0 ]]; then echo "la base ya tiene personas: use una base vacía" >&2; exit 1; fi

start=$(date +%s.%N)
psql -qc "\copy \"Dependencias\" (\"Code\", \"Name\", \"Active\") FROM PROGRAM 'seq 1 30 | awk ''{printf \"B-D%02d\\tDependencia de prueba %d\\tt\\n\", \$1, \$1}''' WITH (FORMAT text)"
psql -qc "\copy \"Colegios\" (\"Code\", \"Name\", \"Localidad\", \"Active\") FROM PROGRAM 'seq 1 120 | awk ''{printf \"B-C%03d\\tColegio de prueba %d\\tLocalidad %d\\tt\\n\", \$1, \$1, \$1 % 3}''' WITH (FORMAT text)"
dep0=$(psql -tAc 'SELECT min("Id") - 1 FROM "Dependencias" WHERE "Code" LIKE '"'B-D%'")
col0=$(psql -tAc 'SELECT min("Id") - 1 FROM "Colegios" WHERE "Code" LIKE '"'B-C%'")

# People: the first 60% staff (dependencia, vínculo), the rest students (colegio); 1% anonymized.
awk -v n="$people" -v dep0="$dep0" -v col0="$col0" 'BEGIN {
  srand(42); staff = int(n * 0.6);
  for (i = 1; i <= n; i++) {
    anon = (rand() < 0.01) ? "2026-01-01 00:00:00+00" : "\\N";
    if (i <= staff)
      printf "CC\t%d\tNombre%d\tApellido%d\tStaff\t%d\t%s\t\\N\t2024-01-01 00:00:00+00\t%s\n", 10000000 + i, i, i, dep0 + 1 + int(rand() * 30), (rand() < 0.6 ? "Planta" : "Contratista"), anon;
    else
      printf "TI\t%d\tNombre%d\tApellido%d\tStudent\t\\N\t\\N\t%d\t2024-01-01 00:00:00+00\t%s\n", 1000000000 + i, i, i, col0 + 1 + int(rand() * 120), anon;
  } }' | psql -qc '\copy "People" ("DocumentType", "DocumentNumber", "GivenNames", "FamilyNames", "Audience", "DependenciaId", "Vinculo", "ColegioId", "CreatedUtc", "AnonymizedUtc") FROM STDIN WITH (FORMAT text)'
# Their counted attributes (audience, dependencia, vínculo, colegio), valid from the beginning of time, as the migration backfills them.
psql -qc 'INSERT INTO "PersonAttributes" ("PersonId", "ValidFromUtc", "ValidUntilUtc", "Audience", "DependenciaId", "Vinculo", "ColegioId", "RecordedUtc") SELECT "Id", NULL, NULL, "Audience", "DependenciaId", "Vinculo", "ColegioId", "CreatedUtc" FROM "People"'
p0=$(psql -tAc 'SELECT min("Id") - 1 FROM "People"')

# Completions between mid-2023 and late 2026: staff take staff courses, students student courses,
# 5% take a course of no indicator; 5% in person. Certificates for 30% of completions, 1% of those revoked.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
c0=$(psql -tAc "SELECT coalesce(max(\"Id\"), 0) FROM \"Completions\"")
awk -v n="$completions" -v people="$people" -v p0="$p0" -v c0="$c0" -v certs="$tmp/certs.tsv" 'BEGIN {
  srand(43); staff = int(people * 0.6);
  split("seguridad-digital transformacion-digital soporte-infraestructura-ti gestion-documental-sigob computacion-nube-aws", sc, " ");
  split("pensamiento-computacional inteligencia-artificial-datos iot-ciudades-inteligentes ciudadania-digital", tc, " ");
  start = 1685577600; span = 1761955200 - start;   # 2023-06-01 .. 2025-11-01 UTC, plus up to a year below
  for (i = 1; i <= n; i++) {
    p = 1 + int(rand() * people);
    if (rand() < 0.05) course = "otro-curso";
    else if (p <= staff) course = sc[1 + int(rand() * 5)];
    else course = tc[1 + int(rand() * 4)];
    t = start + int(rand() * (span + 31536000));
    ts = strftime("%Y-%m-%d %H:%M:%S+00", t, 1);
    src = (rand() < 0.05) ? "InPerson" : "Online";
    printf "%d\t%s\t%s\t%s\t8\n", p0 + p, course, src, ts;
    if (rand() < 0.3) {
      rev = (rand() < 0.01) ? ts : "\\N";
      printf "B-%d\t%d\t%d\tNombre Apellido\tCC\t1\t%s\t%s\t1.0.0\t8\t%s\tJefe\tAlcaldía\t%s\tfirma\t%s\n", c0 + i, c0 + i, p0 + p, course, course, substr(ts, 1, 10), ts, rev > certs;
    }
  } }' | psql -qc '\copy "Completions" ("PersonId", "CourseId", "Source", "CompletedUtc", "Hours") FROM STDIN WITH (FORMAT text)'
psql -qc "\copy \"Certificates\" (\"Code\", \"CompletionId\", \"PersonId\", \"HolderName\", \"DocumentType\", \"DocumentNumber\", \"CourseId\", \"CourseTitle\", \"CourseVersion\", \"Hours\", \"CompletedOn\", \"SignatoryTitle\", \"EntityName\", \"IssuedUtc\", \"Signature\", \"RevokedUtc\") FROM '$tmp/certs.tsv' WITH (FORMAT text)"
psql -qc 'VACUUM ANALYZE'
end=$(date +%s.%N)
psql -tAc "SELECT (SELECT count(*) FROM \"People\") || ' personas, ' || (SELECT count(*) FROM \"Completions\") || ' finalizaciones, ' || (SELECT count(*) FROM \"Certificates\") || ' certificados'"
awk -v s="$start" -v e="$end" 'BEGIN { printf "datos cargados en %.1f s\n", e - s }'
