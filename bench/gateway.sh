#!/usr/bin/env bash
# The gateway benchmark: GET /api/v2/git/credentials on a warm link against bare Kestrel answering JSON of the
# same size, both under wrk; prints throughput, p50/p99 and the ratio. Usage: bench/gateway.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "gateway.sh: wrk is required (apt package wrk)" >&2; exit 1; }
dotnet build bench/Benchmarks -c Release -nologo -clp:ErrorsOnly
dotnet bench/Benchmarks/bin/Release/net10.0/GitIntegration.Benchmarks.dll gateway
