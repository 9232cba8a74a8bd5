#!/usr/bin/env bash
# Runs every test with the clock of the tests, the app and PostgreSQL set to a chosen instant (libfaketime), to catch
# tests and code that mix the UTC day with Bogotá's day (UTC−5): between 00:00 and 05:00 UTC they differ.
# Usage: scripts/test-clock.sh ["2026-12-01 04:59:20"]   (UTC; the default is a minute before a month ends in Bogotá)
# The clock starts at that instant and runs on, so a run that lasts a minute or two crosses midnight in Bogotá.
# Not part of scripts/test.sh yet: it needs the faketime package (installed here when run as root).
# SCARI_CLOCK_PROJECTS chooses the test projects (default: all three); SCARI_CLOCK_FILTER adds xunit filter arguments
# to the integration tests (e.g. "-namespace Scari.IntegrationTests.Indicators"). scripts/test.sh runs it that way.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
at=${1:-"2026-12-01 04:59:20"}
log() { printf '[test-clock.sh] %s\n' "$*" >&2; }

source "$root/scripts/lib/packages.sh"
find_preload() { ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1 || true; }
[[ -n $(find_preload) ]] || install_missing faketime
preload=$(find_preload)

# Built with the real clock: MSBuild compares file times.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Scari.sln -v q -nologo >/dev/null
projects=${SCARI_CLOCK_PROJECTS:-Scari.Tests Scari.IntegrationTests Scari.BrowserTests}
if [[ " $projects " == *" Scari.BrowserTests "* ]]; then
  (cd tests/Scari.BrowserTests && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# From here on every process (PostgreSQL included) lives at the chosen instant.
export FAKETIME="@$at" LD_PRELOAD=$preload
source "$root/scripts/lib/postgres.sh"
pg_setup scari-clock
pg_start 54329 "$pg_test_options"
export SCARI_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Pooling=true"
export SCARI_TEST_CHROMIUM=${SCARI_TEST_CHROMIUM:-$(command -v chromium)}
log "reloj de las pruebas y de PostgreSQL: $(date -u '+%F %T') UTC"

failed=0
for project in $projects; do
  # The xunit v3 test executables run directly: no build, no MSBuild under the fake clock.
  filter=()
  [[ $project == Scari.IntegrationTests && -n ${SCARI_CLOCK_FILTER:-} ]] && read -r -a filter <<<"$SCARI_CLOCK_FILTER"
  "tests/$project/bin/Debug/net10.0/$project" -noColor -noLogo "${filter[@]}" > "$pgtmp/$project.log" 2>&1 || failed=1
  grep -E "\[FAIL\]" -A8 "$pgtmp/$project.log" >&2 || true
  grep -E "Total: [0-9]+" "$pgtmp/$project.log" | tail -n 1
done
exit "$failed"
