"""Renders the demo's pages and exports into a directory, one file per response, so that
two versions of the code can be compared byte for byte (`bench/so_sanh_trang.py`): every
unit × period of the demo (unit page and report; at 6 and 12 months also the unit's
.xlsx, the report's .docx and .xlsx), the overview of each period and province (with its
.xlsx, the forecast view and the gap sort), rankings, trends, `/tinh-trang-nop/` and
`/nhap-lieu/`, for four demo users. An .xlsx or .docx is written as its XML parts without
docProps (which hold the time of writing).

    DEBUG=1 scripts/voi_postgres.sh .venv/bin/python bench/chup_trang.py /tmp/trang-truoc
    git switch …  # the other version
    DEBUG=1 scripts/voi_postgres.sh .venv/bin/python bench/chup_trang.py /tmp/trang-sau
    .venv/bin/python bench/so_sanh_trang.py /tmp/trang-truoc /tmp/trang-sau

About 3,000 responses, 5–7 minutes on 2 cores. DEBUG=1: the demo data loads only then.

`--lan-hai` asks for every address twice and writes the second answer: the dashboards then
come from the memory of pages kept between requests (baocao/bo_dem.py), and comparing such
a run with a normal one shows that a kept page is the page computed. It says how many
answers came from memory (read no figure).
"""

import hashlib
import io
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django  # noqa: E402


def main() -> None:
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["--lan-hai"]):
        sys.exit("Cách dùng: bench/chup_trang.py <thư mục ghi> [--lan-hai]")
    lan_hai = sys.argv[2:] == ["--lan-hai"]
    chuan_bi_django("chup_trang")
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chitieu.models import ChiTieu, DonVi, KyBaoCao

    call_command("nap_du_lieu_demo", stdout=open("/dev/null", "w"))
    ra = Path(sys.argv[1])
    ra.mkdir(parents=True, exist_ok=True)
    khach = {}
    for ten in ("tong_hop", "quan_tri", "lanh_dao", "nhap_lieu_an_lao"):
        if nguoi := User.objects.filter(username=ten).first():
            khach[ten] = Client()
            khach[ten].force_login(nguoi)
    cac_ky = [k.slug for k in KyBaoCao.objects.order_by("nam", "so_thang")]
    cac_don_vi = list(DonVi.objects.order_by("id"))
    dia_chi = []
    for ky in cac_ky:
        dia_chi += [f"/?ky={ky}", f"/?ky={ky}&dang=xlsx", f"/?ky={ky}&xem=du_bao", f"/tinh-trang-nop/{ky}/"]
        for tinh in (dv for dv in cac_don_vi if dv.cap == DonVi.Cap.TINH):
            dia_chi += [f"/?ky={ky}&tinh={tinh.ma}", f"/?ky={ky}&tinh={tinh.ma}&sap_xep=chenh_lech"]
        dia_chi += [f"/chi-tieu/{ct.ma}/{ky}/" for ct in ChiTieu.objects.filter(cha__isnull=True).order_by("ma")[:6]]
        for dv in cac_don_vi:
            if not dv.hoat_dong_trong_nam(int(ky[:4])):
                continue
            dia_chi += [f"/don-vi/{dv.ma}/{ky}/", f"/bao-cao/{dv.ma}/{ky}/"]
            if ky.endswith(("-6t", "-12t")):
                dia_chi += [f"/don-vi/{dv.ma}/{ky}/?dang=xlsx", f"/bao-cao/{dv.ma}/{ky}/docx/",
                            f"/bao-cao/{dv.ma}/{ky}/xlsx/"]
    dia_chi += [f"/xu-huong/{dv.ma}/CT01/" for dv in cac_don_vi[:40]] + ["/", "/nhap-lieu/"]
    so = tu_bo_nho = 0
    for ten, client in khach.items():
        for url in dia_chi if ten in ("tong_hop", "quan_tri") else dia_chi[:200]:
            tra_loi = client.get(url)
            if lan_hai:
                with CaptureQueriesContext(connection) as truy_van:
                    tra_loi = client.get(url)
                tu_bo_nho += not any("chitieu_thuchien" in q["sql"] for q in truy_van.captured_queries)
            noi_dung = tra_loi.content
            if "officedocument" in tra_loi.get("Content-Type", ""):
                tep = zipfile.ZipFile(io.BytesIO(noi_dung))
                noi_dung = b"".join(p.encode() + b"\n" + tep.read(p) for p in sorted(tep.namelist())
                                    if "docProps" not in p)
            dau = f"{ten} {url} {tra_loi.status_code}\n".encode()
            (ra / hashlib.md5(dau[:-5]).hexdigest()[:12]).write_bytes(dau + noi_dung)
            so += 1
    print(f"Đã ghi {so} trang vào {ra}" + (f"; {tu_bo_nho} trang lần hai lấy từ bộ nhớ" if lan_hai else ""))


if __name__ == "__main__":
    main()
