#!/usr/bin/env bash
# Restores a pg_dump custom-format backup into a NEW database (never over a live one).
# Connection from the usual PG* variables. Usage: scripts/khoi_phuc.sh <tệp.dump> <csdl mới>
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ "$#" -eq 2 ] || { echo "Cách dùng: $0 <tệp sao lưu> <tên cơ sở dữ liệu mới>" >&2; exit 2; }
"$PG_BIN/createdb" "$2"
"$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$2" "$1"
echo "Đã khôi phục $1 vào cơ sở dữ liệu $2."
