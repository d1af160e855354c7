#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15: a fresh cluster on a free loopback
# port with a private socket directory, stopped and deleted on exit — even on failure.
# The command sees DATABASE_URL. Usage: scripts/voi_postgres.sh pytest ...
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "Không tìm thấy PostgreSQL 15 ở $PG_BIN (đặt PG_BIN nếu cài ở chỗ khác)." >&2
  exit 1
fi

# PG_GIU=<thư mục>: keep the cluster in that directory between runs (stopped, not deleted,
# on exit), e.g. for `bench/hai_cap.py --giu-du-lieu`.
if [ -n "${PG_GIU:-}" ]; then
  mkdir -p "$PG_GIU"
  THU_MUC=$(cd "$PG_GIU" && pwd)
else
  THU_MUC=$(mktemp -d /tmp/ktxh-pg.XXXXXX)
fi
chmod 755 "$THU_MUC"
CONG=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# initdb refuses to run as root: run the server as the postgres user then.
if [ "$(id -u)" = "0" ]; then
  chown postgres "$THU_MUC"
  chay_pg() { runuser -u postgres -- "$@"; }
else
  chay_pg() { "$@"; }
fi

dung_pg() {
  chay_pg "$PG_BIN/pg_ctl" -D "$THU_MUC/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ -z "${PG_GIU:-}" ]; then rm -rf "$THU_MUC"; fi
}
trap dung_pg EXIT INT TERM

[ -f "$THU_MUC/data/PG_VERSION" ] || chay_pg "$PG_BIN/initdb" -D "$THU_MUC/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
chay_pg "$PG_BIN/pg_ctl" -D "$THU_MUC/data" -l "$THU_MUC/postgres.log" -w start \
  -o "-p $CONG -k $THU_MUC -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
echo "PostgreSQL tạm thời: 127.0.0.1:$CONG" >&2

export DATABASE_URL="postgres://postgres@127.0.0.1:$CONG/ktxh"
export PG_BIN PG_SOCKET_DIR="$THU_MUC" PG_PORT="$CONG"
"$@"
