#!/usr/bin/env bash
# Starts a local cluster on loopback: a throwaway PostgreSQL, N silos (default 3) and one gateway, and stops
# them all on Ctrl-C (or SIGTERM). Usage: deploy/local-cluster.sh [N]
#   gateway:  http://127.0.0.1:${GATEWAY_PORT:-8080}      silo i:  grain calls on 1111i, /readyz on 808i
set -euo pipefail
cd "$(dirname "$0")/.."
silos=${1:-3}
gateway_port=${GATEWAY_PORT:-8080}
source scripts/throwaway-postgres.sh

pids=()
stop_all() {
  trap - EXIT INT TERM
  echo "local-cluster: stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_throwaway_postgres
}
trap stop_all EXIT INT TERM

dotnet build src/Silo -c Release -nologo -clp:ErrorsOnly
dotnet build src/ApiGateway -c Release -nologo -clp:ErrorsOnly
start_throwaway_postgres

logs=$(mktemp -d /tmp/gitintegration-cluster.XXXXXX)
export ConnectionStrings__Postgres="$GITINTEGRATION_TEST_POSTGRES"
export GitIntegration__Storage__Provider=Postgres
export GitIntegration__EncryptionKeys__0=${GITINTEGRATION_ENCRYPTION_KEY:-$(python3 -c 'import os,base64; print(base64.b64encode(os.urandom(32)).decode())')}
export GitIntegration__AdminToken=${GITINTEGRATION_ADMIN_TOKEN:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')}
export GitIntegration__PublicUrl="http://127.0.0.1:$gateway_port"

for i in $(seq 1 "$silos"); do
  GitIntegration__Cluster__SiloPort=$((11110 + i)) \
    dotnet src/Silo/bin/Release/net10.0/GitIntegration.Silo.dll --urls "http://127.0.0.1:$((8080 + i))" >"$logs/silo$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 "$silos"); do
  until curl -fs "http://127.0.0.1:$((8080 + i))/readyz" >/dev/null; do sleep 0.5; done
done
dotnet src/ApiGateway/bin/Release/net10.0/GitIntegration.ApiGateway.dll --mode gateway --urls "http://127.0.0.1:$gateway_port" >"$logs/gateway.log" 2>&1 &
pids+=($!)
until curl -fs "http://127.0.0.1:$gateway_port/readyz" >/dev/null; do sleep 0.5; done

echo "local-cluster: $silos silos and a gateway at http://127.0.0.1:$gateway_port (logs in $logs)"
(umask 077; echo "$GitIntegration__AdminToken" >"$logs/admin-token")
echo "local-cluster: the admin token is in $logs/admin-token; Ctrl-C stops everything"
wait -n "${pids[@]}" || true
