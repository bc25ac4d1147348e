#!/usr/bin/env bash
# Demo of the RabbitMQ cluster mode on this machine: starts a throwaway RabbitMQ node (scripts/lib/rabbitmq.sh: its
# own user with a random password, a vhost, data in a temporary directory), two `fedactors worker` processes and one
# experiment in cluster.mode = rabbitmq whose training and evaluation jobs those workers run; then prints how many
# jobs each worker ran and the run's summary. The workers and the node are stopped on exit, whatever happens.
#
#   scripts/cluster-demo.sh [CONFIG [KEY=VALUE]...]
#
# CONFIG defaults to hocon/quickstart.conf; each KEY=VALUE goes to the run as --set KEY=VALUE, e.g.
#   scripts/cluster-demo.sh hocon/quickstart.conf fedactors.run.rounds=5
# Output (the run directory, the workers' logs, the summary) goes to $CLUSTER_DEMO_OUT, by default
# runs/cluster-demo-<timestamp>. Messages go to stderr; stdout holds the job counts and the summary.
# Needs Debian's rabbitmq-server and openssl packages: installed with apt-get when run as root, otherwise the sudo line is printed.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
RMQ_SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
WORKERS=2

say() { echo "cluster-demo: $*" >&2; }

case ${1:-} in
  -h | --help)
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac

CONFIG=${1:-$ROOT/hocon/quickstart.conf}
(($# > 0)) && shift
SETS=()
for setting in "$@"; do
  SETS+=(--set "$setting")
done
[[ -f $CONFIG ]] || { say "error: no configuration file $CONFIG"; exit 2; }

# 1. RabbitMQ: only the package's scripts are used (the Debian service is left alone).
# shellcheck source=scripts/lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"
ensure_apt_packages cluster-demo.sh "rabbitmq-server@$RMQ_SERVER" openssl@/usr/bin/openssl || exit 1

# 2. The build and the datasets.
say "bootstrapping (build and datasets; fast when done already)"
bash "$ROOT/scripts/bootstrap.sh" --quiet

# shellcheck source=scripts/lib/dotnet.sh
source "$ROOT/scripts/lib/dotnet.sh"
use_dotnet || true
export DOTNET_NOLOGO=1
DLL=$ROOT/src/FedActors.Cli/bin/Release/net10.0/fedactors.dll
[[ -f $DLL ]] || { say "error: $DLL is missing after bootstrap"; exit 1; }

OUT=${CLUSTER_DEMO_OUT:-runs/cluster-demo-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# 3. Everything started from here on is stopped on exit.
# shellcheck source=scripts/lib/rabbitmq.sh
source "$ROOT/scripts/lib/rabbitmq.sh"
WORKER_PIDS=()
stop_all() {
  local status=$? pid
  if ((${#WORKER_PIDS[@]} > 0)); then
    say "stopping the workers (${WORKER_PIDS[*]})"
    for pid in "${WORKER_PIDS[@]}"; do
      kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${WORKER_PIDS[@]}"; do
      wait "$pid" 2>/dev/null || true
    done
    WORKER_PIDS=()
  fi
  say "stopping the RabbitMQ node"
  stop_test_rabbitmq
  return "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_test_rabbitmq
# The run reads both from the environment (reference.conf: cluster.broker = ${?FEDACTORS_BROKER}, cluster.secret =
# ${?FEDACTORS_CLUSTER_SECRET}) and so do the workers: neither the password nor the secret shows up in `ps`.
export FEDACTORS_BROKER=$FEDACTORS_TEST_RABBITMQ
FEDACTORS_CLUSTER_SECRET=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export FEDACTORS_CLUSTER_SECRET
# shellcheck disable=SC2001 # a back-reference: the user name stays, the password goes
say "broker $(sed 's#://\([^:/@]*\):[^@]*@#://\1:***@#' <<<"$FEDACTORS_BROKER")"
say "generated a random cluster secret (${#FEDACTORS_CLUSTER_SECRET} characters)"

# 4. The workers.
for i in $(seq "$WORKERS"); do
  dotnet "$DLL" worker >"$OUT/worker-$i.log" 2>&1 &
  WORKER_PIDS+=($!)
  say "started worker $i (pid $!), log in $OUT/worker-$i.log"
done

# 5. The run; its progress goes to stderr, its summary to $OUT/summary.txt.
say "running $CONFIG${SETS[*]:+ ${SETS[*]}} in cluster.mode = rabbitmq, output in $OUT/run"
status=0
dotnet "$DLL" run "$CONFIG" --out "$OUT/run" --set fedactors.cluster.mode=rabbitmq "${SETS[@]}" >"$OUT/summary.txt" || status=$?
for i in $(seq "$WORKERS"); do
  if ! kill -0 "${WORKER_PIDS[$((i - 1))]}" 2>/dev/null; then
    say "worker $i exited early; the end of its log:"
    tail -n 5 "$OUT/worker-$i.log" >&2
  fi
done
if ((status != 0)); then
  say "error: the run failed (exit code $status); the workers' logs are in $OUT"
  exit "$status"
fi

# 6. What each worker did, and the run's summary.
echo "jobs run per worker:"
for i in $(seq "$WORKERS"); do
  printf '  worker %d (pid %d): %d jobs (%d training, %d evaluation)\n' "$i" "${WORKER_PIDS[$((i - 1))]}" \
    "$(grep -c ' done in ' "$OUT/worker-$i.log" || true)" \
    "$(grep -c ' train ([0-9]* samples) done in ' "$OUT/worker-$i.log" || true)" \
    "$(grep -c ' eval ([0-9]* samples) done in ' "$OUT/worker-$i.log" || true)"
done
cat "$OUT/summary.txt"
say "done; run directory $OUT/run, worker logs $OUT/worker-*.log"
