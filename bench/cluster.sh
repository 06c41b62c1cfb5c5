#!/usr/bin/env bash
# The cluster benchmarks: a client-to-silo call against a bare ping over the same client (silo in another process),
# and a gateway (--mode gateway) in front of one silo against the all-in-one process (real processes, wrk).
exec "$(dirname "$0")/run.sh" cluster
