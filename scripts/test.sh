#!/usr/bin/env bash
# Installs the test-only packages (chromium, postgresql, rabbitmq-server, openssl) and bootstraps what is missing, starts a
# throwaway PostgreSQL server (scripts/lib/postgres.sh) and RabbitMQ node (scripts/lib/rabbitmq.sh), then runs every test project of FedActors.sln (Release).
# Extra arguments go to `dotnet test`, e.g. scripts/test.sh --filter "FullyQualifiedName~Hocon".
# Ends with one line "tests: N passed, M failed[, K skipped]" summed over all test projects;
# exits non-zero when a test fails, the build fails, or no test ran at all.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"

# Debian/Ubuntu packages only the tests need (bootstrap.sh installs the rest): one per
# line, "PKG@CMD" = install PKG only when CMD is missing (a command on PATH, or a path, which
# may be a glob). chromium renders report.html in tests/FedActors.Cli.Tests/Run/ReportBrowserTests.cs,
# which looks for /usr/bin/chromium. postgresql provides the server that scripts/lib/postgres.sh
# starts for the PostgreSQL journal tests (its binaries are not on PATH). rabbitmq-server provides the broker
# that scripts/lib/rabbitmq.sh starts for the cluster tests.
TEST_APT_PACKAGES=(
  chromium@/usr/bin/chromium # headless browser for the report test
  'postgresql@/usr/lib/postgresql/*/bin/initdb' # server for the PostgreSQL persistence tests
  rabbitmq-server@/usr/lib/rabbitmq/bin/rabbitmq-server # broker for the cluster tests
  openssl@/usr/bin/openssl # certificates for the broker's TLS listener (amqps tests)
)

# shellcheck source=scripts/lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"
if ! ensure_apt_packages test.sh "${TEST_APT_PACKAGES[@]}"; then
  echo "test.sh: test packages are missing (see above); no tests ran" >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
fi

if ! bash scripts/bootstrap.sh; then
  echo "test.sh: bootstrap failed (see above); no tests ran" >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
fi

# shellcheck source=scripts/lib/dotnet.sh
source "$ROOT/scripts/lib/dotnet.sh"
use_dotnet || true
export DOTNET_NOLOGO=1

# shellcheck source=scripts/lib/postgres.sh
source "$ROOT/scripts/lib/postgres.sh"
# shellcheck source=scripts/lib/rabbitmq.sh
source "$ROOT/scripts/lib/rabbitmq.sh"

log=$(mktemp "${TMPDIR:-/tmp}/fedactors-test.XXXXXX")
trap 'rm -f "$log"; stop_test_postgres; stop_test_rabbitmq' EXIT
trap 'exit 130' INT TERM

# A PostgreSQL server for the PostgreSQL journal tests and the journal benchmark's smoke test, which read
# FEDACTORS_TEST_POSTGRES; stopped and removed on exit.
if ! start_test_postgres; then
  echo "test.sh: could not start a PostgreSQL server (see above); no tests ran" >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
fi

# A RabbitMQ node for the cluster tests, which read FEDACTORS_TEST_RABBITMQ (and FEDACTORS_TEST_RABBITMQCTL to
# drop its connections), and a second one that a test stops and starts again mid-run
# (FEDACTORS_TEST_RESTARTED_RABBITMQ, FEDACTORS_TEST_RESTARTED_RABBITMQCTL) without disturbing the tests that share
# the first; both stopped and removed on exit.
if ! start_test_rabbitmq || ! start_test_rabbitmq FEDACTORS_TEST_RESTARTED_RABBITMQ; then
  echo "test.sh: could not start a RabbitMQ node (see above); no tests ran" >&2
  echo "tests: 0 passed, 0 failed"
  exit 1
fi

set +e
dotnet test FedActors.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# VSTest ends each test project's run with a block such as
#   Test Run Failed.
#   Total tests: 2
#        Passed: 1
#        Failed: 1
#    Total time: 0.6103 Seconds
# Test projects run in parallel and their blocks can interleave line by line, so every
# matching line is counted wherever it is; the patterns are anchored at both ends.
read -r passed failed skipped runs < <(awk '
  /^Total tests: [0-9]+$/ { runs++ }
  /^ +Passed: [0-9]+$/ { passed += $2 }
  /^ +Failed: [0-9]+$/ { failed += $2 }
  /^ +Skipped: [0-9]+$/ { skipped += $2 }
  END { printf "%d %d %d %d\n", passed, failed, skipped, runs }
' "$log")

if ((status != 0 && failed == 0 && runs == 0)); then
  echo "test.sh: dotnet test failed (exit code $status) before reporting results" >&2
elif ((status == 0 && failed > 0)); then
  status=1
elif ((status == 0 && passed + failed == 0)); then
  echo "test.sh: no tests ran (a --filter that matches nothing, or no test projects?)" >&2
  status=1
fi

# A long run's output is often read from its end only (a CI log's tail), so each failed test's block (its name, error
# message and the top of its stack trace) is repeated just above the summary, up to 40 lines per test.
if ((failed > 0)); then
  echo "failed tests:"
  awk '
    /^  (Passed|Skipped) / || /^\[xUnit/ || /^Test Run / || /^Total tests:/ || /^Results File:/ { block = 0 }
    /^  Failed / { block = 1; lines = 0 }
    block && lines++ < 40 { print }
  ' "$log"
fi

summary="tests: $passed passed, $failed failed"
((skipped > 0)) && summary+=", $skipped skipped"
echo "$summary"
exit "$status"
