#!/usr/bin/env bash
# The lesson search over the whole shipped catalogue (content/), warm, per query: median, p99 and slowest run in ms
# (issue 19, item 3: under 20 ms for any query). Results: docs/performance.md. Run it alone on the machine (other heavy work skews it):
#   scripts/bench/search.sh [content folder] [runs per query]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project scripts/bench/Scari.Bench.Search -- "${1:-content}" "${2:-300}"
