"""Compares two directories written by `bench/chup_trang.py`, response by response, with
what differs between any two renderings masked: CSRF tokens, CSP nonces, and times
written as "hh:mm dd/mm/yyyy" (the demo's load time on `/tinh-trang-nop/`). Prints the
responses that differ; exits 1 if any does.

    .venv/bin/python bench/so_sanh_trang.py /tmp/trang-truoc /tmp/trang-sau
"""

import re
import sys
from pathlib import Path


def chuan_hoa(noi_dung: bytes) -> bytes:
    noi_dung = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"CSRF", noi_dung)
    noi_dung = re.sub(rb'nonce="[^"]+"', b"NONCE", noi_dung)
    return re.sub(rb"\d\d:\d\d \d\d/\d\d/\d{4}", b"THOI-GIAN", noi_dung)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("Cách dùng: bench/so_sanh_trang.py <thư mục trước> <thư mục sau>")
    truoc, sau = Path(sys.argv[1]), Path(sys.argv[2])
    cac_tep = sorted(truoc.iterdir())
    khac = 0
    for tep in cac_tep:
        dau = tep.read_bytes().split(b"\n", 1)[0].decode()
        kia = sau / tep.name
        if not kia.exists():
            print(f"thiếu ở {sau}: {dau}")
            khac += 1
        elif chuan_hoa(tep.read_bytes()) != chuan_hoa(kia.read_bytes()):
            print(f"khác: {dau}")
            khac += 1
    thua = len(list(sau.iterdir())) - (len(cac_tep) - sum(1 for t in cac_tep if not (sau / t.name).exists()))
    print(f"{len(cac_tep)} trang, {khac} khác" + (f", {thua} chỉ có ở {sau}" if thua else ""))
    sys.exit(1 if khac or thua else 0)


if __name__ == "__main__":
    main()
