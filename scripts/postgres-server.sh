#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite (Debian's postgresql package, or any initdb on the machine).
#   scripts/postgres-server.sh start DIR   new cluster in DIR/data, listening on a free port on 127.0.0.1 only (its
#                                          unix socket in DIR), with an empty database winnow_test; prints the URL
#                                          postgresql://postgres@127.0.0.1:PORT/winnow_test and writes it to DIR/url
#   scripts/postgres-server.sh stop DIR    stops that server and removes DIR; nothing to do when both are gone
# The test server skips flushing to disk (fsync, synchronous_commit and full_page_writes off); with
# WINNOW_POSTGRES_DURABLE=1 it keeps PostgreSQL's defaults, as a benchmark against a real server should.
# DIR must be missing or empty for start. As root the server runs as the postgres system user (PostgreSQL refuses
# root), otherwise as the current user. Progress and errors go to stderr; the server's log is DIR/log.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[ $# = 2 ] || usage
command=$1
dir=$2
[ -n "$dir" ] || usage
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
dir=${dir%/}
[ -n "$dir" ] || usage
case "$dir" in *"'"* | *'"'* | *'\'*)
  echo "postgres-server: the directory name must not contain quotes or backslashes: $dir" >&2
  exit 2
  ;;
esac
marker="$dir/.postgres-server"

# Commands that touch the cluster run as its owner: postgres when we are root, else ourselves. They run from DIR,
# since the postgres user may not be allowed into the caller's working directory.
owner_user=""
[ "$(id -u)" = 0 ] && owner_user=postgres
as_owner() {
  if [ -z "$owner_user" ]; then
    (cd "$dir" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$dir" && runuser -u "$owner_user" -- "$@")
  else
    (cd "$dir" && su "$owner_user" -s /bin/sh -c "$(printf '%q ' "$@")")
  fi
}

# The newest Debian server binaries (/usr/lib/postgresql/VERSION/bin), else pg_config's.
find_bindir() {
  local initdb
  initdb=$(for path in /usr/lib/postgresql/*/bin/initdb; do
    if [ -x "$path" ]; then echo "$path"; fi
  done | sort -V | tail -n 1)
  if [ -n "$initdb" ]; then
    dirname "$initdb"
    return
  fi
  if command -v pg_config >/dev/null 2>&1; then
    local bindir
    bindir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ]; then
      echo "$bindir"
      return
    fi
  fi
  return 1
}

log_tail() {
  if [ -s "$dir/log" ]; then
    echo "--- last lines of $dir/log:" >&2
    tail -n 20 "$dir/log" | sed 's/^/  | /' >&2
  fi
}

started=""
fail() {
  echo "postgres-server: $*" >&2
  log_tail
  if [ -n "$started" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1 || true
  fi
  exit 1
}

free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

start() {
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "postgres-server: $dir is not empty; start needs a new or empty directory" >&2
    exit 2
  fi
  mkdir -p "$dir"
  : >"$marker"
  if ! bindir=$(find_bindir); then
    fail "no PostgreSQL server found (no initdb in /usr/lib/postgresql/*/bin nor in pg_config --bindir);" \
      "install Debian's postgresql package (make deps does it when run as root)"
  fi
  command -v python3 >/dev/null 2>&1 || fail "python3 is needed to pick a free port"

  if [ -n "$owner_user" ]; then
    id "$owner_user" >/dev/null 2>&1 ||
      fail "running as root but there is no '$owner_user' user to run the server (Debian's postgresql package makes it)"
    chown "$owner_user:" "$dir" "$marker"
    chmod 700 "$dir"
    as_owner test -w "$dir" ||
      fail "user $owner_user cannot reach $dir (a parent directory is closed to it); use a directory under /tmp"
  fi

  echo "postgres-server: initdb $dir/data ($bindir)" >&2
  local output locale=""
  for candidate in C.UTF-8 C; do
    if output=$(as_owner "$bindir/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 \
      --locale="$candidate" --no-sync 2>&1); then
      locale=$candidate
      break
    fi
    rm -rf "$dir/data"
  done
  if [ -z "$locale" ]; then
    echo "$output" | tail -n 20 | sed 's/^/  | /' >&2
    fail "initdb failed in $dir/data"
  fi
  [ "$locale" = C ] && echo "postgres-server: locale C.UTF-8 refused, the cluster uses locale C" >&2

  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${WINNOW_POSTGRES_DURABLE:-}" = 1 ] && durability=""
  # A port that was free a moment ago can be taken before the server binds it: try another one then.
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port) || fail "could not pick a free port with python3"
    started=yes
    if [ -e "$dir/log" ]; then : >"$dir/log"; fi
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -t 120 -w \
      -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 $durability" \
      start >&2; then
      break
    fi
    if [ "$attempt" -lt 5 ] && grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/log" 2>/dev/null; then
      echo "postgres-server: port $port was taken, trying another" >&2
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1 || true
      continue
    fi
    fail "the server in $dir/data did not start (port $port)"
  done

  "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres winnow_test >&2 ||
    fail "could not create database winnow_test on 127.0.0.1:$port"
  local url="postgresql://postgres@127.0.0.1:$port/winnow_test"
  echo "$url" >"$dir/url"
  echo "postgres-server: running, data in $dir/data, log in $dir/log" >&2
  echo "$url"
}

stop() {
  [ -e "$dir" ] || return 0
  if [ ! -e "$marker" ]; then
    if rmdir "$dir" 2>/dev/null; then return 0; fi
    echo "postgres-server: $dir was not made by '$0 start'; not touching it" >&2
    exit 1
  fi
  if [ -e "$dir/data/postmaster.pid" ]; then
    bindir=$(find_bindir) || fail "no pg_ctl found to stop the server in $dir/data"
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -t 60 -w stop >&2; then
      # Still running after a minute: stop it without waiting for clients.
      if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 ||
          fail "could not stop the server in $dir/data"
      fi
    fi
  fi
  rm -rf "$dir"
}

case "$command" in
start) start ;;
stop) stop ;;
*) usage ;;
esac
