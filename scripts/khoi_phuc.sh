#!/usr/bin/env bash
# Restores a pg_dump custom-format backup into a NEW database (never over a live one).
# Connection from the usual PG* variables. Usage: scripts/khoi_phuc.sh <tệp.dump> <csdl mới>
# The restore runs in one transaction; if it fails (or is interrupted), the database this
# script created is dropped again, so no empty or half-restored database is left behind.
# An existing database of that name is refused and never touched.
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[ "$#" -eq 2 ] || { echo "Cách dùng: $0 <tệp sao lưu> <tên cơ sở dữ liệu mới>" >&2; exit 2; }
TEP=$1
CSDL=$2
[ -r "$TEP" ] || { echo "Không đọc được tệp sao lưu $TEP." >&2; exit 1; }
"$PG_BIN/createdb" "$CSDL"
XONG=0
don_dep() {
  if [ "$XONG" != 1 ]; then
    echo "Khôi phục thất bại: xóa cơ sở dữ liệu $CSDL vừa tạo." >&2
    "$PG_BIN/dropdb" --if-exists "$CSDL" || echo "Không xóa được $CSDL; hãy xóa tay (dropdb $CSDL)." >&2
  fi
}
trap don_dep EXIT
trap 'exit 1' INT TERM
"$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$CSDL" "$TEP"
XONG=1
echo "Đã khôi phục $TEP vào cơ sở dữ liệu $CSDL."
