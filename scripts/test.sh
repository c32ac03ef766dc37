#!/usr/bin/env bash
# The test suite as `make test` runs it: build with tests, fetch the model, format lint, `swift test` and the three
# end-to-end checks, stopping at the first failure with its exit status. After the build it starts a throwaway
# PostgreSQL server (scripts/postgres-server.sh) whose URL the steps get in WINNOW_TEST_POSTGRES; the server is
# stopped and its directory removed however the run ends.
#   scripts/test.sh [SWIFT...]   the swift command to use (default: swift)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# = 0 ]; then set -- swift; fi
swift=("$@")

step() {
  echo "$*"
  "$@"
}

step "${swift[@]}" build --build-tests

postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/winnow-postgres.XXXXXX")
trap 'scripts/postgres-server.sh stop "$postgres_dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if ! WINNOW_TEST_POSTGRES=$(scripts/postgres-server.sh start "$postgres_dir"); then
  echo "test: could not start the PostgreSQL server the tests need (see above)" >&2
  exit 1
fi
export WINNOW_TEST_POSTGRES
echo "WINNOW_TEST_POSTGRES=$WINNOW_TEST_POSTGRES"

step .build/debug/winnow model fetch
step "${swift[@]}" format lint --strict --recursive Sources Tests Benchmarks
step "${swift[@]}" test
step scripts/cli-check.sh .build/debug/winnow
step python3 scripts/team-check.py .build/debug/winnow
step scripts/browser-check.sh .build/debug/winnow
