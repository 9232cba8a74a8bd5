#!/usr/bin/env bash
# Adds a migration with the same name to both providers (SQLite and PostgreSQL).
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?"uso: scripts/add-migration.sh NOMBRE"}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet restore src/Scari.Web >/dev/null # dotnet ef reads the project's assets before it builds
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/Scari.Web --startup-project src/Scari.Web \
    --context "${provider}ScariDbContext" --output-dir "Data/Migrations/$provider"
done
