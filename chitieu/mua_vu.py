"""Seasonal patterns for GENERATED data (`manage.py tao_du_lieu_mau`, benchmarks): how a
cumulative indicator's year builds up month by month. SYNTHETIC — shaped after how
district reports describe their year (the Đông Xuân and Hè Thu rice harvests, budget
revenue and investment disbursement crowding into the last quarter, forest planting
with the autumn rains), not measured from any statistics. Real seasonality, and so the
real accuracy of the year-end forecast, is known only from a province's own history.

A year of one unit is its monthly flows: the kind's weights, times a factor of the unit
that persists from year to year (a district's harvest comes a little earlier than its
neighbour's), times a factor of that year (weather, a late budget transfer), made
cumulative and scaled to the year's total. Nothing here touches the database.

`theo_mau` pools backtests by pattern kind, for the benchmark of the forecast.
"""

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from . import tinh_toan


@dataclass(frozen=True)
class MauMuaVu:
    """A kind of seasonal pattern: monthly weights (January … December), how much a unit's
    own pattern differs from it (`lech_don_vi`) and how much a year differs from the
    unit's pattern (`lech_nam`), as the standard deviations of log-normal factors on
    each month's flow."""

    ten: str
    trong_so: tuple[float, ...]
    lech_don_vi: float = 0.12
    lech_nam: float = 0.12
    theo_mua_vu: bool = True  # False: flows spread evenly, n/12 is already right

    def ty_trong(self, thang: int) -> float:
        """The pattern's share of the year reached by the end of `thang`."""
        return sum(self.trong_so[:thang]) / sum(self.trong_so)


MAU = {m.ten: m for m in (
    # Thu ngân sách: revenue crowds into the last quarter (final tax settlements, land auctions).
    MauMuaVu("ngan_sach", (5, 6, 7, 7, 7, 8, 8, 8, 9, 10, 11, 14)),
    # Thu tiền sử dụng đất: a few land auctions, mostly late, very uneven from year to year.
    MauMuaVu("dat", (2, 2, 4, 4, 5, 8, 6, 7, 10, 12, 15, 25), lech_don_vi=0.2, lech_nam=0.35),
    # Sản lượng lương thực: the Đông Xuân harvest (April–May) and the Hè Thu harvest (August–September).
    MauMuaVu("luong_thuc", (0.5, 0.5, 2, 18, 27, 8, 2, 12, 15, 4, 5, 6)),
    # Giá trị sản xuất nông nghiệp: follows the harvests, softened by livestock and fisheries.
    MauMuaVu("nong_nghiep", (4, 4, 6, 11, 13, 8, 6, 10, 11, 7, 9, 11)),
    # Vốn đầu tư phát triển: slow to start (procedures, tenders), heaviest before the year closes.
    MauMuaVu("dau_tu", (3, 4, 6, 6, 7, 8, 7, 8, 10, 11, 13, 17)),
    # Trồng rừng tập trung: planted with the autumn rains of the central coast.
    MauMuaVu("trong_rung", (1, 1, 2, 3, 4, 5, 7, 9, 15, 21, 19, 13)),
    # Sản phẩm OCOP: recognised in batches in mid-year and at the year's end.
    MauMuaVu("ocop", (0.5, 0.5, 2, 3, 5, 14, 5, 5, 10, 10, 15, 30), lech_nam=0.2),
    # Công nghiệp, dịch vụ, tổng giá trị: a mild build-up towards the year's end.
    MauMuaVu("san_xuat", (6.5, 6.5, 7.5, 8, 8, 8.5, 8.5, 8.5, 9, 9.5, 9.5, 10), lech_don_vi=0.06, lech_nam=0.08),
    # Việc làm mới and the rest: spread evenly; n/12 is right.
    MauMuaVu("deu", (1,) * 12, lech_don_vi=0.05, lech_nam=0.08, theo_mua_vu=False),
)}

# The pattern of each indicator of the default catalog; other cumulative indicators take
# the kinds in turn (`mau_cua`).
CHI_TIEU_MAU = {
    "CT01": "san_xuat", "CT01.1": "nong_nghiep", "CT01.2": "san_xuat", "CT01.3": "san_xuat",
    "CT03": "ngan_sach", "CT03.1": "dat", "CT04": "dau_tu", "CT06": "luong_thuc", "CT07": "trong_rung",
    "CT09": "deu", "CT15": "ocop",
}
_LAN_LUOT = tuple(MAU)


def mau_cua(ma_chi_tieu: str, thu_tu: int = 0) -> MauMuaVu:
    """The pattern of an indicator: the catalog's, else the kinds in turn by `thu_tu`."""
    ten = CHI_TIEU_MAU.get(ma_chi_tieu)
    return MAU[ten] if ten else MAU[_LAN_LUOT[thu_tu % len(_LAN_LUOT)]]


class SinhMuaVu:
    """Cumulative values with seasons, deterministic from `rng`: the same calls in the
    same order give the same values. `khoa` names one series (a unit's indicator)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._cua_chuoi: dict[object, tuple[float, ...]] = {}
        self._cua_nam: dict[tuple, tuple[Decimal, tuple[float, ...]]] = {}
        self._vua_dung = None  # (mau, khoa, nam, the year's total, its flows, their sum): the last series-year asked

    def _nhan_to(self, lech: float) -> tuple[float, ...]:
        return tuple(math.exp(self.rng.gauss(0, lech)) for _ in range(12))

    def _nam(self, mau: MauMuaVu, khoa, nam: int, ke_hoach: Decimal) -> tuple[Decimal, list[float]]:
        """The year's total (the plan ± 12 %) and its monthly flows."""
        if khoa not in self._cua_chuoi:
            self._cua_chuoi[khoa] = self._nhan_to(mau.lech_don_vi)
        if (khoa, nam) not in self._cua_nam:
            ca_nam = ke_hoach * Decimal(repr(round(self.rng.uniform(0.88, 1.12), 4)))
            self._cua_nam[(khoa, nam)] = (ca_nam, self._nhan_to(mau.lech_nam))
        ca_nam, cua_nam = self._cua_nam[(khoa, nam)]
        return ca_nam, [w * u * y for w, u, y in zip(mau.trong_so, self._cua_chuoi[khoa], cua_nam)]

    def luy_ke(self, mau: MauMuaVu, khoa, nam: int, thang: int, ke_hoach: Decimal, so_le: int) -> Decimal:
        """The cumulative value by the end of `thang` (1–12) of series `khoa` in `nam`, whose
        year totals the plan `ke_hoach` ± 12 %, at `so_le` decimals."""
        vua = self._vua_dung  # the months of one series-year are asked in a row: reuse its flows
        if vua is None or vua[0] is not mau or vua[1] != khoa or vua[2] != nam:
            ca_nam, dong = self._nam(mau, khoa, nam, ke_hoach)
            vua = self._vua_dung = (mau, khoa, nam, ca_nam, dong, sum(dong))
        _, _, _, ca_nam, dong, tong = vua
        ty_trong = Decimal(repr(sum(dong[:thang]) / tong))
        return (ca_nam * ty_trong).quantize(Decimal(1).scaleb(-so_le))


def theo_mau(cac_chi_tieu, kiem_dinh: dict[int, tinh_toan.KiemDinh]) -> dict[str, tinh_toan.KiemDinh]:
    """The track records (`tinh_toan.KiemDinh` by indicator id) of the cumulative
    indicators pooled by their pattern kind, in the order of `MAU` — how the forecast
    does on each synthetic season (`bench/du_bao.py`)."""
    cac_lan: dict[str, list] = {ten: [] for ten in MAU}
    for ct in cac_chi_tieu:
        if tinh_toan.la_luy_ke(ct.loai, ct.la_ty_le) and ct.id in kiem_dinh:
            cac_lan[mau_cua(ct.ma, ct.thu_tu).ten] += kiem_dinh[ct.id].cac_lan
    return {ten: tinh_toan.KiemDinh(cac_lan=tuple(lan)) for ten, lan in cac_lan.items() if lan}
