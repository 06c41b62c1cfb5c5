#!/usr/bin/env bash
# Starts a local Orleans cluster on loopback: a throwaway PostgreSQL, N silos (default 3) and one gateway.
# Usage: deploy/local-cluster.sh [N]
#   GATEWAY_PORT    the gateway's HTTP port (default 8080)
#   SILO_BASE_PORT  where silo ports start (default 11110): silo i listens on B+i (silo to silo), B+100+i (Orleans
#                   clients: the gateway, other services) and B+200+i (/healthz, /readyz, /metrics). Two clusters side by side
#                   need two bases and two gateway ports.
#   LOCAL_CLUSTER_NO_BUILD=1  use the binaries under bin/Release as they are
#   LOCAL_CLUSTER_TLS=1       mutual TLS between all of them, with a CA and certificate made by
#                             deploy/make-cluster-certs.sh in the log folder (or bring yours: GitIntegration__Cluster__Tls__*)
# Everything else in the environment reaches the silos and the gateway (GitIntegration__..., Logging__...).
# A silo that dies leaves the others running (its grains move to them). Ctrl-C or SIGTERM stops everything: a
# graceful stop first, then kill -9 for whatever still runs after 10 s (a gateway holding long polls, say).
set -uo pipefail
cd "$(dirname "$0")/.."
silos=${1:-3}
gateway_port=${GATEWAY_PORT:-8080}
base=${SILO_BASE_PORT:-11110}
stop_seconds=10
[[ $silos =~ ^[1-9][0-9]?$ ]] || { echo "usage: $0 [N]  (N silos, 1 to 99)" >&2; exit 2; }
source scripts/throwaway-postgres.sh

pids=()
declare -A names=()
any_alive() {
  local pid
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}
stop_all() {
  trap - INT TERM EXIT
  echo "local-cluster: stopping"
  local pid deadline=$((SECONDS + stop_seconds))
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  while [ $SECONDS -lt $deadline ] && any_alive; do sleep 0.2; done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null && echo "local-cluster: ${names[$pid]} did not stop in ${stop_seconds} s; killed"; done
  wait 2>/dev/null
  stop_throwaway_postgres
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# start NAME COMMAND...: runs a program in the background with its output in $logs/NAME.log
start() {
  local name=$1
  shift
  "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  names[$!]=$name
}

# ready NAME URL: waits until URL answers, or fails when NAME exited or two minutes passed
ready() {
  local name=$1 url=$2 pid deadline=$((SECONDS + 120))
  for pid in "${!names[@]}"; do [ "${names[$pid]}" = "$name" ] && break; done
  until curl -fs -o /dev/null "$url"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "local-cluster: $name did not become ready; the end of $logs/$name.log:" >&2
      tail -n 20 "$logs/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

if [ "${LOCAL_CLUSTER_NO_BUILD:-}" != 1 ]; then
  dotnet build src/Silo -c Release -nologo -clp:ErrorsOnly || exit 1
  dotnet build src/ApiGateway -c Release -nologo -clp:ErrorsOnly || exit 1
fi
start_throwaway_postgres || exit 1

logs=$(mktemp -d /tmp/gitintegration-cluster.XXXXXX)
export ConnectionStrings__Postgres="$GITINTEGRATION_TEST_POSTGRES"
export GitIntegration__Storage__Provider=Postgres
export GitIntegration__EncryptionKeys__0=${GitIntegration__EncryptionKeys__0:-${GITINTEGRATION_ENCRYPTION_KEY:-$(python3 -c 'import os,base64; print(base64.b64encode(os.urandom(32)).decode())')}}
export GitIntegration__AdminToken=${GitIntegration__AdminToken:-${GITINTEGRATION_ADMIN_TOKEN:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')}}
export GitIntegration__PublicUrl=${GitIntegration__PublicUrl:-http://127.0.0.1:$gateway_port}
(umask 077; printf '%s\n' "$GitIntegration__AdminToken" >"$logs/admin-token")
if [ "${LOCAL_CLUSTER_TLS:-}" = 1 ]; then
  deploy/make-cluster-certs.sh "$logs/tls" >/dev/null || exit 1
  export GitIntegration__Cluster__Tls__CertificatePath="$logs/tls/cluster.crt"
  export GitIntegration__Cluster__Tls__KeyPath="$logs/tls/cluster.key"
  export GitIntegration__Cluster__Tls__CaCertificatePath="$logs/tls/ca.crt"
fi

for i in $(seq 1 "$silos"); do
  GitIntegration__Cluster__SiloPort=$((base + i)) GitIntegration__Cluster__GatewayPort=$((base + 100 + i)) \
    start "silo$i" dotnet src/Silo/bin/Release/net10.0/GitIntegration.Silo.dll --urls "http://127.0.0.1:$((base + 200 + i))"
done
for i in $(seq 1 "$silos"); do
  ready "silo$i" "http://127.0.0.1:$((base + 200 + i))/readyz"
done
start gateway dotnet src/ApiGateway/bin/Release/net10.0/GitIntegration.ApiGateway.dll --mode gateway --urls "http://127.0.0.1:$gateway_port"
ready gateway "http://127.0.0.1:$gateway_port/readyz"

for pid in "${pids[@]}"; do echo "local-cluster: ${names[$pid]} is pid $pid"; done
echo "local-cluster: $silos silos and a gateway at http://127.0.0.1:$gateway_port"
echo "local-cluster: logs and the admin token (admin-token) are in $logs; Ctrl-C stops everything"
echo "local-cluster: Orleans clients (UseAdoNetClustering, invariant Npgsql) find the silos through $ConnectionStrings__Postgres"
[ -z "${GitIntegration__Cluster__Tls__CertificatePath:-}" ] ||
  echo "local-cluster: mutual TLS: clients show a certificate signed by $GitIntegration__Cluster__Tls__CaCertificatePath (e.g. $GitIntegration__Cluster__Tls__CertificatePath)"

# Report whatever exits, and keep the rest running; a signal ends the wait and runs the trap.
while [ ${#pids[@]} -gt 0 ]; do
  exited=
  wait -n -p exited "${pids[@]}"
  code=$?
  [ -n "$exited" ] || continue
  echo "local-cluster: ${names[$exited]} (pid $exited) exited with code $code; the rest keep running"
  remaining=()
  for pid in "${pids[@]}"; do [ "$pid" != "$exited" ] && remaining+=("$pid"); done
  pids=("${remaining[@]}")
done
echo "local-cluster: nothing left running"
