"""Load test on loopback: two gunicorn instances on two ports sharing one PostgreSQL;
50 simulated district staff for 60 s, each on its own unit, mixing dashboard reads and
saves (each save re-reads the grid first, as a person would), sent to either server at
random (sessions live in the database, so any server serves anyone). Prints throughput,
p50/p95 and errors, then checks in the database that every acknowledged save is there.

    scripts/voi_postgres.sh .venv/bin/python bench/tai.py [--nguoi 50] [--giay 60]
"""

import argparse
import html as html_lib
import http.cookiejar
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import GOC, chuan_bi_django, trung_vi_p95  # noqa: E402

MAT_KHAU = "TaiThu@2023"
KY = "2017-6t"


class KhongTheoChuyenHuong(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class NguoiDung:
    """One simulated member of staff with their own session."""

    def __init__(self, ten: str, ma_don_vi: str, cac_cong: list[int], rng: random.Random):
        self.ten, self.ma_don_vi, self.cac_cong, self.rng = ten, ma_don_vi, cac_cong, rng
        self.trinh = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                 KhongTheoChuyenHuong)
        self.da_xac_nhan: list[tuple[str, Decimal]] = []  # (ma_chi_tieu, value) of every acknowledged save
        self.do: dict[str, list[float]] = defaultdict(list)
        self.loi: list[str] = []

    def _goi(self, loai: str, duong_dan: str, du_lieu: dict | None = None) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.rng.choice(self.cac_cong)}{duong_dan}"
        yeu_cau = urllib.request.Request(url, data=urllib.parse.urlencode(du_lieu).encode() if du_lieu else None,
                                         headers={"Referer": url})
        bat_dau = time.perf_counter()
        try:
            with self.trinh.open(yeu_cau, timeout=30) as tra_loi:
                ma, noi_dung = tra_loi.status, tra_loi.read().decode()
        except urllib.error.HTTPError as e:
            ma, noi_dung = e.code, e.read().decode(errors="replace")
        self.do[loai].append((time.perf_counter() - bat_dau) * 1000)
        return ma, noi_dung

    def dang_nhap(self) -> None:
        _, html = self._goi("đăng nhập", "/dang-nhap/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        ma, _ = self._goi("đăng nhập", "/dang-nhap/", {"csrfmiddlewaretoken": csrf, "username": self.ten,
                                                       "password": MAT_KHAU})
        if ma != 302:
            raise RuntimeError(f"{self.ten}: đăng nhập trả về {ma}")

    def xem(self) -> None:
        duong_dan = self.rng.choice(["/", f"/don-vi/{self.ma_don_vi}/{KY}/", f"/don-vi/{self.ma_don_vi}/{KY}/"])
        ma, _ = self._goi("xem bảng", duong_dan)
        if ma != 200:
            self.loi.append(f"GET {duong_dan}: {ma}")

    def luu(self, lan: int) -> None:
        duong_dan = f"/nhap-lieu/{self.ma_don_vi}/{KY}/"
        ma, html = self._goi("mở lưới nhập", duong_dan)
        if ma != 200:
            self.loi.append(f"GET {duong_dan}: {ma}")
            return
        du_lieu = {}
        for the in re.findall(r"<input[^>]*>", html):
            ten = re.search(r'name="([^"]+)"', the)
            gia_tri = re.search(r'value="([^"]*)"', the)
            if ten and ('type="checkbox"' not in the or "checked" in the):
                du_lieu[ten.group(1)] = html_lib.unescape(gia_tri.group(1)) if gia_tri else ""
        for ten, gia_tri in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
            du_lieu[ten] = html_lib.unescape(gia_tri)
        ma_chi_tieu = self.rng.choice(["CT01.1", "CT01.2", "CT06", "CT09", "CT04"])
        gia_tri = Decimal(100000 + lan)
        du_lieu[f"th-{ma_chi_tieu}"] = str(gia_tri)
        # Confirmed, as a person would confirm it if it is 100× off the generated plan and last
        # year: this measures saving under load, not the magnitude rule.
        du_lieu[f"xn-{ma_chi_tieu}"] = str(gia_tri)
        ma, _ = self._goi("lưu", duong_dan, du_lieu)
        if ma == 302:
            self.da_xac_nhan.append((ma_chi_tieu, gia_tri))
        else:
            self.loi.append(f"POST {duong_dan}: {ma}")

    def chay(self, den_luc: float) -> None:
        try:
            self.dang_nhap()
            lan = 0
            while time.monotonic() < den_luc:
                lan += 1
                self.luu(lan) if self.rng.random() < 0.4 else self.xem()
        except Exception as e:  # every failure is counted and reported, never swallowed
            self.loi.append(f"{type(e).__name__}: {e}")


def main() -> None:
    tham_so = argparse.ArgumentParser(description=__doc__)
    tham_so.add_argument("--nguoi", type=int, default=50)
    tham_so.add_argument("--giay", type=int, default=60)
    tham_so.add_argument("--cong", type=int, nargs=2, default=[8101, 8102])
    tham_so = tham_so.parse_args()
    chuan_bi_django("bench_tai")
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from chitieu.models import DonVi, PhanCong, ThucHien

    call_command("tao_du_lieu_mau", tinh=5, huyen=11, chi_tieu=25, nam=3, tu_nam=2015, stdout=open(os.devnull, "w"))
    call_command("collectstatic", "--noinput", verbosity=0)
    nhom = Group.objects.get_or_create(name="Nhập liệu")[0]
    cac_huyen = list(DonVi.objects.filter(cap="huyen").order_by("ma")[: tham_so.nguoi])
    for i, dv in enumerate(cac_huyen):
        nguoi = User.objects.create_user(f"tai_{i:02d}", password=MAT_KHAU)
        nguoi.groups.add(nhom)
        PhanCong.objects.create(nguoi_dung=nguoi, don_vi=dv)

    moi_truong = {**os.environ, "GUNICORN_WORKERS": "3", "GUNICORN_THREADS": "4"}
    may_chu = [subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                                cwd=GOC, env=moi_truong | {"GUNICORN_BIND": f"127.0.0.1:{cong}"},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for cong in tham_so.cong]
    try:
        for cong in tham_so.cong:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{cong}/suc-khoe/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                sys.exit(f"gunicorn trên cổng {cong} không lên")
        rng = random.Random(2023)
        cac_nguoi = [NguoiDung(f"tai_{i:02d}", dv.ma, tham_so.cong, random.Random(rng.random()))
                     for i, dv in enumerate(cac_huyen)]
        bat_dau = time.monotonic()
        luong = [threading.Thread(target=n.chay, args=(bat_dau + tham_so.giay,)) for n in cac_nguoi]
        for t in luong:
            t.start()
        for t in luong:
            t.join()
        thoi_gian = time.monotonic() - bat_dau
    finally:
        for p in may_chu:
            p.terminate()
        for p in may_chu:
            p.wait(timeout=30)

    do = defaultdict(list)
    for n in cac_nguoi:
        for loai, mau in n.do.items():
            do[loai].extend(mau)
    tong = sum(len(m) for m in do.values())
    loi = [e for n in cac_nguoi for e in n.loi]
    print(f"\n{len(cac_nguoi)} người dùng, 2 máy chủ gunicorn (cổng {tham_so.cong[0]}, {tham_so.cong[1]}), "
          f"{thoi_gian:.0f} s: {tong} yêu cầu, {tong / thoi_gian:.1f} yêu cầu/s, {len(loi)} lỗi")
    print(f"{'loại yêu cầu':16} {'số':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for loai, mau in sorted(do.items()):
        p50, p95 = trung_vi_p95(mau)
        print(f"{loai:16} {len(mau):>6} {p50:>8.1f} {p95:>8.1f}")
    for e in loi[:10]:
        print("  lỗi:", e)

    # Every acknowledged save is in the database: the last one of each cell is its value,
    # and every one of them is in the history.
    so_luu, mat = 0, []
    for n in cac_nguoi:
        cuoi: dict[str, Decimal] = {}
        for ma, gia_tri in n.da_xac_nhan:
            cuoi[ma] = gia_tri
            so_luu += 1
        for ma, gia_tri in cuoi.items():
            th = ThucHien.objects.get(don_vi__ma=n.ma_don_vi, chi_tieu__ma=ma, ky__nam=2017, ky__so_thang=6)
            if th.gia_tri != gia_tri:
                mat.append((n.ten, ma, gia_tri, th.gia_tri))
        lich_su = set(ThucHien.history.filter(don_vi__ma=n.ma_don_vi, ky__nam=2017, ky__so_thang=6,
                                              history_change_reason="Nhập trên form")
                      .values_list("chi_tieu__ma", "gia_tri"))
        mat.extend((n.ten, ma, g, "không có trong lịch sử") for ma, g in n.da_xac_nhan if (ma, g) not in lich_su)
    print(f"\nLưu đã xác nhận: {so_luu}; mất: {len(mat)}")
    for m in mat[:10]:
        print("  mất:", m)
    sys.exit(1 if loi or mat else 0)


if __name__ == "__main__":
    main()
