"""Page benchmark at national two-tier scale (issue 13): server time (median, p95) and
SQL queries of every page, first with one new province of 10 communes (from one old
province of 2 districts), then with the country of 1/7/2025 — 63 old provinces and 693
districts to 6 tháng 2025, 34 new provinces and 3,321 communes from 7 tháng 2025, the
succession rows between them, 25 indicators, monthly periods over 10 years
(`tao_du_lieu_mau --hai-cap`). The pages are those of a new province of 100–160 communes
(the one closest to Gia Lai's 135) and of one of its communes formed from two districts,
for 6 tháng 2026, whose cùng kỳ is built from the predecessors.

    scripts/voi_postgres.sh .venv/bin/python bench/hai_cap.py [--lan 30] [--tinh 63] [--xa 3321]

`--chi-lon` skips the 10-commune case (whose query counts the national ones are compared
with). `--giu-du-lieu` keeps the national data set for the next run: the database is not
dropped, it is marked with the generation's arguments, and a run with the same arguments
reuses it instead of generating again (the 10-commune case then goes to a database of its
own). It needs a cluster that outlives the run:

    PG_GIU=/tmp/ktxh-pg-hai-cap scripts/voi_postgres.sh .venv/bin/python bench/hai_cap.py --giu-du-lieu

Server time is measured in-process through Django's full stack with the test client,
like bench/hieu_nang.py, twice for each page: the first view after a write (each sample
follows a write statement, so the dashboards kept in memory under the version of the data,
baocao/bo_dem.py, cannot serve it: this is the computation itself, and its SQL count is the
one compared), and the page viewed again with the data unchanged.
"""

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django, thoi_gian, trung_vi_p95  # noqa: E402
from hieu_nang import MUC_TIEU_MS, _form  # noqa: E402

KY = "2026-6t"


def chon_tinh_va_xa() -> tuple[str, str, int]:
    """The new province whose number of communes is closest to 135, and its first commune
    formed from two districts: (province code, commune code, number of communes)."""
    from django.db.models import Count

    from chitieu.models import DonVi, KeThua

    tinh = (DonVi.objects.filter(cap=DonVi.Cap.TINH, ngay_thanh_lap__isnull=False)
            .annotate(so_xa=Count("con")).order_by("id"))
    tinh = min(tinh, key=lambda t: (abs(t.so_xa - 135), t.id))
    xa = (KeThua.objects.filter(don_vi_moi__cha=tinh).values("don_vi_moi__ma").annotate(so=Count("id"))
          .filter(so=2).order_by("don_vi_moi__thu_tu").values_list("don_vi_moi__ma", flat=True).first())
    return tinh.ma, xa, tinh.so_xa


def do_cac_trang(lan: int, tinh: str, xa: str, chi_trang: list[str] | None = None) -> list[tuple]:
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chitieu.dinh_dang import doc_so
    from chitieu.models import DonVi, PhanCong

    quan_tri = User.objects.filter(username="quan_tri").first() or User.objects.create_superuser("quan_tri", "", "x")
    nhap_lieu = User.objects.filter(username="nhap_lieu").first() or User.objects.create_user("nhap_lieu", "", "x")
    nhap_lieu.groups.add(Group.objects.get_or_create(name="Nhập liệu")[0])
    PhanCong.objects.filter(nguoi_dung=nhap_lieu).delete()
    PhanCong.objects.create(nguoi_dung=nhap_lieu, don_vi=DonVi.objects.get(ma=xa))
    doc, ghi = Client(), Client()
    doc.force_login(quan_tri)
    ghi.force_login(nhap_lieu)
    trang = [
        ("/ (tổng quan tỉnh mới)", doc, "get", f"/?tinh={tinh}&ky={KY}"),
        ("/ ?dang=xlsx", doc, "get", f"/?tinh={tinh}&ky={KY}&dang=xlsx"),
        ("/don-vi/ (xã, cùng kỳ từ 2 huyện)", doc, "get", f"/don-vi/{xa}/{KY}/"),
        ("/don-vi/ (tỉnh mới, cùng kỳ từ tỉnh cũ)", doc, "get", f"/don-vi/{tinh}/{KY}/"),
        ("/don-vi/…?dang=xlsx (xã)", doc, "get", f"/don-vi/{xa}/{KY}/?dang=xlsx"),
        ("/chi-tieu/CT01/ (xếp hạng xã)", doc, "get", f"/chi-tieu/CT01/{KY}/?tinh={tinh}"),
        ("/xu-huong/ (xã, CT01)", doc, "get", f"/xu-huong/{xa}/CT01/"),
        ("/bao-cao/ (tỉnh mới)", doc, "get", f"/bao-cao/{tinh}/{KY}/"),
        ("/bao-cao/…/docx/ (tỉnh mới)", doc, "get", f"/bao-cao/{tinh}/{KY}/docx/"),
        ("/bao-cao/…/xlsx/ (tỉnh mới)", doc, "get", f"/bao-cao/{tinh}/{KY}/xlsx/"),
        ("/bao-cao/…/docx/ (xã)", doc, "get", f"/bao-cao/{xa}/{KY}/docx/"),
        ("/tinh-trang-nop/ (Quản trị)", doc, "get", f"/tinh-trang-nop/{KY}/"),
        ("/nhap-lieu/ (Quản trị, chọn đơn vị)", doc, "get", "/nhap-lieu/"),
        ("/nhap-lieu/ GET (xã)", ghi, "get", f"/nhap-lieu/{xa}/{KY}/"),
        ("/nhap-lieu/ lưu (POST, xã)", ghi, "post", f"/nhap-lieu/{xa}/{KY}/"),
        ("biểu mẫu Excel (xã)", ghi, "get", f"/excel/bieu-mau/{xa}/{KY}/"),
        ("admin: số liệu thực hiện (danh sách)", doc, "get", "/admin/chitieu/thuchien/"),
        ("admin: kế hoạch (danh sách)", doc, "get", "/admin/chitieu/kehoach/"),
        ("admin: số liệu thực hiện, tìm đơn vị", doc, "get", f"/admin/chitieu/thuchien/?q={xa}"),
    ]
    ket_qua = []
    for ten, client, phuong_thuc, url in trang:
        if chi_trang and not any(t in ten for t in chi_trang):
            continue
        if phuong_thuc == "get":
            if client.get(url).status_code != 200:
                ket_qua.append((ten, None, None, None, None))
                continue

            def goi(client=client, url=url):
                assert client.get(url).status_code == 200

            thoi_gian(goi, 3)
            # First view after a write: every sample follows a write statement, which changes
            # the version of the data, so no page kept in memory (baocao/bo_dem.py) serves it.
            mau_dau = []
            for _ in range(lan):
                _ghi()
                with CaptureQueriesContext(connection) as truy_van:
                    mau_dau.append(thoi_gian(goi, 1)[0])
                so_truy_van = len(truy_van.captured_queries)  # read now: each request clears the log
            mau = thoi_gian(goi, lan)  # viewed again, data unchanged
        else:
            mau, mau_dau = [], None
            for i in range(lan + 1):
                # The figure changed by a little, so the magnitude rule does not hold it back (a commune's
                # figure at national size is far below 100,000, which would wait for a confirmation).
                du_lieu = _form(client, url)
                cu = doc_so(du_lieu["th-CT01.1"]) or Decimal(0)
                du_lieu["th-CT01.1"] = str(cu.to_integral_value() + 1 + i)
                with CaptureQueriesContext(connection) as truy_van:
                    bat_dau = time.perf_counter()
                    tra_loi = client.post(url, du_lieu)
                    if tra_loi.status_code != 302:
                        break
                    if i:
                        mau.append((time.perf_counter() - bat_dau) * 1000)
                so_truy_van = len(truy_van.captured_queries)
            if tra_loi.status_code != 302:  # the page refused the save: say why, measure the rest
                tep = Path("/tmp") / f"hai_cap_luu_{xa}.html"
                tep.write_bytes(tra_loi.content)
                print(f"  {ten:40} trả {tra_loi.status_code}, không lưu (trang ghi ở {tep})", flush=True)
                ket_qua.append((ten, None, None, None, None))
                continue
        if mau_dau is None:  # a save: every sample is a first view
            mau_dau = mau
        trung_vi, p95 = trung_vi_p95(mau_dau)
        xem_lai = trung_vi_p95(mau)[0]
        ket_qua.append((ten, trung_vi, p95, so_truy_van, xem_lai))
        print(f"  {ten:40} SQL {so_truy_van:>3}  lần đầu sau khi ghi: trung vị {trung_vi:8.1f} ms  p95 {p95:8.1f} ms"
              f"  xem lại: {xem_lai:8.1f} ms", flush=True)
    return ket_qua


def _ghi() -> None:
    """A write statement (one that changes no row): it counts as a write for the version
    of the data (chitieu/phien_ban.py), like any save."""
    from django.db import connection

    with connection.cursor() as con_tro:
        con_tro.execute("UPDATE chitieu_kybaocao SET nam = nam WHERE false")


def _sang_csdl(ten: str, giu: bool) -> None:
    """Points Django at database `ten` of the same cluster (created, or with `giu` kept if
    it exists), migrated."""
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    with connection._nodb_cursor() as con_tro:
        con_tro.execute("SELECT 1 FROM pg_database WHERE datname = %s", [ten])
        if not (giu and con_tro.fetchone()):
            con_tro.execute(f'DROP DATABASE IF EXISTS "{ten}"')
            con_tro.execute(f'CREATE DATABASE "{ten}"')
    connection.settings_dict["NAME"] = ten
    call_command("migrate", verbosity=0)


def _dau_hieu_csdl() -> str | None:
    """The mark `--giu-du-lieu` left on the current database: the arguments its data was generated with."""
    from django.db import connection

    with connection.cursor() as con_tro:
        con_tro.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                        "WHERE datname = current_database()")
        return con_tro.fetchone()[0]


def main() -> None:
    tham_so = argparse.ArgumentParser(description=__doc__)
    tham_so.add_argument("--lan", type=int, default=30, help="số lần đo mỗi trang")
    tham_so.add_argument("--tinh", type=int, default=63, help="số tỉnh cũ")
    tham_so.add_argument("--tinh-moi", type=int, default=34)
    tham_so.add_argument("--huyen", type=int, default=11, help="số huyện mỗi tỉnh cũ")
    tham_so.add_argument("--xa", type=int, default=3321)
    tham_so.add_argument("--nam", type=int, default=10)
    tham_so.add_argument("--chi-lon", action="store_true", help="chỉ đo cỡ lớn (bỏ trường hợp 10 xã)")
    tham_so.add_argument("--chi-trang", action="append",
                         help="chỉ đo các trang có tên chứa chuỗi này (lặp lại được), vd. --chi-trang POST")
    tham_so.add_argument("--giu-du-lieu", action="store_true",
                         help="giữ dữ liệu cỡ lớn cho lần chạy sau; dùng lại nếu đã sinh với cùng tham số")
    tham_so = tham_so.parse_args()
    chuan_bi_django("bench_hai_cap", giu=tham_so.giu_du_lieu)
    from django.core.management import call_command
    from django.db import connection

    from chitieu.models import DonVi, KeThua, ThucHien

    call_command("collectstatic", "--noinput", verbosity=0)
    bang = {}
    lon = dict(tinh=tham_so.tinh, huyen=tham_so.huyen, tinh_moi=tham_so.tinh_moi, xa=tham_so.xa)
    dau_hieu = "hai_cap " + " ".join(f"{k}={v}" for k, v in {**lon, "nam": tham_so.nam, "chi_tieu": 25}.items())
    co = [(f"{tham_so.tinh_moi} tỉnh mới, {tham_so.xa} xã", lon)]
    if not tham_so.chi_lon:
        co.insert(0, ("1 tỉnh mới × 10 xã", dict(tinh=1, huyen=2, tinh_moi=1, xa=10)))
    for nhan, kich_thuoc in co:
        la_lon = kich_thuoc is lon
        if tham_so.giu_du_lieu:  # the small case in a database of its own, the kept one untouched
            _sang_csdl("bench_hai_cap" if la_lon else "bench_hai_cap_nho", giu=la_lon)
            if la_lon and _dau_hieu_csdl() != dau_hieu:  # other arguments, or never finished: start afresh
                _sang_csdl("bench_hai_cap", giu=False)
        bat_dau = time.perf_counter()
        if la_lon and tham_so.giu_du_lieu and _dau_hieu_csdl() == dau_hieu:
            sinh = None
        else:
            call_command("tao_du_lieu_mau", hai_cap=True, chi_tieu=25, nam=tham_so.nam, xoa_truoc=True,
                         stdout=open("/dev/null", "w"), **kich_thuoc)
            sinh = time.perf_counter() - bat_dau
            with connection.cursor() as con_tro:
                con_tro.execute("ANALYZE")
                if la_lon and tham_so.giu_du_lieu:
                    con_tro.execute(f"COMMENT ON DATABASE {connection.settings_dict['NAME']} IS %s", [dau_hieu])
        tinh, xa, so_xa = chon_tinh_va_xa()
        so = [f"{n:,}".replace(",", ".") for n in (DonVi.objects.count(), KeThua.objects.count(),
                                                    ThucHien.objects.count())]
        sinh = "dùng lại dữ liệu đã sinh (--giu-du-lieu)" if sinh is None else f"{sinh:.1f} s"
        print(f"[{nhan}] sinh dữ liệu: {sinh} — {so[0]} đơn vị, {so[1]} dòng kế thừa, {so[2]} số liệu "
              f"thực hiện; đo {tinh} ({so_xa} xã) và {xa}", flush=True)
        bang[nhan] = do_cac_trang(tham_so.lan, tinh, xa, tham_so.chi_trang)
    if tham_so.chi_lon:
        return
    nho, lon = bang.values()
    print()
    print("Lần đầu: trang xem ngay sau một lần ghi (không lấy từ bộ nhớ). Xem lại: dữ liệu không đổi.")
    print(f"{'Trang':40} {'SQL (10 xã)':>11} {'SQL (lớn)':>10} {'lần đầu ms':>11} {'p95 ms':>8} "
          f"{'xem lại ms':>11}  lần đầu ≤ {MUC_TIEU_MS} ms")
    for (ten, tv_nho, _, sql_nho, _), (_, trung_vi, p95, sql_lon, xem_lai) in zip(nho, lon):
        if trung_vi is None or tv_nho is None:
            print(f"{ten:40} {'(trang trả lỗi)':>33}")
            continue
        dat = "đạt" if trung_vi <= MUC_TIEU_MS else "CHƯA ĐẠT"
        print(f"{ten:40} {sql_nho:>11} {sql_lon:>10} {trung_vi:>11.1f} {p95:>8.1f} {xem_lai:>11.1f}  {dat}"
              + ("" if sql_nho == sql_lon else "  (số truy vấn thay đổi!)"))


if __name__ == "__main__":
    main()
