#!/usr/bin/env bash
# The gateway benchmark: GET /api/v2/git/credentials on a warm link against bare Kestrel answering JSON of the
# same size (and /healthz on the same gateway), all under wrk; prints throughput, p50/p99, the ratio, and where a
# request's time goes step by step in the all-in-one process.
exec "$(dirname "$0")/run.sh" gateway
