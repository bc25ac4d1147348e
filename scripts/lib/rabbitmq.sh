# shellcheck shell=bash
# Sourced by test.sh and cluster-demo.sh: a throwaway RabbitMQ node for the cluster tests and the demo, with its
# own node name, ports, data and Erlang cookie in a temporary directory. Needs only Debian's rabbitmq-server
# package (its /usr/lib/rabbitmq/bin scripts), not the Debian service.
#
#   start_test_rabbitmq [PREFIX]
#                         starts one, creates a user with a random password and a vhost, and exports
#                         PREFIX (amqp://user:pass@127.0.0.1:port/vhost),
#                         PREFIXS (amqps://user:pass@localhost:port/vhost: a TLS listener whose certificate a
#                         throwaway CA signed, PREFIX_CA, for localhost and 127.0.0.1)
#                         and PREFIXCTL (a script running rabbitmqctl against this node); PREFIX is
#                         FEDACTORS_TEST_RABBITMQ unless given. Call it again with another prefix for a second node.
#   stop_test_rabbitmq    stops every node it started and removes their directories (call it from an EXIT trap)

RMQ_TEST_DIR=
RMQ_TEST_NODE=
RMQ_TEST_DIRS=()
RMQ_BIN=/usr/lib/rabbitmq/bin

# shellcheck source=scripts/lib/ports.sh
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

# Runs one of the node's command-line tools with its environment.
rmq_tool() {
  local tool=$1
  shift
  env HOME="$RMQ_TEST_DIR" RABBITMQ_NODENAME="$RMQ_TEST_NODE" RABBITMQ_MNESIA_BASE="$RMQ_TEST_DIR/mnesia" \
    RABBITMQ_LOG_BASE="$RMQ_TEST_DIR/log" RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_TEST_DIR/enabled_plugins" \
    RABBITMQ_PID_FILE="$RMQ_TEST_DIR/node.pid" RABBITMQ_CONFIG_FILE="$RMQ_TEST_DIR/rabbitmq.conf" "$RMQ_BIN/$tool" "$@"
}

# A CA and a server certificate it signs, for localhost and 127.0.0.1, valid for two days.
rmq_make_certificates() {
  local dir=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=FedActors test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" >/dev/null 2>&1 &&
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1 &&
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext" &&
    openssl x509 -req -days 2 -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
      -extfile "$dir/server.ext" -out "$dir/server.pem" >/dev/null 2>&1
}

start_test_rabbitmq() {
  local prefix=${1:-FEDACTORS_TEST_RABBITMQ} port tls_port dist_port user password vhost attempt
  [[ -x $RMQ_BIN/rabbitmq-server ]] || {
    echo "rabbitmq: no $RMQ_BIN/rabbitmq-server (apt-get install rabbitmq-server)" >&2
    return 1
  }
  RMQ_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fedactors-rabbitmq.XXXXXX")
  RMQ_TEST_DIRS+=("$RMQ_TEST_DIR")
  mkdir -p "$RMQ_TEST_DIR/mnesia" "$RMQ_TEST_DIR/log"
  rmq_make_certificates "$RMQ_TEST_DIR" || {
    echo "rabbitmq: openssl could not make the test certificates" >&2
    return 1
  }
  echo "[]." >"$RMQ_TEST_DIR/enabled_plugins"
  (umask 077 && od -An -N20 -tx1 /dev/urandom | tr -d ' \n' | tr 'a-f' 'A-F' >"$RMQ_TEST_DIR/.erlang.cookie")
  user=fedactors
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  vhost=fedactors-test

  for attempt in 1 2 3; do
    port=$(pick_free_port) && tls_port=$(pick_free_port) && dist_port=$(pick_free_port) ||
      { echo "rabbitmq: found no free TCP port" >&2; return 1; }
    RMQ_TEST_NODE="fedactors-test-$$-${#RMQ_TEST_DIRS[@]}-$attempt@localhost"
    echo "$RMQ_TEST_NODE" >"$RMQ_TEST_DIR/node.name"
    cat >"$RMQ_TEST_DIR/rabbitmq.conf" <<EOF
listeners.ssl.default = 127.0.0.1:$tls_port
ssl_options.cacertfile = $RMQ_TEST_DIR/ca.pem
ssl_options.certfile = $RMQ_TEST_DIR/server.pem
ssl_options.keyfile = $RMQ_TEST_DIR/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
EOF
    echo "rabbitmq: starting a RabbitMQ node on 127.0.0.1:$port, TLS on $tls_port (data in $RMQ_TEST_DIR, removed on exit)" >&2
    (
      export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist_port
      rmq_tool rabbitmq-server >"$RMQ_TEST_DIR/server.log" 2>&1 &
      echo $! >"$RMQ_TEST_DIR/server.pid"
    )
    # `wait` polls until the node has written its pid file and finished booting.
    if rmq_tool rabbitmqctl wait --timeout 120 "$RMQ_TEST_DIR/node.pid" >/dev/null 2>&1; then
      rmq_tool rabbitmqctl add_vhost "$vhost" >/dev/null &&
        rmq_tool rabbitmqctl add_user "$user" "$password" >/dev/null &&
        rmq_tool rabbitmqctl set_permissions -p "$vhost" "$user" '.*' '.*' '.*' >/dev/null || {
        echo "rabbitmq: could not create the test user and vhost" >&2
        return 1
      }
      export "$prefix=amqp://$user:$password@127.0.0.1:$port/$vhost"
      export "${prefix}S=amqps://$user:$password@localhost:$tls_port/$vhost"
      export "${prefix}_CA=$RMQ_TEST_DIR/ca.pem"
      cat >"$RMQ_TEST_DIR/rabbitmqctl" <<EOF
#!/usr/bin/env bash
exec env HOME='$RMQ_TEST_DIR' RABBITMQ_PID_FILE='$RMQ_TEST_DIR/node.pid' RABBITMQ_NODENAME='$RMQ_TEST_NODE' RABBITMQ_MNESIA_BASE='$RMQ_TEST_DIR/mnesia' \\
  RABBITMQ_CONFIG_FILE='$RMQ_TEST_DIR/rabbitmq.conf' \\
  RABBITMQ_LOG_BASE='$RMQ_TEST_DIR/log' RABBITMQ_ENABLED_PLUGINS_FILE='$RMQ_TEST_DIR/enabled_plugins' \\
  '$RMQ_BIN/rabbitmqctl' "\$@"
EOF
      chmod +x "$RMQ_TEST_DIR/rabbitmqctl"
      export "${prefix}CTL=$RMQ_TEST_DIR/rabbitmqctl"
      return 0
    fi
    echo "rabbitmq: the node did not start (attempt $attempt):" >&2
    tail -n 5 "$RMQ_TEST_DIR/server.log" >&2
    rmq_kill_node
  done
  return 1
}

# Kills the Erlang VM of this directory's node if it is still running (the server script's pid is only a wrapper).
rmq_kill_node() {
  local pid
  if [[ -f $RMQ_TEST_DIR/node.pid ]]; then
    pid=$(cat "$RMQ_TEST_DIR/node.pid")
    [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null || true
    rm -f "$RMQ_TEST_DIR/node.pid"
  fi
  [[ -f $RMQ_TEST_DIR/server.pid ]] && kill "$(cat "$RMQ_TEST_DIR/server.pid")" 2>/dev/null || true
}

stop_test_rabbitmq() {
  local dir
  for dir in "${RMQ_TEST_DIRS[@]}"; do
    RMQ_TEST_DIR=$dir
    RMQ_TEST_NODE=$(cat "$dir/node.name" 2>/dev/null)
    rmq_stop_node
  done
  RMQ_TEST_DIRS=()
}

# Stops the node of RMQ_TEST_DIR and removes the directory.
rmq_stop_node() {
  [[ -n $RMQ_TEST_DIR && -d $RMQ_TEST_DIR ]] || return 0
  local pid=
  [[ -f $RMQ_TEST_DIR/node.pid ]] && pid=$(cat "$RMQ_TEST_DIR/node.pid")
  rmq_tool rabbitmqctl stop >/dev/null 2>&1 || true
  # stop returns before the VM has exited; wait for it a little, then make sure.
  for _ in $(seq 50); do
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null || true
  rmq_kill_node
  rm -rf "$RMQ_TEST_DIR"
  RMQ_TEST_DIR=
}
