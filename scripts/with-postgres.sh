#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then stop and delete the cluster.
#   scripts/with-postgres.sh pytest -q
# The command sees DATABASE_URL=postgres://postgres@127.0.0.1:PORT/vocweek. The cluster lives in a
# temporary folder, listens on a free port of 127.0.0.1 and on a socket in that folder, trusts local
# connections and trades durability for speed (fsync off). PostgreSQL refuses to run as root, so as
# root the server runs as the postgres user (or nobody); the command itself runs as the caller.
set -euo pipefail

pg_bin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then pg_bin=$dir; break; fi
done
if [ -z "$pg_bin" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
  pg_bin=$(dirname "$(readlink -f "$(command -v initdb)")")
fi
if [ -z "$pg_bin" ]; then
  echo "with-postgres: no PostgreSQL server found (initdb, pg_ctl); install the postgresql package" >&2
  exit 1
fi

cluster=$(mktemp -d "${TMPDIR:-/tmp}/vocweek-pg.XXXXXX")
as_owner=()
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || owner=nobody
  chown "$owner" "$cluster"
  as_owner=(runuser -u "$owner" --)
fi

cleanup() {
  (cd / && "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop) >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

if ! (cd / && "${as_owner[@]}" "$pg_bin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8) >"$cluster/initdb.log" 2>&1; then
  cat "$cluster/initdb.log" >&2
  exit 1
fi
if ! (cd / && "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$cluster" \
      -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" start) >/dev/null; then
  cat "$cluster/data/server.log" >&2 || true
  exit 1
fi
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres vocweek

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/vocweek"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $cluster)"
status=0
"$@" || status=$?
exit "$status"
