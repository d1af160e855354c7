"""Backtest of the year-end forecast on the national generated data (`tao_du_lieu_mau`,
whose cumulative indicators follow the SYNTHETIC seasons of `chitieu/mua_vu.py`): for
each pattern kind, the mean absolute percentage error (MAPE) of the seasonal forecast
and of the n/12 extrapolation from months 3, 6 and 9, and how often the actual full
year fell inside the forecast's range — every unit, every year, each forecast made
only with the years before it, exactly as the pages make it (`chitieu.du_bao`).

    scripts/voi_postgres.sh .venv/bin/python bench/du_bao.py [--tinh 63] [--huyen 11] [--nam 10]

Exits with 1 when, for some seasonal kind, the seasonal forecast is not more accurate
than n/12 at month 6. Real accuracy is known only from a province's own history.
"""

import argparse
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chung import chuan_bi_django  # noqa: E402

CAC_THANG = (3, 6, 9)


def _pt(x) -> str:
    return "—" if x is None else f"{x:.1f} %".replace(".", ",")


def main() -> int:
    tham_so = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    tham_so.add_argument("--tinh", type=int, default=63)
    tham_so.add_argument("--huyen", type=int, default=11)
    tham_so.add_argument("--chi-tieu", type=int, default=25)
    tham_so.add_argument("--nam", type=int, default=10)
    a = tham_so.parse_args()
    chuan_bi_django("ktxh_bench_du_bao")
    from django.core.management import call_command

    from chitieu import du_bao, mua_vu
    from chitieu.models import ChiTieu, DonVi

    bat_dau = time.perf_counter()
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=a.tinh, huyen=a.huyen, chi_tieu=a.chi_tieu, nam=a.nam,
                 tu_nam=2015)
    print(f"Sinh dữ liệu: {a.tinh} tỉnh × {a.huyen} đơn vị, {a.chi_tieu} chỉ tiêu, {a.nam} năm "
          f"({time.perf_counter() - bat_dau:.0f} s)")
    cac_don_vi = list(DonVi.objects.all())
    cac_chi_tieu = list(ChiTieu.objects.all())
    ket_qua = {}
    for thang in CAC_THANG:
        bat_dau = time.perf_counter()
        ket_qua[thang] = mua_vu.theo_mau(cac_chi_tieu, du_bao.kiem_dinh_theo_chi_tieu(thang, cac_don_vi, cac_chi_tieu))
        print(f"Kiểm định từ tháng {thang}: {time.perf_counter() - bat_dau:.0f} s")

    print(f"\n{len(cac_don_vi)} đơn vị, mọi năm; MAPE dự báo mùa vụ / n/12 (tỷ lệ năm thực tế trong khoảng dự báo); "
          "mẫu: tỷ trọng 3/6/9 tháng của kiểu mùa vụ tổng hợp\n")
    print(f"{'kiểu mùa vụ':<12} {'mẫu 3/6/9':>11} {'số dự báo':>9}  "
          + "  ".join(f"{f'tháng {t}':^30}" for t in CAC_THANG))
    loi = []
    for ten, mau in mua_vu.MAU.items():
        if ten not in ket_qua[6]:
            continue
        o = []
        for thang in CAC_THANG:
            kd = ket_qua[thang][ten]
            trong = f"{100 * kd.so_lan_trong_khoang / kd.so_lan_co_khoang:.0f} %" if kd.so_lan_co_khoang else "—"
            o.append(f"{_pt(kd.mape):>7} / {_pt(kd.mape_don_gian):>7} ({trong:>4} trong)")
        mau_3_6_9 = "/".join(f"{100 * mau.ty_trong(t):.0f}" for t in CAC_THANG) + " %"
        print(f"{ten:<12} {mau_3_6_9:>11} {ket_qua[6][ten].so_lan:>9}  " + "  ".join(o))
        kd6 = ket_qua[6][ten]
        if mau.theo_mua_vu and not (kd6.mape is not None and kd6.mape_don_gian is not None
                                    and kd6.mape < kd6.mape_don_gian):
            loi.append(ten)
    if loi:
        print(f"\nKHÔNG ĐẠT: dự báo mùa vụ không chính xác hơn n/12 ở tháng 6 với: {', '.join(loi)}")
        return 1
    print("\nĐạt: ở tháng 6, dự báo mùa vụ chính xác hơn n/12 với mọi kiểu có mùa vụ.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
