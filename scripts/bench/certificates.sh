#!/usr/bin/env bash
# Certificates per second on one core and bytes per certificate (BenchmarkDotNet). Results: docs/performance.md.
# Arguments go to BenchmarkDotNet, e.g. --filter '*RenderPdf*'; default: every benchmark.
set -euo pipefail
cd "$(dirname "$0")/../.."
if (($# == 0)); then set -- --filter '*'; fi
dotnet run -c Release --project scripts/bench/Scari.Bench.Certificates -- "$@"
