"""Page benchmark at national scale: server time (median, p95) and SQL queries of every
page, first with one province of 11 units, then with 63 provinces × 11 units (693
district-level units, 25 indicators, 10 years × 4 periods ≈ 700,000 actuals).

    scripts/voi_postgres.sh .venv/bin/python bench/hieu_nang.py [--lan 30] [--tinh 63]

Server time is measured in-process through Django's full stack (middleware, view,
template, response) with the test client: no network, no browser.
"""

import argparse
import html as html_lib
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django, thoi_gian, trung_vi_p95  # noqa: E402

MUC_TIEU_MS = 150


def _form(client, url: str) -> dict:
    html = client.get(url).content.decode()
    du_lieu = {}
    for the in re.findall(r"<input[^>]*>", html):
        ten = re.search(r'name="([^"]+)"', the)
        gia_tri = re.search(r'value="([^"]*)"', the)
        if ten and ten.group(1) != "csrfmiddlewaretoken" and ('type="checkbox"' not in the or "checked" in the):
            du_lieu[ten.group(1)] = html_lib.unescape(gia_tri.group(1)) if gia_tri else ""
    for ten, gia_tri in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        du_lieu[ten] = html_lib.unescape(gia_tri)
    return du_lieu


def do_cac_trang(lan: int, tinh: str, huyen: str, ky: str) -> list[tuple]:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chitieu.models import DonVi, PhanCong

    quan_tri = User.objects.filter(username="quan_tri").first() or User.objects.create_superuser("quan_tri", "", "x")
    nhap_lieu = User.objects.filter(username="nhap_lieu").first() or User.objects.create_user("nhap_lieu", "", "x")
    from django.contrib.auth.models import Group

    nhap_lieu.groups.add(Group.objects.get_or_create(name="Nhập liệu")[0])
    PhanCong.objects.get_or_create(nguoi_dung=nhap_lieu, don_vi=DonVi.objects.get(ma=huyen))
    doc, ghi = Client(), Client()
    doc.force_login(quan_tri)
    ghi.force_login(nhap_lieu)
    trang = [
        ("/ (tổng quan)", doc, "get", "/"),
        ("/?xem=du_bao (tổng quan, dự báo)", doc, "get", f"/?ky={ky}&xem=du_bao"),
        ("/don-vi/ (huyện)", doc, "get", f"/don-vi/{huyen}/{ky}/"),
        ("/don-vi/ (tỉnh, cộng 11 huyện)", doc, "get", f"/don-vi/{tinh}/{ky}/"),
        ("/chi-tieu/CT01/ (xếp hạng)", doc, "get", f"/chi-tieu/CT01/{ky}/"),
        ("/bao-cao/ (huyện)", doc, "get", f"/bao-cao/{huyen}/{ky}/"),
        ("/bao-cao/ (tỉnh)", doc, "get", f"/bao-cao/{tinh}/{ky}/"),
        ("/bao-cao/…/docx/ (huyện)", doc, "get", f"/bao-cao/{huyen}/{ky}/docx/"),
        ("/bao-cao/…/xlsx/ (huyện)", doc, "get", f"/bao-cao/{huyen}/{ky}/xlsx/"),
        ("/xu-huong/ (huyện, CT01)", doc, "get", f"/xu-huong/{huyen}/CT01/"),
        ("/ ?dang=xlsx", doc, "get", "/?dang=xlsx"),
        ("/don-vi/…?dang=xlsx", doc, "get", f"/don-vi/{huyen}/{ky}/?dang=xlsx"),
        ("/chi-tieu/…?dang=xlsx", doc, "get", f"/chi-tieu/CT01/{ky}/?dang=xlsx"),
        ("biểu mẫu Excel (huyện)", ghi, "get", f"/excel/bieu-mau/{huyen}/{ky}/"),
        ("/nhap-lieu/ GET", ghi, "get", f"/nhap-lieu/{huyen}/{ky}/"),
        ("/nhap-lieu/ cả năm GET (ước từ dự báo)", ghi, "get", f"/nhap-lieu/{huyen}/{ky.split('-')[0]}-12t/"),
        ("/nhap-lieu/ lưu (POST)", ghi, "post", f"/nhap-lieu/{huyen}/{ky}/"),
    ]
    ket_qua = []
    for ten, client, phuong_thuc, url in trang:
        if phuong_thuc == "get":
            if client.get(url).status_code != 200:
                ket_qua.append((ten, None, None, None))
                continue

            def goi(client=client, url=url):
                assert client.get(url).status_code == 200

            thoi_gian(goi, 3)
            with CaptureQueriesContext(connection) as truy_van:
                goi()
            so_truy_van = len(truy_van.captured_queries)  # read now: each request clears the log
            mau = thoi_gian(goi, lan)
        else:
            mau = []
            for i in range(lan + 1):
                du_lieu = _form(client, url) | {"th-CT01.1": str(100000 + i)}
                with CaptureQueriesContext(connection) as truy_van:
                    bat_dau = time.perf_counter()
                    assert client.post(url, du_lieu).status_code == 302
                    if i:
                        mau.append((time.perf_counter() - bat_dau) * 1000)
                so_truy_van = len(truy_van.captured_queries)
        trung_vi, p95 = trung_vi_p95(mau)
        ket_qua.append((ten, trung_vi, p95, so_truy_van))
    return ket_qua


def main() -> None:
    tham_so = argparse.ArgumentParser(description=__doc__)
    tham_so.add_argument("--lan", type=int, default=30, help="số lần đo mỗi trang")
    tham_so.add_argument("--tinh", type=int, default=63)
    tham_so.add_argument("--huyen", type=int, default=11)
    tham_so.add_argument("--nam", type=int, default=10)
    tham_so = tham_so.parse_args()
    chuan_bi_django("bench_trang")
    from django.core.management import call_command

    from chitieu.models import DonVi, ThucHien

    call_command("collectstatic", "--noinput", verbosity=0)
    tu_nam = 2015
    ky = f"{tu_nam + tham_so.nam - 1}-6t"
    bang = {}
    for nhan, so_tinh in (("1 tỉnh × 11", 1), (f"{tham_so.tinh} tỉnh × {tham_so.huyen}", tham_so.tinh)):
        bat_dau = time.perf_counter()
        call_command("tao_du_lieu_mau", tinh=so_tinh, huyen=tham_so.huyen, chi_tieu=25, nam=tham_so.nam,
                     tu_nam=tu_nam, xoa_truoc=True, stdout=open("/dev/null", "w"))
        print(f"[{nhan}] sinh dữ liệu: {time.perf_counter() - bat_dau:.1f} s — {DonVi.objects.count()} đơn vị, "
              f"{ThucHien.objects.count():,} số liệu thực hiện".replace(",", "."), flush=True)
        from django.db import connection

        with connection.cursor() as con_tro:
            con_tro.execute("ANALYZE")
        bang[nhan] = do_cac_trang(tham_so.lan, "tinh-01", "tinh-01-huyen-04", ky)
    nho, lon = bang.values()
    print()
    print(f"{'Trang':34} {'SQL (11 đv)':>11} {'SQL (lớn)':>10} {'trung vị ms':>12} {'p95 ms':>8}  đạt ≤ {MUC_TIEU_MS} ms")
    for (ten, _, _, sql_nho), (_, trung_vi, p95, sql_lon) in zip(nho, lon):
        if trung_vi is None:
            print(f"{ten:34} {'(chưa có trang này)':>33}")
            continue
        dat = "đạt" if trung_vi <= MUC_TIEU_MS else "CHƯA ĐẠT"
        print(f"{ten:34} {sql_nho:>11} {sql_lon:>10} {trung_vi:>12.1f} {p95:>8.1f}  {dat}"
              + ("" if sql_nho == sql_lon else "  (số truy vấn thay đổi!)"))


if __name__ == "__main__":
    main()
