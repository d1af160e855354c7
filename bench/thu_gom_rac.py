"""The garbage collector's thresholds (config/thu_gom_rac.py) on the heaviest dashboards at
national two-tier size: CPython's defaults (700, 10, 10) against the app server's
(`GC_NGUONG`, 50,000, 10, 10), alternately in one process, so both see the same machine
load; what the application loaded is frozen in both (`gc.freeze()`, as in an app server).
The pages are computed every time (the pages kept in memory are turned off), as on the
first view after a write. Needs the national data set kept by bench/hai_cap.py:

    PG_GIU=/tmp/ktxh-pg-hai-cap scripts/voi_postgres.sh .venv/bin/python bench/hai_cap.py --giu-du-lieu --chi-lon --lan 3
    PG_GIU=/tmp/ktxh-pg-hai-cap scripts/voi_postgres.sh .venv/bin/python bench/thu_gom_rac.py [--vong 10]
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django  # noqa: E402


def main() -> None:
    tham_so = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tham_so.add_argument("--vong", type=int, default=10, help="số vòng đo (mỗi vòng: mỗi ngưỡng, mỗi trang một lần)")
    tham_so = tham_so.parse_args()
    os.environ["BO_DEM_TRANG_MB"] = "0"  # every view computes its page
    chuan_bi_django("bench_hai_cap", giu=True)
    from django.contrib.auth.models import User
    from django.test import Client

    from chitieu.models import DonVi
    from config import thu_gom_rac
    from hai_cap import KY, chon_tinh_va_xa

    if not DonVi.objects.filter(ma="tinh-moi-01").exists():
        sys.exit("Chưa có bộ dữ liệu toàn quốc: chạy bench/hai_cap.py --giu-du-lieu trước (xem đầu tệp).")
    tinh, _, so_xa = chon_tinh_va_xa()
    client = Client()
    client.force_login(User.objects.filter(username="quan_tri").first()
                       or User.objects.create_superuser("quan_tri", "", "x"))
    trang = {
        "/ (tổng quan)": f"/?tinh={tinh}&ky={KY}",
        "/ ?dang=xlsx": f"/?tinh={tinh}&ky={KY}&dang=xlsx",
        "/don-vi/ (tỉnh mới)": f"/don-vi/{tinh}/{KY}/",
        "/bao-cao/ (tỉnh mới)": f"/bao-cao/{tinh}/{KY}/",
        "/bao-cao/…/docx/": f"/bao-cao/{tinh}/{KY}/docx/",
        "/bao-cao/…/xlsx/": f"/bao-cao/{tinh}/{KY}/xlsx/",
    }
    for url in trang.values():  # warm: templates, the first connection, the catalog
        assert client.get(url).status_code == 200, url
    nguong = {"mặc định CPython": (700, 10, 10), "GC_NGUONG": thu_gom_rac.nguong()}
    mau = {(n, ten): [] for n in nguong for ten in trang}  # (wall ms, CPU ms of this process)
    for _ in range(tham_so.vong):
        for n, gia_tri in nguong.items():
            gc.set_threshold(*gia_tri)
            for ten, url in trang.items():
                gc.collect()
                bat_dau, cpu = time.perf_counter(), time.process_time()
                client.get(url)
                mau[(n, ten)].append(((time.perf_counter() - bat_dau) * 1000, (time.process_time() - cpu) * 1000))
    # The CPU time of this process (Python: the collector's work is there, the database's is
    # not) varies less with the load of a shared machine than the wall time.
    print(f"{tinh} ({so_xa} xã), {KY}, {tham_so.vong} vòng; trung vị ms, thời gian thực · CPU của tiến trình:")
    print(f"  {'trang':24} " + "  ".join(f"{n:>22}" for n in nguong) + "   thay đổi (thực · CPU)")
    for ten in trang:
        (cu, cu_cpu), (moi, moi_cpu) = ((statistics.median(x[0] for x in mau[(n, ten)]),
                                         statistics.median(x[1] for x in mau[(n, ten)])) for n in nguong)
        print(f"  {ten:24} {cu:11.0f} · {cu_cpu:8.0f}  {moi:11.0f} · {moi_cpu:8.0f}"
              f"   {(moi - cu) / cu * 100:+.0f} % · {(moi_cpu - cu_cpu) / cu_cpu * 100:+.0f} %")


if __name__ == "__main__":
    main()
