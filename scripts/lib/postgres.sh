# shellcheck shell=bash
# Sourced by test.sh: a throwaway PostgreSQL server for the tests, on a temporary data directory, reached over
# TCP on 127.0.0.1 with password authentication. Needs only Debian's server binaries (/usr/lib/postgresql/N/bin),
# not the Debian cluster or its service.
#
#   start_test_postgres   starts it and exports FEDACTORS_TEST_POSTGRES (an Npgsql connection string)
#   stop_test_postgres    stops it and removes the directory (test.sh calls it from its EXIT trap)

PG_TEST_DIR=
PG_TEST_BIN=
PG_TEST_OWNER=

# The highest installed server version's bin directory (/usr/lib/postgresql/*/bin), or nothing.
find_postgres_bin() {
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]] && echo "$dir"
}

# Runs a server binary as the data directory's owner: initdb and postgres refuse to run as root.
pg_as_owner() {
  if [[ $PG_TEST_OWNER == "$(id -un)" ]]; then
    "$@"
  else
    runuser -u "$PG_TEST_OWNER" -- "$@"
  fi
}

# shellcheck source=scripts/lib/ports.sh
source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

start_test_postgres() {
  local password port log attempt
  PG_TEST_BIN=$(find_postgres_bin) || {
    echo "test.sh: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
    return 1
  }
  if ((EUID == 0)); then
    PG_TEST_OWNER=postgres
    id -u postgres >/dev/null 2>&1 || { echo "test.sh: running as root but there is no 'postgres' user to run the server as" >&2; return 1; }
  else
    PG_TEST_OWNER=$(id -un)
  fi

  PG_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fedactors-postgres.XXXXXX")
  chmod 755 "$PG_TEST_DIR"
  mkdir -p "$PG_TEST_DIR/data" "$PG_TEST_DIR/socket"
  [[ $PG_TEST_OWNER == "$(id -un)" ]] || chown "$PG_TEST_OWNER" "$PG_TEST_DIR/data" "$PG_TEST_DIR/socket"
  log=$PG_TEST_DIR/data/server.log
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077 && echo "$password" >"$PG_TEST_DIR/pwfile")
  [[ $PG_TEST_OWNER == "$(id -un)" ]] || chown "$PG_TEST_OWNER" "$PG_TEST_DIR/pwfile"

  # The test role is the superuser: tests create and drop a schema each. Local socket connections are trusted (only
  # this directory's owner can reach the socket); TCP needs the password.
  if ! pg_as_owner "$PG_TEST_BIN/initdb" -D "$PG_TEST_DIR/data" -U fedactors_test --pwfile="$PG_TEST_DIR/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1; then
    cat "$PG_TEST_DIR/initdb.log" >&2
    echo "test.sh: initdb failed" >&2
    return 1
  fi

  # fsync off: a throwaway server whose data dies with the test run need not survive a power cut.
  for attempt in 1 2 3; do
    port=$(pick_free_port) || { echo "test.sh: found no free TCP port for PostgreSQL" >&2; return 1; }
    echo "test.sh: starting PostgreSQL $("$PG_TEST_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $PG_TEST_DIR, removed on exit)" >&2
    if pg_as_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -l "$log" -w -t 60 start \
      -o "-p $port -k $PG_TEST_DIR/socket -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null; then
      export FEDACTORS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=fedactors_test;Password=$password;Database=postgres"
      return 0
    fi
    echo "test.sh: PostgreSQL did not start (attempt $attempt):" >&2
    tail -n 5 "$log" >&2
  done
  return 1
}

stop_test_postgres() {
  [[ -n $PG_TEST_DIR && -d $PG_TEST_DIR ]] || return 0
  if [[ -f $PG_TEST_DIR/data/postmaster.pid ]]; then
    pg_as_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_TEST_DIR"
  PG_TEST_DIR=
}
