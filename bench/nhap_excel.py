"""Excel import benchmark: (1) 20,000 long-format rows, (2) a workbook of 100 unit sheets
(the district form), each imported the way an upload is — read once and checked on
upload, compared again and written through `chitieu.services` with history on confirm —
beside a baseline in the same run: plain openpyxl reading + `bulk_create` (no checks, no
history); (3) the same 20,000 rows as a person lives it, over HTTP through Django's full
stack (the test client): upload → preview page → confirm; (4) the largest file the upload
budget allows (EXCEL_MAX_CELLS cells of the long format), uploaded and previewed in a
process of its own, for its peak memory.

    scripts/voi_postgres.sh .venv/bin/python bench/nhap_excel.py [--dong 20000] [--sheet 100]

Targets: ≥ 2,000 rows/s, within 3× of the baseline, ≤ 300 MB peak for 20k rows; over
HTTP ≤ 10 s in total with a preview page ≤ 1 MB; ≤ 300 MB peak for the largest file.
Peak memory is the process's maximum resident size (VmHWM), read right after the import
(the preview, for the largest file) and before the baselines run.
"""

import argparse
import io
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django  # noqa: E402

SO_CHI_TIEU = 40


def _mb() -> float:
    """The process's peak resident size in MB: VmHWM (Linux resets it at exec, so a child
    process does not report its parent's peak as getrusage does), else getrusage."""
    try:
        with open("/proc/self/status") as trang_thai:
            return next(int(d.split()[1]) for d in trang_thai if d.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def tao_the_gioi(so_don_vi: int):
    """A province and its units, the indicators, and the province's indicator set (every
    indicator, the plan sources "KH tỉnh giao" and "KH huyện giao") for every year."""
    from django.contrib.auth.models import User

    from chitieu.models import BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KyBaoCao, NguonCuaBo, NguonKeHoach

    tinh = DonVi.objects.create(ma="tinh-do", ten="Tỉnh Đo", ten_ngan="Đo", cap="tinh")
    DonVi.objects.bulk_create([DonVi(ma=f"huyen-{i:04d}", ten=f"Huyện {i:04d}", ten_ngan=f"Huyện {i:04d}",
                                     cap="huyen", cha=tinh, thu_tu=i) for i in range(so_don_vi)])
    chi_tieu = ChiTieu.objects.bulk_create([
        ChiTieu(ma=f"CT{i:02d}", ten=f"Chỉ tiêu số {i}", don_vi_tinh="triệu đồng",
                linh_vuc=ChiTieu.LinhVuc.KINH_TE if i < 25 else "van_hoa_xa_hoi", so_le=i % 3, thu_tu=i)
        for i in range(SO_CHI_TIEU)])
    bo = BoChiTieu.objects.create(ten="Bộ chỉ tiêu đo", pham_vi=tinh)
    ChiTieuTrongBo.objects.bulk_create([ChiTieuTrongBo(bo=bo, chi_tieu=ct, thu_tu=ct.thu_tu) for ct in chi_tieu])
    for thu_tu, (ma, ten, ten_ngan) in enumerate((("kh-tinh", "KH tỉnh giao", "KH tỉnh"),
                                                  ("kh-huyen", "KH huyện giao", "KH huyện"))):
        nguon = NguonKeHoach.objects.get_or_create(ma=ma, defaults={"ten": ten, "ten_ngan": ten_ngan})[0]
        NguonCuaBo.objects.create(bo=bo, nguon=nguon, thu_tu=thu_tu, chinh=thu_tu == 0)
    for so_thang in (3, 6, 9, 12):
        KyBaoCao.objects.get_or_create(nam=2023, so_thang=so_thang)
    return User.objects.create_superuser("quan_tri", "", "x")


def _cot_bieu_mau() -> dict[str, int]:
    """The 1-based column of each field of the form of `tao_the_gioi`'s set."""
    from chitieu import bieu_mau
    from chitieu.models import NguonCuaBo

    cac_nguon = [nc.nguon for nc in NguonCuaBo.objects.filter(bo__ten="Bộ chỉ tiêu đo").select_related("nguon")
                 .order_by("thu_tu")]
    return {ten: i + 1 for i, ten in enumerate(bieu_mau.cac_cot(cac_nguon))}


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
    vt = _cot_bieu_mau()
    n = 0
    for ws in wb.worksheets:
        for hang in ws.iter_rows(min_row=bieu_mau.DONG_TIEU_DE + 2):
            if hang[vt["ma"] - 1].value:
                hang[vt["th"] - 1].value = 500 + n
                hang[vt["kh:kh-tinh"] - 1].value = 1000 + n
                n += 2
    ra = io.BytesIO()
    wb.save(ra)
    return ra.getvalue(), n


def nhap(noi_dung: bytes, nguoi, ten: str) -> tuple[float, int, float]:
    """Seconds of the import (upload: read, check, keep; confirm: compare, write), values
    written, and seconds of the preview (compare + warnings), as the Excel pages do it."""
    from chitieu import bieu_mau

    bat_dau = time.perf_counter()
    kq = bieu_mau.doc_tep(noi_dung)
    xt = bieu_mau.so_sanh(kq, nguoi, canh_bao=False, bac_do=False)
    assert not xt.loi, xt.loi[:5]
    goi = bieu_mau.dong_goi(kq)
    tai_len = time.perf_counter() - bat_dau
    bat_dau = time.perf_counter()
    bieu_mau.so_sanh(bieu_mau.mo_goi(goi), nguoi)
    xem_truoc = time.perf_counter() - bat_dau
    bat_dau = time.perf_counter()
    so = bieu_mau.ap_dung(bieu_mau.so_sanh(bieu_mau.mo_goi(goi), nguoi, canh_bao=False, bac_do=False), nguoi, ten)
    return tai_len + time.perf_counter() - bat_dau, so, xem_truoc


def qua_http(noi_dung: bytes, nguoi, ten: str) -> dict:
    """Upload → preview page → confirm through Django's full stack (middleware, views,
    templates), as a browser would post them. Seconds of each step, the preview's size."""
    from django.test import Client

    client = Client()
    client.force_login(nguoi)
    tep = io.BytesIO(noi_dung)
    tep.name = ten
    bat_dau = time.perf_counter()
    tra_loi = client.post("/excel/nhap/", {"tep": tep})
    assert tra_loi.status_code == 302, tra_loi.content[-2000:]
    tai_len = time.perf_counter()
    trang = client.get(tra_loi["Location"])
    html = trang.content
    xem_truoc = time.perf_counter()
    assert trang.status_code == 200
    xac_nhan = re.search(rb'action="(/excel/nhap/[^"]+/xac-nhan/)"', html).group(1).decode()
    van_tay = re.search(rb'name="dau_van_tay" value="([0-9a-f]+)"', html).group(1).decode()
    tra_loi = client.post(xac_nhan, {"dau_van_tay": van_tay})
    xong = time.perf_counter()
    assert tra_loi.status_code == 302 and "/excel/nhap/" in tra_loi["Location"], tra_loi["Location"]
    return {"tai_len": tai_len - bat_dau, "xem_truoc": xem_truoc - tai_len, "xac_nhan": xong - xem_truoc,
            "tong": xong - bat_dau, "html": len(html)}


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
    from chitieu.models import ChiTieu, DonVi, KeHoach, NguonKeHoach, ThucHien

    bat_dau = time.perf_counter()
    chi_tieu = dict(ChiTieu.objects.values_list("ma", "id"))
    don_vi = list(DonVi.objects.filter(cap="huyen").order_by("ma"))
    tinh_giao = NguonKeHoach.objects.get(ma="kh-tinh")
    vt = _cot_bieu_mau()
    wb = load_workbook(io.BytesIO(noi_dung), read_only=True, data_only=True)
    th, kh = [], []
    for dv, ws in zip(don_vi, wb.worksheets):
        for hang in ws.iter_rows(min_row=bieu_mau.DONG_TIEU_DE + 2, values_only=True):
            ma = hang[vt["ma"] - 1]
            if ma in chi_tieu:
                th.append(ThucHien(ky=ky, don_vi_id=dv.id, chi_tieu_id=chi_tieu[ma],
                                   gia_tri=Decimal(hang[vt["th"] - 1])))
                kh.append(KeHoach(nam=ky.nam, don_vi_id=dv.id, chi_tieu_id=chi_tieu[ma], nguon=tinh_giao,
                                  hieu_luc_tu=date(ky.nam, 1, 1), gia_tri=Decimal(hang[vt["kh:kh-tinh"] - 1])))
    ThucHien.objects.bulk_create(th, batch_size=1000)
    KeHoach.objects.bulk_create(kh, batch_size=1000)
    return time.perf_counter() - bat_dau, len(th) + len(kh)


def bang_dai_lon_nhat(o_toi_da: int, dong_toi_da: int, ky: str) -> tuple[bytes, int]:
    """The largest long-format file the upload budget allows: `o_toi_da` cells of data, in
    sheets of `dong_toi_da` rows (header included), over the units and indicators that
    `tao_the_gioi` makes (by their codes). Returns it and its rows."""
    from openpyxl import Workbook

    cot = ["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri", "la_uoc", "ghi_chu"]
    wb = Workbook(write_only=True)
    n, o_con = 0, o_toi_da
    while o_con >= 2 * len(cot):
        ws = wb.create_sheet(f"thuc_hien_{len(wb.worksheets) + 1}")
        ws.append(cot)
        o_con -= len(cot)
        for _ in range(min(dong_toi_da - 1, o_con // len(cot))):
            ws.append([f"huyen-{n // SO_CHI_TIEU:04d}", ky, f"CT{n % SO_CHI_TIEU:02d}", 1000 + n,
                       1 if n % 7 == 0 else 0, "ước tính theo báo cáo tháng" if n % 11 == 0 else None])
            o_con -= len(cot)
            n += 1
    ra = io.BytesIO()
    wb.save(ra)
    return ra.getvalue(), n


def bieu_mau_lon_nhat(so_sheet: int) -> tuple[bytes, int]:
    """The district form of `so_sheet` units (EXCEL_MAX_SHEETS, the most sheets a file may
    have), every TH, KH tỉnh and KH huyện filled: the most values a file holds within the
    budget. Values are stored here only to be written into the form; the child process
    that imports it has none, so every one is a change."""
    from decimal import Decimal

    from chitieu import bieu_mau
    from chitieu.models import ChiTieu, DonVi, KeHoach, KyBaoCao, NguonKeHoach, ThucHien

    tinh = DonVi.objects.get(ma="tinh-do")
    co = DonVi.objects.filter(cap="huyen").count()
    DonVi.objects.bulk_create([DonVi(ma=f"huyen-{i:04d}", ten=f"Huyện {i:04d}", ten_ngan=f"Huyện {i:04d}",
                                     cap="huyen", cha=tinh, thu_tu=i) for i in range(co, so_sheet)])
    ky = KyBaoCao.objects.create(nam=2090, so_thang=6)
    don_vi = list(DonVi.objects.filter(cap="huyen").order_by("ma")[:so_sheet])
    chi_tieu = list(ChiTieu.objects.all())
    ThucHien.objects.bulk_create([ThucHien(ky=ky, don_vi=dv, chi_tieu=ct, gia_tri=Decimal(500 + i))
                                  for i, (dv, ct) in enumerate((dv, ct) for dv in don_vi for ct in chi_tieu)],
                                 batch_size=5000)
    cac_nguon = list(NguonKeHoach.objects.filter(ma__in=["kh-tinh", "kh-huyen"]))
    KeHoach.objects.bulk_create([KeHoach(nam=ky.nam, don_vi=dv, chi_tieu=ct, nguon=ng, hieu_luc_tu=date(ky.nam, 1, 1),
                                         gia_tri=Decimal(1000 + i))
                                 for i, (dv, ct, ng) in enumerate((dv, ct, ng) for dv in don_vi for ct in chi_tieu
                                                                  for ng in cac_nguon)], batch_size=5000)
    return bieu_mau.ghi_bieu_mau(ky, don_vi), 3 * len(don_vi) * len(chi_tieu)


def lon_nhat(tep: str, so_dong: int) -> None:
    """(4), in a process of its own, given the file: upload it and open its preview."""
    chuan_bi_django("ktxh_bench_excel_lon")
    from django.conf import settings
    from django.test import Client

    from chitieu.models import KyBaoCao

    # Static files as they are (no collectstatic here: it would weigh on this process's peak).
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    nguoi = tao_the_gioi(max(-(-so_dong // SO_CHI_TIEU), settings.EXCEL_MAX_SHEETS))
    KyBaoCao.objects.bulk_create([KyBaoCao(nam=2070, so_thang=6), KyBaoCao(nam=2090, so_thang=6)])
    noi_dung = Path(tep).read_bytes()
    truoc = _mb()
    client = Client()
    client.force_login(nguoi)
    tai_len = io.BytesIO(noi_dung)
    tai_len.name = "lon-nhat.xlsx"
    bat_dau = time.perf_counter()
    tra_loi = client.post("/excel/nhap/", {"tep": tai_len})
    assert tra_loi.status_code == 302, tra_loi.content[-3000:]
    trang = client.get(tra_loi["Location"])
    assert trang.status_code == 200 and f"{so_dong} ô thay đổi".encode() in trang.content
    giay = time.perf_counter() - bat_dau
    print(f"lon_nhat {len(noi_dung)} {giay:.2f} {len(trang.content)} {truoc:.0f} {_mb():.0f}")


def lon_nhat_ca_hai() -> list[float]:
    """(4) for both shapes: each largest file uploaded and previewed in a child process.
    Returns the peaks in MB; a child that fails stops the benchmark with its error."""
    from django.conf import settings

    dinh_lon_nhat = []
    for ten, (lon, so) in (
            ("dạng dài", bang_dai_lon_nhat(settings.EXCEL_MAX_CELLS, settings.EXCEL_MAX_ROWS, "2070-6t")),
            ("biểu mẫu", bieu_mau_lon_nhat(settings.EXCEL_MAX_SHEETS))):
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as tep:
            tep.write(lon)
            tep.flush()
            ket_qua = subprocess.run([sys.executable, __file__, "--lon-nhat", tep.name, str(so)], capture_output=True,
                                     text=True)
        if ket_qua.returncode:
            sys.exit(f"tệp lớn nhất ({ten}) lỗi:\n{ket_qua.stdout[-3000:]}\n{ket_qua.stderr[-6000:]}")
        _, byte, giay, html, truoc, dinh = ket_qua.stdout.split("\n")[-2].split()
        dinh_lon_nhat.append(float(dinh))
        print(f"tệp lớn nhất được nhận, {ten} ({so} giá trị, {int(byte) / 1e6:.1f} MB), tải lên + xem trước qua HTTP "
              f"trong tiến trình riêng: {float(giay):.1f} s, trang {int(html) / 1024:.0f} kB, bộ nhớ đỉnh {dinh} MB "
              f"(trước khi tải lên: {truoc} MB)", flush=True)
    return dinh_lon_nhat


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dong", type=int, default=20000)
    p.add_argument("--sheet", type=int, default=100)
    p.add_argument("--lan", type=int, default=3, help="repetitions, alternating with the baseline; best is kept")
    p.add_argument("--lon-nhat", nargs=2, help=argparse.SUPPRESS)  # (4) as a child process: file, rows
    p.add_argument("--chi-lon-nhat", action="store_true", help="only (4), the largest files' peak memory")
    tham_so = p.parse_args()
    if tham_so.lon_nhat:
        return lon_nhat(tham_so.lon_nhat[0], int(tham_so.lon_nhat[1]))
    if tham_so.chi_lon_nhat:
        chuan_bi_django("ktxh_bench_excel")
        tao_the_gioi(max(tham_so.sheet, -(-tham_so.dong // SO_CHI_TIEU)))
        sys.exit(0 if max(lon_nhat_ca_hai()) <= 300 else 1)
    chuan_bi_django("ktxh_bench_excel")
    from django.core.management import call_command

    from chitieu.models import KyBaoCao, ThucHien

    call_command("collectstatic", "--noinput", verbosity=0)

    so_don_vi = max(tham_so.sheet, -(-tham_so.dong // SO_CHI_TIEU))
    nguoi = tao_the_gioi(so_don_vi)
    truoc_mb = _mb()
    dai_kq, dai_cs, bieu_kq, bieu_cs, xem_truoc, http = [], [], [], [], [], []
    dinh_mb = None
    for i in range(tham_so.lan):
        # Every repetition writes new rows into periods (and plan years) of its own.
        ky_dai, ky_dai_cs, ky_bieu, ky_bieu_cs, ky_http = (
            KyBaoCao.objects.create(nam=nam + i, so_thang=thang)
            for nam, thang in ((2030, 6), (2040, 6), (2050, 12), (2060, 12), (2080, 6)))
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
        http.append(qua_http(bang_dai(tham_so.dong, ky_http.slug), nguoi, "dai-http.xlsx"))
        assert ThucHien.objects.filter(ky=ky_http).count() == tham_so.dong

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
    print("xem trước (so sánh + cảnh báo), giây: "
          f"dạng dài {min(x for x, _ in xem_truoc):.2f}, biểu mẫu {min(y for _, y in xem_truoc):.2f}")
    print(f"bộ nhớ đỉnh của tiến trình sau khi nhập {tham_so.dong} dòng: {dinh_mb:.0f} MB "
          f"(trước khi nhập: {truoc_mb:.0f} MB; cuối cùng: {_mb():.0f} MB)")
    tot_http = min(http, key=lambda x: x["tong"])
    print(f"qua HTTP (tải lên → trang xem trước → xác nhận), {tham_so.dong} dòng, tốt nhất của {tham_so.lan}: "
          f"{tot_http['tong']:.2f} s = {tot_http['tai_len']:.2f} + {tot_http['xem_truoc']:.2f} + "
          f"{tot_http['xac_nhan']:.2f}; trang xem trước {tot_http['html'] / 1024:.0f} kB; "
          f"mọi lần, giây: {[round(x['tong'], 2) for x in http]}")
    dinh_lon_nhat = lon_nhat_ca_hai()
    tot = (all(toc_do >= 2000 and cham <= 3 for toc_do, cham in ti_le) and dinh_mb <= 300
           and tot_http["tong"] <= 10 and tot_http["html"] <= 1024 * 1024 and max(dinh_lon_nhat) <= 300)
    print("Đạt mục tiêu" if tot else "CHƯA đạt mục tiêu (≥ 2.000 dòng/s, ≤ 3× cơ sở, ≤ 300 MB; HTTP ≤ 10 s, "
                                     "trang ≤ 1 MB; tệp lớn nhất ≤ 300 MB)")


if __name__ == "__main__":
    main()
