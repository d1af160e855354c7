"""Pages and files whose size follows the number of units or of years stored, at
national scale: the Excel form of all of a province's units, the entry list and the
submission status for a user who sees every unit, the overview as years pile up, the
report .docx, the admin lists of figures.

    scripts/voi_postgres.sh .venv/bin/python bench/theo_don_vi.py bieu-mau [--huyen 135] [--lan 5]
    scripts/voi_postgres.sh .venv/bin/python bench/theo_don_vi.py danh-sach [--tinh 34] [--huyen 88]
    scripts/voi_postgres.sh .venv/bin/python bench/theo_don_vi.py so-nam

Server time is measured in-process through Django's full stack with the test client
(files: the writer itself), median over `--lan` runs after one warm-up.
"""

import argparse
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django, thoi_gian, trung_vi_p95  # noqa: E402


def _sinh(**kw) -> None:
    from django.core.management import call_command
    from django.db import connection

    bat_dau = time.perf_counter()
    call_command("tao_du_lieu_mau", stdout=StringIO(), xoa_truoc=True, **kw)
    with connection.cursor() as con_tro:
        con_tro.execute("ANALYZE")
    print(f"sinh dữ liệu {kw}: {time.perf_counter() - bat_dau:.0f} s", flush=True)


def _in(ten: str, mau: list[float], muc_tieu_ms: float, them: str = "") -> None:
    trung_vi, p95 = trung_vi_p95(mau)
    dat = "đạt" if trung_vi <= muc_tieu_ms else "CHƯA ĐẠT"
    print(f"{ten:48} trung vị {trung_vi:9.1f} ms  p95 {p95:9.1f} ms  {them}  {dat} (≤ {muc_tieu_ms:.0f} ms)",
          flush=True)


def bieu_mau(a) -> None:
    """The Excel form of every unit of one province (one sheet per unit)."""
    _sinh(tinh=1, huyen=a.huyen, chi_tieu=25, nam=2, tu_nam=2022)
    from chitieu.bieu_mau import ghi_bieu_mau
    from chitieu.models import DonVi, KyBaoCao

    ky = KyBaoCao.objects.get(nam=2023, so_thang=6)
    cac_don_vi = list(DonVi.objects.filter(cha__isnull=False).order_by("thu_tu", "ten_ngan"))
    kich_thuoc = len(ghi_bieu_mau(ky, cac_don_vi))
    mau = thoi_gian(lambda: ghi_bieu_mau(ky, cac_don_vi), a.lan)
    _in(f"biểu mẫu Excel, {len(cac_don_vi)} đơn vị", mau, 5000, f"{kich_thuoc / 1e6:.2f} MB")
    print(f"  mỗi sheet: {trung_vi_p95(mau)[0] / len(cac_don_vi):.1f} ms")


def _do_trang(client, url: str, lan: int) -> tuple[list[float], int, int]:
    """Times of `lan` GETs of `url`, its SQL query count and its size in bytes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tra_loi = client.get(url)
    assert tra_loi.status_code == 200, (url, tra_loi.status_code)
    with CaptureQueriesContext(connection) as truy_van:
        client.get(url)
    so_truy_van = len(truy_van.captured_queries)
    return thoi_gian(lambda: client.get(url), lan), so_truy_van, len(tra_loi.content)


def danh_sach(a) -> None:
    """The entry list and the submission status for an administrator, who sees every
    unit: first one province of 11 units, then `--tinh` × `--huyen`."""
    from django.contrib.auth.models import User
    from django.test import Client

    from chitieu.models import DonVi, KyBaoCao

    bang = {}
    for nhan, tinh, huyen in (("11 đơn vị", 1, 11), (f"{a.tinh} × {a.huyen}", a.tinh, a.huyen)):
        _sinh(tinh=tinh, huyen=huyen, chi_tieu=25, nam=1, tu_nam=2025)
        quan_tri = User.objects.create_superuser("quan_tri_bench", "", "x")
        client = Client()
        client.force_login(quan_tri)
        ky = KyBaoCao.objects.order_by("-nam", "-so_thang").first()
        tinh_cuoi = DonVi.objects.filter(cha__isnull=True).order_by("-thu_tu").first()
        print(f"[{nhan}] {DonVi.objects.count()} đơn vị", flush=True)
        trang = [
            ("/nhap-lieu/", "/nhap-lieu/"),
            ("/nhap-lieu/?trang=2", "/nhap-lieu/?trang=2"),
            ("/nhap-lieu/?nhom=<tỉnh cuối>", f"/nhap-lieu/?nhom={tinh_cuoi.ma}"),
            ("/nhap-lieu/?q=huyen 04", "/nhap-lieu/?q=huyen+04"),
            ("/tinh-trang-nop/<ky>/", f"/tinh-trang-nop/{ky.slug}/"),
            ("/tinh-trang-nop/<ky>/?nhom=<tỉnh cuối>", f"/tinh-trang-nop/{ky.slug}/?nhom={tinh_cuoi.ma}"),
        ]
        bang[nhan] = [(ten, *_do_trang(client, url, a.lan)) for ten, url in trang]
        User.objects.filter(id=quan_tri.id).delete()
    nho, lon = bang.values()
    print(f"\n{'Trang':42} {'SQL nhỏ':>7} {'SQL lớn':>7} {'KB':>6}")
    for (ten, _, sql_nho, _), (_, mau, sql_lon, co) in zip(nho, lon):
        _in(ten, mau, 150, f"SQL {sql_nho} → {sql_lon}{'' if sql_nho == sql_lon else ' (thay đổi!)'}, {co / 1024:.0f} KB")


def so_nam(a) -> None:
    """The overview `/` (default period) for a leader, 11 units, with 10 then 30 years stored."""
    from django.contrib.auth.models import User
    from django.test import Client

    for nam in (10, 30):
        _sinh(tinh=1, huyen=11, chi_tieu=25, nam=nam, tu_nam=2000)  # periods must lie in 2000–2100
        User.objects.filter(username="quan_tri_bench").delete()
        client = Client()
        client.force_login(User.objects.create_superuser("quan_tri_bench", "", "x"))
        mau, sql, co = _do_trang(client, "/", a.lan)
        _in(f"/ (tổng quan), {nam} năm", mau, 150, f"SQL {sql}, {co / 1024:.0f} KB")


MUC = {"bieu-mau": bieu_mau, "danh-sach": danh_sach, "so-nam": so_nam}


def main() -> None:
    tham_so = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tham_so.add_argument("muc", choices=list(MUC) + ["tat-ca"])
    tham_so.add_argument("--lan", type=int, default=5)
    tham_so.add_argument("--huyen", type=int, default=None, help="đơn vị mỗi tỉnh (mặc định 135; danh-sach: 88)")
    tham_so.add_argument("--tinh", type=int, default=34)
    a = tham_so.parse_args()
    huyen = a.huyen
    chuan_bi_django("ktxh_bench_theo_don_vi")
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    for ten, ham in MUC.items():
        if a.muc in (ten, "tat-ca"):
            a.huyen = huyen or {"danh-sach": 88}.get(ten, 135)
            ham(a)


if __name__ == "__main__":
    main()
