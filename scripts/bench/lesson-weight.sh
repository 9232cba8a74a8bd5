#!/usr/bin/env bash
# The 40 KB line (issue 19): the heaviest lesson page of a catalogue with the CSS and scripts it links, as the app sends
# them with Brotli and with gzip (LessonWeightTests, which asserts the bound). Default: the shipped content/.
#   scripts/bench/lesson-weight.sh [content folder]
# Prints one line per encoding; results: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
report=$(mktemp)
trap 'rm -f "$report"' EXIT
SCARI_LESSON_WEIGHT_CONTENT="${1:-content}" SCARI_LESSON_WEIGHT_REPORT="$report" \
  scripts/test.sh --project tests/Scari.IntegrationTests -- --filter-class "*LessonWeightTests" >/dev/null 2>&1 || true
uptime
cat "$report"
