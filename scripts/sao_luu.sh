#!/usr/bin/env bash
# Backs up one database with pg_dump's custom format (compressed, restorable table by
# table). Connection from the usual PG* variables. Usage: scripts/sao_luu.sh <csdl> <tệp.dump>
# The dump is written beside the target under a temporary name and renamed only when
# pg_dump succeeded: a failed backup leaves no (empty or partial) file under the target
# name, and an older backup of that name stays as it was.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ "$#" -eq 2 ] || { echo "Cách dùng: $0 <tên cơ sở dữ liệu> <tệp sao lưu>" >&2; exit 2; }
TAM=$(mktemp "$2.dang-ghi.XXXXXX")
trap 'rm -f "$TAM"' EXIT
if ! "$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file="$TAM" "$1"; then
  echo "Sao lưu $1 thất bại; không ghi tệp $2." >&2
  exit 1
fi
mv -f "$TAM" "$2"
echo "Đã sao lưu $1 vào $2 ($(du -h "$2" | cut -f1))."
