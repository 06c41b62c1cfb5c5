#!/usr/bin/env bash
# The gateway benchmark: GET /api/v2/git/credentials on a warm link against bare Kestrel answering JSON of the
# same size, both under wrk; prints throughput, p50/p99 and the ratio.
exec "$(dirname "$0")/run.sh" gateway
