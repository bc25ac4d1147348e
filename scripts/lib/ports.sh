# shellcheck shell=bash
# Sourced by postgres.sh and rabbitmq.sh: a TCP port on 127.0.0.1 that nothing listens on now (a server may still lose
# a race for it; their start functions retry).
pick_free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
