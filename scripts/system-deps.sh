#!/usr/bin/env bash
# Install the Debian packages a make target needs, only those that are missing.
#   scripts/system-deps.sh chromium postgresql redis-server gettext wrk
set -euo pipefail

have_postgres_server() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && return 0
  done
  command -v initdb >/dev/null && command -v pg_ctl >/dev/null
}

missing=()
for need in "$@"; do
  case "$need" in
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    postgresql) have_postgres_server || missing+=(postgresql) ;;
    redis-server) command -v redis-server >/dev/null || missing+=(redis-server) ;;
    gettext) command -v msgfmt >/dev/null || missing+=(gettext) ;;
    wrk) command -v wrk >/dev/null || missing+=(wrk) ;;
    *) echo "system-deps: unknown need '$need'" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "system-deps: please install these Debian packages: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${missing[@]}" </dev/null
