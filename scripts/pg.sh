#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 5): initdb in a
# temporary folder, listening only on 127.0.0.1 on a free port, trust
# authentication for loopback, fsync on. Nothing is installed or started
# system-wide; `stop` deletes the folder.
#   scripts/pg.sh start          create and start; prints the base URL
#                                postgresql://postgres@127.0.0.1:PORT/
#   scripts/pg.sh url            print the base URL of the running cluster
#   scripts/pg.sh restart [SEC]  stop (fast), wait SEC seconds (default 0), start again
#   scripts/pg.sh crash [SEC]    stop -m immediate (every backend killed, no
#                                checkpoint: crash recovery from the WAL on the
#                                next start, as after a power cut of the
#                                database host), wait SEC seconds, start again
#   scripts/pg.sh stop           stop and delete
# The cluster's folder and port are kept in $ZHIFA_PG_STATE (default
# ${TMPDIR:-/tmp}/zhifa-pg.state), so several shells can share one cluster.
# initdb refuses to run as root: as root, the server runs as the `postgres`
# system user (made by Debian's postgresql package) through runuser.
set -euo pipefail
state=${ZHIFA_PG_STATE:-${TMPDIR:-/tmp}/zhifa-pg.state}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql; scripts/deps.sh does)" >&2
  exit 1
fi

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

load() {
  [ -f "$state" ] || { echo "pg.sh: no cluster running (no $state)" >&2; exit 1; }
  # shellcheck disable=SC1090
  . "$state"
}

pg_start() { # dir port
  as_pg "$bindir/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $2 -c unix_socket_directories=$1 -c fsync=on -c max_connections=200" \
    start >/dev/null
}

case "${1:-}" in
start)
  if [ -f "$state" ]; then
    . "$state"
    if as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgresql://postgres@127.0.0.1:$port/"
      exit 0
    fi
    rm -f "$state"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/zhifa-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_start "$dir" "$port" || { cat "$dir/server.log" >&2; exit 1; }
  printf 'dir=%q\nport=%q\n' "$dir" "$port" >"$state"
  echo "postgresql://postgres@127.0.0.1:$port/"
  ;;
url)
  load
  echo "postgresql://postgres@127.0.0.1:$port/"
  ;;
restart)
  load
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  sleep "${2:-0}"
  pg_start "$dir" "$port"
  ;;
crash)
  load
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  sleep "${2:-0}"
  pg_start "$dir" "$port"
  ;;
stop)
  [ -f "$state" ] || exit 0
  . "$state"
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  ;;
*)
  sed -n '2,20p' "$0" >&2
  exit 2
  ;;
esac
