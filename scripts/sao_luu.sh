#!/usr/bin/env bash
# Backs up one database with pg_dump's custom format (compressed, restorable table by
# table). Connection from the usual PG* variables. Usage: scripts/sao_luu.sh <csdl> <tệp.dump>
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ "$#" -eq 2 ] || { echo "Cách dùng: $0 <tên cơ sở dữ liệu> <tệp sao lưu>" >&2; exit 2; }
"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file="$2" "$1"
echo "Đã sao lưu $1 vào $2 ($(du -h "$2" | cut -f1))."
