#!/usr/bin/env bash
# Runs the benchmarks in Release with a throwaway PostgreSQL and prints every figure next to the baseline measured in
# the same run. Usage: bench/run.sh [suite ...]
#   suites: grains, links, memory, gateway, telemetry, cluster, reminders (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "run.sh: wrk is required for the gateway, telemetry and cluster suites (apt package wrk)" >&2; exit 1; }
source scripts/throwaway-postgres.sh
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
dotnet build src/Silo -c Release -nologo -clp:ErrorsOnly
dotnet build src/ApiGateway -c Release -nologo -clp:ErrorsOnly
dotnet build bench/Benchmarks -c Release -nologo -clp:ErrorsOnly
dotnet bench/Benchmarks/bin/Release/net10.0/GitIntegration.Benchmarks.dll "$@"
