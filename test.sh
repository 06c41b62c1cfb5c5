#!/usr/bin/env bash
# Runs every test: builds the solution, starts a throwaway PostgreSQL, runs each test project,
# stops PostgreSQL, and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# Tools the tests use: PostgreSQL server binaries, git, ssh-keygen, Debian's Chromium.
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v git >/dev/null || need+=(git)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "test.sh: could not install ${need[*]}" >&2; exit 1; }
fi

# A throwaway PostgreSQL in a temp folder, on a free loopback port, trusted local auth.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/gitintegration-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
stop_pg() { run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir"; }
trap stop_pg EXIT
run_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 >/dev/null || { echo "test.sh: initdb failed" >&2; exit 1; }
run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null \
  || { echo "test.sh: PostgreSQL did not start:" >&2; cat "$pgdir/log" >&2; exit 1; }
export GITINTEGRATION_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export CI=${CI:-true}
echo "test.sh: PostgreSQL on 127.0.0.1:$port"

dotnet build GitIntegration.sln -c Release -nologo -clp:ErrorsOnly || { echo "test.sh: build failed" >&2; exit 1; }

failed=()
for project in $(ls tests/*/*.csproj | sort); do
  name=$(basename "$(dirname "$project")")
  [ "$name" = TestSupport ] && continue
  echo "::: $name"
  if ! dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" --results-directory "$root/TestResults/$name" "$@"; then
    failed+=("$name")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "test.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: all tests passed"
