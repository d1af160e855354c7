"""Excel import benchmark: (1) 20,000 long-format rows, (2) a workbook of 100 unit sheets
(the district form), each imported the way a confirmed upload is — read, checked,
compared with the database, written through `chitieu.services` with history — beside a
baseline in the same run: plain openpyxl reading + `bulk_create` (no checks, no history).

    scripts/voi_postgres.sh .venv/bin/python bench/nhap_excel.py [--dong 20000] [--sheet 100]

Targets: ≥ 2,000 rows/s, within 3× of the baseline, ≤ 300 MB peak for 20k rows.
Peak memory is the process's maximum resident size (getrusage), read right after the
import and before the baselines run.
"""

import argparse
import io
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django  # noqa: E402

SO_CHI_TIEU = 40


def _mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def tao_the_gioi(so_don_vi: int):
    from django.contrib.auth.models import User

    from chitieu.models import ChiTieu, DonVi, KyBaoCao

    tinh = DonVi.objects.create(ma="tinh-do", ten="Tỉnh Đo", ten_ngan="Đo", cap="tinh")
    DonVi.objects.bulk_create([DonVi(ma=f"huyen-{i:04d}", ten=f"Huyện {i:04d}", ten_ngan=f"Huyện {i:04d}",
                                     cap="huyen", cha=tinh, thu_tu=i) for i in range(so_don_vi)])
    ChiTieu.objects.bulk_create([ChiTieu(ma=f"CT{i:02d}", ten=f"Chỉ tiêu số {i}", don_vi_tinh="triệu đồng",
                                         linh_vuc=ChiTieu.LinhVuc.KINH_TE if i < 25 else "van_hoa_xa_hoi",
                                         so_le=i % 3, thu_tu=i) for i in range(SO_CHI_TIEU)])
    for so_thang in (3, 6, 9, 12):
        KyBaoCao.objects.get_or_create(nam=2023, so_thang=so_thang)
    return User.objects.create_superuser("quan_tri", "", "x")


def bang_dai(so_dong: int, ky: str) -> bytes:
    from openpyxl import Workbook

    from chitieu.models import ChiTieu, DonVi

    don_vi = list(DonVi.objects.filter(cap="huyen").order_by("ma").values_list("ma", flat=True))
    chi_tieu = list(ChiTieu.objects.order_by("ma").values_list("ma", "so_le"))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("thuc_hien")
    ws.append(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri", "la_uoc", "ghi_chu"])
    n = 0
    for dv in don_vi:
        for i, (ct, so_le) in enumerate(chi_tieu):
            if n == so_dong:
                break
            gia_tri = Decimal(1000 + n) + (Decimal("0.5") if so_le else 0)
            ws.append([dv, ky, ct, float(gia_tri), 1 if i % 7 == 0 else 0, "ước tính" if i % 11 == 0 else ""])
            n += 1
    ra = io.BytesIO()
    wb.save(ra)
    return ra.getvalue()


def bieu_mau_100(so_sheet: int, ky) -> tuple[bytes, int]:
    """The form of `ky` for `so_sheet` units, every TH and KH tỉnh cell filled."""
    from openpyxl import load_workbook

    from chitieu import bieu_mau
    from chitieu.models import DonVi

    don_vi = list(DonVi.objects.filter(cap="huyen").order_by("ma")[:so_sheet])
    wb = load_workbook(io.BytesIO(bieu_mau.ghi_bieu_mau(ky, don_vi)))
    n = 0
    for ws in wb.worksheets:
        for hang in ws.iter_rows(min_row=bieu_mau.DONG_TIEU_DE + 2):
            if hang[bieu_mau.VT["ma"] - 1].value:
                hang[bieu_mau.VT["th"] - 1].value = 500 + n
                hang[bieu_mau.VT["kh_tinh"] - 1].value = 1000 + n
                n += 2
    ra = io.BytesIO()
    wb.save(ra)
    return ra.getvalue(), n


def nhap(noi_dung: bytes, nguoi, ten: str) -> tuple[float, int, float]:
    """Seconds, values written, and seconds of the preview alone (read + compare + warnings)."""
    from chitieu import bieu_mau

    bat_dau = time.perf_counter()
    xt = bieu_mau.xem_truoc_tep(noi_dung, nguoi)
    xem_truoc = time.perf_counter() - bat_dau
    assert not xt.loi, xt.loi[:5]
    bat_dau = time.perf_counter()
    xt = bieu_mau.xem_truoc_tep(noi_dung, nguoi, canh_bao=False)  # the confirm re-reads the file
    so = bieu_mau.ap_dung(xt, nguoi, ten)
    return time.perf_counter() - bat_dau, so, xem_truoc


def co_so_dai(noi_dung: bytes, ky) -> tuple[float, int]:
    """Baseline: openpyxl reads the rows, codes → ids, bulk_create. No checks, no history."""
    from openpyxl import load_workbook

    from chitieu.models import ChiTieu, DonVi, ThucHien

    bat_dau = time.perf_counter()
    don_vi = dict(DonVi.objects.values_list("ma", "id"))
    chi_tieu = dict(ChiTieu.objects.values_list("ma", "id"))
    wb = load_workbook(io.BytesIO(noi_dung), read_only=True, data_only=True)
    dong = []
    for ma_dv, _, ma_ct, gia_tri, la_uoc, ghi_chu in wb.worksheets[0].iter_rows(min_row=2, values_only=True):
        dong.append(ThucHien(ky=ky, don_vi_id=don_vi[ma_dv], chi_tieu_id=chi_tieu[ma_ct],
                             gia_tri=Decimal(repr(gia_tri)), la_uoc=bool(la_uoc), ghi_chu=ghi_chu or ""))
    ThucHien.objects.bulk_create(dong, batch_size=1000)
    return time.perf_counter() - bat_dau, len(dong)


def co_so_bieu_mau(noi_dung: bytes, ky) -> tuple[float, int]:
    """Baseline for the form: openpyxl reads every sheet, bulk_create of the TH and KH cells."""
    from openpyxl import load_workbook

    from chitieu import bieu_mau
    from chitieu.models import ChiTieu, DonVi, KeHoach, ThucHien

    bat_dau = time.perf_counter()
    chi_tieu = dict(ChiTieu.objects.values_list("ma", "id"))
    don_vi = list(DonVi.objects.filter(cap="huyen").order_by("ma"))
    wb = load_workbook(io.BytesIO(noi_dung), read_only=True, data_only=True)
    th, kh = [], []
    for dv, ws in zip(don_vi, wb.worksheets):
        for hang in ws.iter_rows(min_row=bieu_mau.DONG_TIEU_DE + 2, values_only=True):
            ma = hang[bieu_mau.VT["ma"] - 1]
            if ma in chi_tieu:
                th.append(ThucHien(ky=ky, don_vi_id=dv.id, chi_tieu_id=chi_tieu[ma],
                                   gia_tri=Decimal(hang[bieu_mau.VT["th"] - 1])))
                kh.append(KeHoach(nam=2024, don_vi_id=dv.id, chi_tieu_id=chi_tieu[ma], cap_giao="tinh",
                                  gia_tri=Decimal(hang[bieu_mau.VT["kh_tinh"] - 1])))
    ThucHien.objects.bulk_create(th, batch_size=1000)
    KeHoach.objects.bulk_create(kh, batch_size=1000)
    return time.perf_counter() - bat_dau, len(th) + len(kh)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dong", type=int, default=20000)
    p.add_argument("--sheet", type=int, default=100)
    tham_so = p.parse_args()
    chuan_bi_django("ktxh_bench_excel")
    from chitieu.models import KyBaoCao, ThucHien

    so_don_vi = max(tham_so.sheet, -(-tham_so.dong // SO_CHI_TIEU))
    nguoi = tao_the_gioi(so_don_vi)
    ky6, ky9, ky12 = (KyBaoCao.objects.get(nam=2023, so_thang=t) for t in (6, 9, 12))
    ky_co_so = KyBaoCao.objects.create(nam=2024, so_thang=6)

    dai = bang_dai(tham_so.dong, ky6.slug)
    bieu, so_o = bieu_mau_100(tham_so.sheet, ky12)
    truoc_mb = _mb()

    giay, so, xem_truoc = nhap(dai, nguoi, "dai.xlsx")
    dinh_mb = _mb()
    assert so == tham_so.dong == ThucHien.objects.filter(ky=ky6).count()
    assert ThucHien.history.filter(ky=ky6, history_change_reason="Nhập từ Excel: dai.xlsx").count() == so
    giay_cs, so_cs = co_so_dai(dai, ky_co_so)

    giay_b, so_b, xem_truoc_b = nhap(bieu, nguoi, "bieu-mau.xlsx")
    assert so_b == so_o, (so_b, so_o)
    giay_bcs, so_bcs = co_so_bieu_mau(bieu, ky9)

    print(f"Nhập Excel (PostgreSQL, một tiến trình) — {tham_so.dong} dòng dạng dài; "
          f"{tham_so.sheet} sheet biểu mẫu × {SO_CHI_TIEU} chỉ tiêu")
    print(f"{'':34} {'giây':>7} {'dòng/s':>9} {'cơ sở dòng/s':>13} {'chậm hơn':>9}")
    for ten, g, n, gcs, ncs in (("dạng dài, có lịch sử", giay, so, giay_cs, so_cs),
                                (f"biểu mẫu {tham_so.sheet} sheet, có lịch sử", giay_b, so_b, giay_bcs, so_bcs)):
        print(f"{ten:34} {g:7.2f} {n / g:9.0f} {ncs / gcs:13.0f} {(ncs / gcs) / (n / g):8.1f}×")
    print(f"xem trước (đọc + so sánh + cảnh báo): dạng dài {xem_truoc:.2f} s, biểu mẫu {xem_truoc_b:.2f} s")
    print(f"bộ nhớ đỉnh của tiến trình: {dinh_mb:.0f} MB (trước khi nhập: {truoc_mb:.0f} MB)")
    tot = so / giay >= 2000 and so_b / giay_b >= 2000 and giay / giay_cs * so_cs / so <= 3 and dinh_mb <= 300
    print("Đạt mục tiêu" if tot else "CHƯA đạt mục tiêu (≥ 2.000 dòng/s, ≤ 3× cơ sở, ≤ 300 MB)")


if __name__ == "__main__":
    main()
