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
                kh.append(KeHoach(nam=ky.nam, don_vi_id=dv.id, chi_tieu_id=chi_tieu[ma], cap_giao="tinh",
                                  gia_tri=Decimal(hang[bieu_mau.VT["kh_tinh"] - 1])))
    ThucHien.objects.bulk_create(th, batch_size=1000)
    KeHoach.objects.bulk_create(kh, batch_size=1000)
    return time.perf_counter() - bat_dau, len(th) + len(kh)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dong", type=int, default=20000)
    p.add_argument("--sheet", type=int, default=100)
    p.add_argument("--lan", type=int, default=3, help="repetitions, alternating with the baseline; best is kept")
    tham_so = p.parse_args()
    chuan_bi_django("ktxh_bench_excel")
    from chitieu.models import KyBaoCao, ThucHien

    so_don_vi = max(tham_so.sheet, -(-tham_so.dong // SO_CHI_TIEU))
    nguoi = tao_the_gioi(so_don_vi)
    truoc_mb = _mb()
    dai_kq, dai_cs, bieu_kq, bieu_cs, xem_truoc = [], [], [], [], []
    dinh_mb = None
    for i in range(tham_so.lan):
        # Every repetition writes new rows into periods (and plan years) of its own.
        ky_dai, ky_dai_cs, ky_bieu, ky_bieu_cs = (KyBaoCao.objects.create(nam=nam + i, so_thang=thang)
                                                  for nam, thang in ((2030, 6), (2040, 6), (2050, 12), (2060, 12)))
        dai = bang_dai(tham_so.dong, ky_dai.slug)
        bieu, so_o = bieu_mau_100(tham_so.sheet, ky_bieu)
        bieu_co_so, _ = bieu_mau_100(tham_so.sheet, ky_bieu_cs)

        giay, so, xt_dai = nhap(dai, nguoi, "dai.xlsx")
        if dinh_mb is None:
            dinh_mb = _mb()  # peak after importing 20k rows, before any baseline ran
        assert so == tham_so.dong == ThucHien.objects.filter(ky=ky_dai).count()
        assert ThucHien.history.filter(ky=ky_dai, history_change_reason="Nhập từ Excel: dai.xlsx").count() == so
        dai_kq.append((giay, so))
        dai_cs.append(co_so_dai(dai, ky_dai_cs))
        giay_b, so_b, xt_bieu = nhap(bieu, nguoi, "bieu-mau.xlsx")
        assert so_b == so_o, (so_b, so_o)
        bieu_kq.append((giay_b, so_b))
        bieu_cs.append(co_so_bieu_mau(bieu_co_so, ky_bieu_cs))
        xem_truoc.append((xt_dai, xt_bieu))

    def tot_nhat(kq):
        return min(kq, key=lambda x: x[0] / x[1])

    print(f"Nhập Excel (PostgreSQL, một tiến trình) — {tham_so.dong} dòng dạng dài; "
          f"{tham_so.sheet} sheet biểu mẫu × {SO_CHI_TIEU} chỉ tiêu; tốt nhất của {tham_so.lan} lần")
    print(f"{'':34} {'giây':>7} {'dòng/s':>9} {'cơ sở dòng/s':>13} {'chậm hơn':>9}")
    ti_le = []
    for ten, kq, cs in (("dạng dài, có lịch sử", dai_kq, dai_cs),
                        (f"biểu mẫu {tham_so.sheet} sheet, có lịch sử", bieu_kq, bieu_cs)):
        (g, n), (gcs, ncs) = tot_nhat(kq), tot_nhat(cs)
        ti_le.append((n / g, (ncs / gcs) / (n / g)))
        print(f"{ten:34} {g:7.2f} {n / g:9.0f} {ncs / gcs:13.0f} {ti_le[-1][1]:8.1f}×")
    print(f"mọi lần, dòng/s: dạng dài {[round(n / g) for g, n in dai_kq]} (cơ sở {[round(n / g) for g, n in dai_cs]}), "
          f"biểu mẫu {[round(n / g) for g, n in bieu_kq]} (cơ sở {[round(n / g) for g, n in bieu_cs]})")
    print("xem trước (đọc + so sánh + cảnh báo), giây: "
          f"dạng dài {min(x for x, _ in xem_truoc):.2f}, biểu mẫu {min(y for _, y in xem_truoc):.2f}")
    print(f"bộ nhớ đỉnh của tiến trình sau khi nhập {tham_so.dong} dòng: {dinh_mb:.0f} MB "
          f"(trước khi nhập: {truoc_mb:.0f} MB; cuối cùng: {_mb():.0f} MB)")
    tot = all(toc_do >= 2000 and cham <= 3 for toc_do, cham in ti_le) and dinh_mb <= 300
    print("Đạt mục tiêu" if tot else "CHƯA đạt mục tiêu (≥ 2.000 dòng/s, ≤ 3× cơ sở, ≤ 300 MB)")


if __name__ == "__main__":
    main()
