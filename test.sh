#!/usr/bin/env bash
# Runs every test: installs what the tests need, builds the solution, starts a throwaway PostgreSQL,
# runs each test project, stops PostgreSQL, and exits non-zero if anything failed.
# Extra arguments go to `dotnet test` (for example: ./test.sh --filter Reminder).
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
source scripts/throwaway-postgres.sh

need=()
command -v git >/dev/null || need+=(git)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  pg_as_root apt-get update -qq && pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "test.sh: could not install ${need[*]}" >&2; exit 1; }
fi

trap stop_throwaway_postgres EXIT
start_throwaway_postgres || exit 1
export CI=${CI:-true}

dotnet build GitIntegration.sln -c Release -nologo -clp:ErrorsOnly || { echo "test.sh: build failed" >&2; exit 1; }

failed=()
for project in $(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | sort); do
  name=$(basename "$(dirname "$project")")
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
