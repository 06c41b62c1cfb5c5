#!/usr/bin/env bash
# The cluster benchmarks: a remote grain call against an in-process one, 100,000 one-shot reminders, and a
# gateway in front of one silo against three (real processes, wrk). Starts a throwaway PostgreSQL.
# Usage: bench/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "cluster.sh: wrk is required (apt package wrk)" >&2; exit 1; }
source scripts/throwaway-postgres.sh
trap stop_throwaway_postgres EXIT
start_throwaway_postgres
dotnet build src/Silo -c Release -nologo -clp:ErrorsOnly
dotnet build src/ApiGateway -c Release -nologo -clp:ErrorsOnly
dotnet build bench/Benchmarks -c Release -nologo -clp:ErrorsOnly
dotnet bench/Benchmarks/bin/Release/net10.0/GitIntegration.Benchmarks.dll cluster
