#!/usr/bin/env bash
# The cluster benchmarks: a remote grain call against an in-process one, 100,000 one-shot reminders, and a
# gateway in front of one silo against three (real processes, wrk).
exec "$(dirname "$0")/run.sh" cluster
