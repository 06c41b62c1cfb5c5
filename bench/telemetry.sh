#!/usr/bin/env bash
# What OpenTelemetry metrics cost: GET /api/v2/git/credentials on a warm link, all-in-one, metrics on against the same
# build with GitIntegration:Telemetry:Metrics=false, each its own process, wrk in alternating rounds; prints both
# throughputs, p50/p99 and the ratio.
exec "$(dirname "$0")/run.sh" telemetry
