"""The computation rules of DESIGN §3, as pure functions.

Inputs are Decimals or None (missing); outputs are Decimals, None or one of the status
strings below. Nothing here touches the database or formats text: views, charts,
exports and the narrative all call these functions, so a rule changes in one place.

Every function accepts any Decimal, including NaN, infinities and extreme exponents,
and answers None ("cannot be computed") rather than raising: a figure that cannot be
computed is shown as missing, never as an error page and never as 0.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

# Kinds of indicator (ChiTieu.loai).
LUY_KE = "luy_ke"  # cumulative since 1 January: compared with n/12 of the annual plan
THOI_DIEM = "thoi_diem"  # level at the end of the period: compared with the plan directly
TANG_TRUONG = "tang_truong"  # growth rate in %, from a base cumulative indicator

# Direction (ChiTieu.chieu).
TANG = "tang"  # higher is better
GIAM = "giam"  # lower is better (tỷ lệ hộ nghèo)

# Kinds of plan (KeHoach.kieu): a value, or a bound the way resolutions write targets
# ("phấn đấu tăng 10,27 % trở lên", "giảm còn dưới 2,75 %", "tăng trưởng 8,8–9,4 %").
BANG = "bang"  # a value: "475,5"
TOI_THIEU = "toi_thieu"  # at least a: "≥ 10,27"
TOI_DA = "toi_da"  # at most a: "≤ 2,75"
KHOANG = "khoang"  # a range [a, b]: "8,8–9,4"

# Where a figure lies against a range plan.
TRONG_KHOANG = "trong"
VUOT_KHOANG = "vuot"  # beyond the range on the good side (above it when higher is better)
CHUA_TOI_KHOANG = "chua_toi"  # short of the range

# Status of one figure against its plan (`trang_thai`).
DAT = "dat"  # on or ahead of plan
CHAM = "cham"  # behind, within BIEN_DO_CHAM of the expected progress
CHAM_NHIEU = "cham_nhieu"  # further behind
THIEU_SO_LIEU = "thieu_so_lieu"  # actual or plan missing, or plan = 0

# How a figure is compared with its plan.
SO_PHAN_TRAM = "phan_tram"  # "đạt X % so với KH"
SO_CHENH_LECH = "chenh_lech"  # TH − KH in the unit (or "điểm %"), and đạt / không đạt

# "Behind but within 15 % of the expected progress" is TolaData's on-scope band.
BIEN_DO_CHAM = Decimal("0.15")
# DESIGN §3: a value moving more than 50 % against the same period needs checking.
NGUONG_BIEN_DONG = Decimal("50")

_MOT_TRAM = Decimal(100)
_MUOI_HAI = Decimal(12)
_HAI_SO_LE = Decimal("0.01")

# Wide enough to compute exactly with any value the database can hold (20 digits);
# nothing traps, so an overflow becomes a non-finite result that `_ket_qua` turns
# into None instead of an exception.
_NGU_CANH = Context(prec=60, rounding=ROUND_HALF_UP, traps=[])
# The same context, passed to the operations directly on the paths every row takes
# (`x.quantize(e, context=…)` is `x.quantize(e)` inside `localcontext(_NGU_CANH)`, without
# entering one): the results are identical. Only its flags are ever written.
_NHANH = _NGU_CANH.copy()
# The exponents of `lam_tron` for the usual numbers of decimals.
_MU_LAM_TRON = {so_le: Decimal(1).scaleb(-so_le) for so_le in range(13)}


def _so(x: Decimal | None) -> Decimal | None:
    """A usable number, or None for missing and non-finite inputs."""
    if x is None or not isinstance(x, Decimal) or not x.is_finite():
        return None
    return x


def _ket_qua(x: Decimal) -> Decimal | None:
    return x if x.is_finite() else None


def lam_tron(x: Decimal | None, so_le: int) -> Decimal | None:
    """`x` rounded half-up to `so_le` decimals (the indicator's precision)."""
    if x is None or not isinstance(x, Decimal) or not x.is_finite():
        return None
    mu = _MU_LAM_TRON.get(so_le) if type(so_le) is int else None
    if mu is None:
        mu = Decimal(1).scaleb(-so_le, _NHANH)
    ket_qua = x.quantize(mu, context=_NHANH)
    return ket_qua if ket_qua.is_finite() else None


def so_chu_so_le(x: Decimal) -> int:
    """How many decimals a Decimal is written with (34.63 → 2, 34.600 → 3, 447142 → 0)."""
    return max(-x.as_tuple().exponent, 0) if x.is_finite() else 0


def lam_tron_neu_thua(x: Decimal | None, so_le: int) -> Decimal | None:
    """`x` as it may be stored for an indicator with `so_le` decimals: unchanged when it
    has no more decimals than that, otherwise rounded half-up (34.63 → 34.6, 91.25 →
    91.3 with one decimal). A spreadsheet keeps more decimals than it shows; the
    caller tells the person whenever the value changed."""
    x = _so(x)
    if x is None or so_chu_so_le(x) <= so_le:
        return x
    return lam_tron(x, so_le)


def lam_tron_phan_tram(x: Decimal | None) -> Decimal | None:
    """A percentage rounded half-up to 2 decimals (53,035 → 53,04)."""
    return lam_tron(x, 2)


def _ty_le(tu: Decimal | None, mau: Decimal | None) -> Decimal | None:
    """tu / mau × 100, unrounded; None when either is missing or mau = 0."""
    if (tu is None or mau is None or not isinstance(tu, Decimal) or not isinstance(mau, Decimal)
            or not tu.is_finite() or not mau.is_finite() or mau.is_zero()):
        return None
    return _ket_qua(_NHANH.divide(_NHANH.multiply(tu, _MOT_TRAM), mau))


def phan_tram_ke_hoach(th: Decimal | None, kh: Decimal | None) -> Decimal | None:
    """"đạt X % so với KH": TH / KH × 100, rounded to 2 decimals.
    None when TH or KH is missing or KH = 0 — never 0 %, never a division by zero."""
    return lam_tron_phan_tram(_ty_le(th, kh))


def so_voi_cung_ky(th: Decimal | None, th_cung_ky: Decimal | None) -> Decimal | None:
    """"bằng X % so với cùng kỳ": TH / TH cùng kỳ × 100, rounded to 2 decimals."""
    return lam_tron_phan_tram(_ty_le(th, th_cung_ky))


def toc_do_tang(th: Decimal | None, th_cung_ky: Decimal | None) -> Decimal | None:
    """"tăng X % so với cùng kỳ": (TH / TH cùng kỳ − 1) × 100, rounded to 2 decimals.
    Negative for a fall; None when either value is missing or TH cùng kỳ = 0."""
    return _tang_tu_ty_le(_ty_le(th, th_cung_ky))


def _tang_tu_ty_le(ty_le: Decimal | None) -> Decimal | None:
    """(ty_le − 100), rounded to 2 decimals: `toc_do_tang` from TH / TH cùng kỳ × 100."""
    if ty_le is None:
        return None
    return lam_tron_phan_tram(_NHANH.subtract(ty_le, _MOT_TRAM))


def chenh_lech(th: Decimal | None, kh: Decimal | None) -> Decimal | None:
    """TH − KH, in the indicator's unit ("điểm %" for rates); None if either is missing."""
    th, kh = _so(th), _so(kh)
    if th is None or kh is None:
        return None
    return _ket_qua(_NHANH.subtract(th, kh))


def _noi_suy(diem: dict[int, Decimal], thang: int) -> Decimal:
    """The value at `thang` of the line through `diem` {month: value}: exact at a given
    month, linear between two, the nearest end outside them. `diem` is not empty."""
    cac_thang = sorted(diem)
    if thang <= cac_thang[0]:
        return diem[cac_thang[0]]
    if thang >= cac_thang[-1]:
        return diem[cac_thang[-1]]
    sau = next(t for t in cac_thang if t >= thang)
    truoc = max(t for t in cac_thang if t < sau)
    if sau == thang:
        return diem[sau]
    with localcontext(_NGU_CANH):
        return diem[truoc] + (diem[sau] - diem[truoc]) * Decimal(thang - truoc) / Decimal(sau - truoc)


def _cac_moc(tien_do) -> dict[int, Decimal]:
    """The usable phases {month 1–12: finite Decimal} of a plan; anything else is ignored."""
    if not tien_do:
        return {}
    return {t: x for t, x in tien_do.items() if isinstance(t, int) and 1 <= t <= 12 and _so(x) is not None}


def _deu(so_thang: int) -> Decimal:
    """100 × n / 12: the expected progress after `so_thang` months without phases."""
    return _NHANH.divide(_NHANH.multiply(_MOT_TRAM, Decimal(so_thang)), _MUOI_HAI)


_TIEN_DO_DEU = {so_thang: _deu(so_thang) for so_thang in range(13)}


def tien_do_ky_vong(so_thang: int, tien_do=None) -> Decimal:
    """Expected progress of a cumulative indicator after `so_thang` months, in % of the
    annual plan: 100 × n / 12 (25 after quý I, 50 after 6 months) — or, when the plan
    carries phases (`tien_do` {month: % of the annual plan reached by then}, e.g. a
    quarterly scenario {3: 10, 6: 30, 9: 60}), the phase of that month, linear between
    phases, from 0 % at month 0 to 100 % at month 12 unless a phase says otherwise."""
    moc = _cac_moc(tien_do) if tien_do else None
    if not moc:
        deu = _TIEN_DO_DEU.get(so_thang) if type(so_thang) is int else None
        return _deu(so_thang) if deu is None else deu
    return _noi_suy({0: Decimal(0), 12: _MOT_TRAM} | moc, so_thang)


def muc_ky_vong(*, loai: str, kh: Decimal | None, so_thang: int, tien_do=None) -> Decimal | None:
    """The value the plan expects by the end of the period: for a cumulative indicator
    the expected progress (`tien_do_ky_vong`) of the plan, n/12 of it without phases;
    for a level or a growth rate the plan itself — or, with phases (`tien_do` {month:
    expected value}, a quarterly growth scenario), the phase of that month, linear
    between phases, the plan at month 12."""
    kh = _so(kh)
    if kh is None:
        return None
    return _muc_ky_vong(loai, kh, so_thang, tien_do)


def _muc_ky_vong(loai: str, kh: Decimal, so_thang: int, tien_do) -> Decimal | None:
    """`muc_ky_vong` of a usable plan value `kh`."""
    if loai != LUY_KE:
        moc = _cac_moc(tien_do)
        return _noi_suy({12: kh} | moc, so_thang) if moc else kh
    return _ket_qua(_NHANH.divide(_NHANH.multiply(kh, tien_do_ky_vong(so_thang, tien_do)), _MOT_TRAM))


def muc_tieu(*, chieu: str, kieu: str, kh: Decimal | None, kh_den: Decimal | None = None) -> tuple[Decimal | None, str]:
    """The number a plan asks to meet and the direction it asks for: a value `kh` in the
    indicator's direction; "≥ a" upwards; "≤ a" downwards; a range [a, b] asks for a
    when higher is better and for b when lower is. (None, …) for an unusable plan
    (missing, non-finite, an unknown kind, a range whose ends are missing or reversed)."""
    return _muc_tieu(chieu, kieu, _so(kh), _so(kh_den))


def _muc_tieu(chieu: str, kieu: str, a: Decimal | None, b: Decimal | None) -> tuple[Decimal | None, str]:
    """`muc_tieu` of usable plan ends (`_so`)."""
    if kieu == BANG:
        return a, chieu
    if kieu == TOI_THIEU:
        return a, TANG
    if kieu == TOI_DA:
        return a, GIAM
    if kieu == KHOANG and a is not None and b is not None and a <= b:
        return (a, TANG) if chieu == TANG else (b, GIAM)
    return None, chieu


def vi_tri_khoang(th: Decimal | None, a: Decimal | None, b: Decimal | None, chieu: str) -> str | None:
    """Where a figure lies against a range plan [a, b]: within it, beyond it on the good
    side, or short of it; None when a number is missing or the range is reversed."""
    th, a, b = _so(th), _so(a), _so(b)
    if th is None or a is None or b is None or a > b:
        return None
    if a <= th <= b:
        return TRONG_KHOANG
    tren = th > b
    return VUOT_KHOANG if tren == (chieu == TANG) else CHUA_TOI_KHOANG


def gia_tri_tang_truong(
    *, th_goc: Decimal | None, th_goc_cung_ky: Decimal | None, nhap: Decimal | None
) -> tuple[Decimal | None, bool]:
    """The value of a growth indicator and whether it was computed: from its base
    cumulative indicator when both periods exist, otherwise the value someone entered
    (DESIGN §3)."""
    tinh = toc_do_tang(th_goc, th_goc_cung_ky)
    return (tinh, True) if tinh is not None else (_so(nhap), False)


def so_bang_chenh_lech(*, loai: str, chieu: str, la_ty_le: bool, kieu: str = BANG) -> bool:
    """Whether a figure is compared with its plan by the gap TH − KH rather than by a
    "% of plan" ratio: decreasing indicators and growth rates (DESIGN §3), rates, whose
    plan is itself a percentage (a "% of a %" reads as nonsense in a report), and plans
    that are an upper bound or a range."""
    return _so_bang_chenh_lech(loai, chieu, la_ty_le, kieu)


def _so_bang_chenh_lech(loai: str, chieu: str, la_ty_le: bool, kieu: str) -> bool:
    return chieu == GIAM or loai == TANG_TRUONG or la_ty_le or kieu in (TOI_DA, KHOANG)


def trang_thai(*, loai: str, chieu: str, th: Decimal | None, kh: Decimal | None, so_thang: int,
               kieu: str = BANG, kh_den: Decimal | None = None, tien_do=None) -> str:
    """Status of a figure against its plan (DESIGN §3).

    A cumulative indicator is expected to have reached n/12 of its annual plan (or the
    plan's phase for the period, `tien_do_ky_vong`); a level or a growth rate is
    compared with the plan itself (or its phase). A bound is met in its own direction
    (`muc_tieu`). `dat` when the expected value is met; `cham` when short of it by at
    most 15 % of it; `cham_nhieu` beyond that; `thieu_so_lieu` when TH or KH is missing
    or KH = 0.
    """
    kh, huong = muc_tieu(chieu=chieu, kieu=kieu, kh=kh, kh_den=kh_den)
    return _trang_thai(loai, _so(th), kh, huong, so_thang, tien_do)


def _trang_thai(loai: str, th: Decimal | None, kh: Decimal | None, huong: str, so_thang: int, tien_do) -> str:
    """`trang_thai` from a usable TH (or None) and the plan's `muc_tieu` (number, direction)."""
    if th is None or kh is None or kh.is_zero():
        return THIEU_SO_LIEU
    ky_vong = _muc_ky_vong(loai, kh, so_thang, tien_do)
    if ky_vong is None:
        return THIEU_SO_LIEU
    thieu_hut = _NHANH.subtract(ky_vong, th) if huong == TANG else _NHANH.subtract(th, ky_vong)
    bien_do = _NHANH.multiply(_NHANH.abs(ky_vong), BIEN_DO_CHAM)
    if not (thieu_hut.is_finite() and bien_do.is_finite()):
        return THIEU_SO_LIEU
    if thieu_hut <= 0:
        return DAT
    if thieu_hut <= bien_do:
        return CHAM
    return CHAM_NHIEU


@dataclass(frozen=True)
class DanhGia:
    """One figure compared with one plan."""

    phan_tram: Decimal | None  # "đạt X % so với KH"; None in gap mode or when missing
    chenh_lech: Decimal | None  # TH − KH; None in ratio mode or when missing
    trang_thai: str
    so_bang_chenh_lech: bool
    kieu: str = BANG  # the plan's kind: a value or a bound
    khoang: str | None = None  # against a range: TRONG_KHOANG, VUOT_KHOANG or CHUA_TOI_KHOANG


def danh_gia(
    *, loai: str, chieu: str, la_ty_le: bool, th: Decimal | None, kh: Decimal | None, so_thang: int,
    kieu: str = BANG, kh_den: Decimal | None = None, tien_do=None,
) -> DanhGia:
    """Compare TH with one plan the way reports do for this kind of indicator and plan.
    Against a bound, the ratio and the gap are taken to the number the bound asks to
    meet (`muc_tieu`); a point plan is compared exactly as DESIGN §3 says."""
    theo_chenh_lech = _so_bang_chenh_lech(loai, chieu, la_ty_le, kieu)
    muc, huong = _muc_tieu(chieu, kieu, _so(kh), _so(kh_den))
    th = _so(th)
    if (th is None or muc is None) and kieu in (BANG, TOI_THIEU, TOI_DA):
        # Nothing to compare (no figure, or no usable plan: most sources of most rows):
        # the same, immutable, answer every time.
        khoa = (theo_chenh_lech, kieu)
        thieu = _KHONG_SO_SANH.get(khoa)
        if thieu is None:
            thieu = _KHONG_SO_SANH[khoa] = DanhGia(phan_tram=None, chenh_lech=None, trang_thai=THIEU_SO_LIEU,
                                                   so_bang_chenh_lech=theo_chenh_lech, kieu=kieu)
        return thieu
    return DanhGia(
        phan_tram=None if theo_chenh_lech else phan_tram_ke_hoach(th, muc),
        chenh_lech=chenh_lech(th, muc) if theo_chenh_lech else None,
        trang_thai=_trang_thai(loai, th, muc, huong, so_thang, tien_do),
        so_bang_chenh_lech=theo_chenh_lech,
        kieu=kieu,
        khoang=vi_tri_khoang(th, kh, kh_den, chieu) if kieu == KHOANG else None,
    )


_KHONG_SO_SANH: dict[tuple[bool, str], DanhGia] = {}  # `danh_gia` with nothing to compare, by (gap mode, kind)


@dataclass(frozen=True)
class SoCungKy:
    """One figure compared with the same period last year."""

    phan_tram: Decimal | None  # TH / TH cùng kỳ × 100 ("bằng 58,77 % so với cùng kỳ")
    tang: Decimal | None  # (TH / TH cùng kỳ − 1) × 100 ("tăng 3,83 % so với cùng kỳ")
    chenh_lech: Decimal | None  # TH − TH cùng kỳ, for rates ("giảm 0,5 điểm %")
    bang_chenh_lech: bool


def so_cung_ky(*, loai: str, la_ty_le: bool, th: Decimal | None, th_cung_ky: Decimal | None) -> SoCungKy:
    """Compare TH with the same period last year: a rate or a growth rate by its change
    in points, anything else by ratio and growth."""
    if la_ty_le or loai == TANG_TRUONG:
        return SoCungKy(phan_tram=None, tang=None, chenh_lech=chenh_lech(th, th_cung_ky), bang_chenh_lech=True)
    ty_le = _ty_le(th, th_cung_ky)  # `so_voi_cung_ky` and `toc_do_tang` from the one ratio
    return SoCungKy(
        phan_tram=lam_tron_phan_tram(ty_le),
        tang=_tang_tu_ty_le(ty_le),
        chenh_lech=None,
        bang_chenh_lech=False,
    )


def tong(cac_gia_tri: list[Decimal | None]) -> Decimal | None:
    """The sum of values that must all be present: None if the list is empty or any
    value is missing (a partial sum is never passed off as a total)."""
    if not cac_gia_tri:
        return None
    with localcontext(_NGU_CANH):
        ket_qua = Decimal(0)
        for x in cac_gia_tri:
            x = _so(x)
            if x is None:
                return None
            ket_qua += x
        return _ket_qua(ket_qua)


# Soft warnings at entry (DESIGN §3, like DHIS2's validation rules): shown next to the
# cell, never blocking a save.


def lech_tong_con(cha: Decimal | None, cac_con: list[Decimal | None]) -> Decimal | None:
    """Parent − sum of its children when all are present and they differ, else None.
    (447.142 = 184.510 + 141.004 + 121.628 gives None.)"""
    cha, tong_con = _so(cha), tong(cac_con)
    if cha is None or tong_con is None:
        return None
    with localcontext(_NGU_CANH):
        lech = cha - tong_con
    return None if lech.is_zero() or not lech.is_finite() else lech


def ngoai_khoang_ty_le(x: Decimal | None) -> bool:
    """A rate outside 0–100."""
    x = _so(x)
    return x is not None and (x < 0 or x > _MOT_TRAM)


def bien_dong_bat_thuong(th: Decimal | None, th_cung_ky: Decimal | None) -> bool:
    """The value moved more than 50 % against the same period last year ("cần kiểm tra")."""
    tang = toc_do_tang(th, th_cung_ky)
    return tang is not None and abs(tang) > NGUONG_BIEN_DONG


def bang_nhau_khi_lam_tron(a: Decimal | None, b: Decimal | None, so_le: int) -> bool:
    """Whether two values read the same at the indicator's precision (a value pasted
    onto a computed row against the computed one: 6,89 and 6,8934 with 2 decimals)."""
    a, b = lam_tron(a, so_le), lam_tron(b, so_le)
    return a is not None and a == b


# A figure 100 times too big or too small is the mark of a slipped separator ("92.500"
# typed for 92,5 tỷ đồng reads as ninety-two thousand five hundred) or of the wrong unit
# (đồng for triệu đồng). No real figure moves that far from both what the plan expects
# and the same period last year, so such a value is saved only once a person confirms it.
HE_SO_BAC_DO = Decimal(100)
BAC_DO_LON = "lon"  # 100× or more above every reference
BAC_DO_NHO = "nho"  # at most 1/100 of every reference


def lech_bac_do(x: Decimal | None, cac_moc: list[Decimal | None]) -> str | None:
    """`BAC_DO_LON` when |x| is at least 100 × each reference, `BAC_DO_NHO` when it is at
    most 1/100 of each, else None. The references are the plan's expected value for the
    period and the same period last year; a missing or zero one is no reference, and
    with none left there is nothing to compare. Zero is never a slip of magnitude (no
    misplaced separator turns a figure into 0). Compared by size, whatever the sign."""
    x = _so(x)
    moc = [abs(m) for m in map(_so, cac_moc) if m is not None and not m.is_zero()]
    if x is None or x.is_zero() or not moc:
        return None
    with localcontext(_NGU_CANH):
        do_lon = abs(x)
        if all(do_lon >= m * HE_SO_BAC_DO for m in moc):
            return BAC_DO_LON
        if all(do_lon * HE_SO_BAC_DO <= m for m in moc):
            return BAC_DO_NHO
    return None


# -- the year-end forecast (dự báo cả năm) -----------------------------------------------
#
# A cumulative quantity reaches, by month n, a share s(n) of its full-year value that
# repeats from year to year (rice harvests, budget revenue and investment disbursement
# come late in the year): the forecast is TH(n) / s(n). A level, a rate or a growth rate
# has no share of a year: its latest value is carried forward, moved by its usual change
# between month n and the year's end. Either seasonal factor is taken from earlier years:
# the unit's own when it has at least SO_NAM_TOI_THIEU of them, else those of the units
# under the same parent pooled, else none (n/12 for a quantity; the value unchanged for a
# level). The range comes from the spread of the factor across those years.

SO_NAM_TOI_THIEU = 3

# Where the seasonal factor came from (`MuaVu.cach`), and so how a forecast was made (`DuBao.cach`).
MUA_VU_RIENG = "rieng"  # the unit's own earlier years
MUA_VU_CUNG_CAP = "cung_cap"  # the units under the same parent, pooled
DEU = "deu"  # a quantity without enough history: n/12
GIU_NGUYEN = "giu_nguyen"  # a level without enough history: the latest value carried forward
CA_NAM = "ca_nam"  # the period is the whole year: its figure is the full-year value

# Why there is no forecast (`DuBao.ly_do`).
THIEU_TH = "thieu_th"  # no figure for the period
KY_KHONG_HOP_LE = "ky"  # a month outside 1–12
TY_TRONG_KHONG_ON_DINH = "khong_on_dinh"  # earlier years reach ~0 % by this month: TH / s(n) is unbounded

# The verdict of a forecast against one plan.
DU_KIEN_DAT = "du_kien_dat"  # the whole range meets the plan
CHUA_CHAC = "chua_chac"  # the range straddles it
NGUY_CO = "nguy_co"  # the whole range misses it

# Student's t (one-sided 90 %) by degrees of freedom: an 80 % prediction interval of the
# next year's factor is mean ± t × sd × √(1 + 1/k). Beyond the table its last value, a
# little wider than the normal 1,2816.
_T_80 = ((2, Decimal("1.886")), (3, Decimal("1.638")), (4, Decimal("1.533")), (5, Decimal("1.476")),
         (6, Decimal("1.440")), (7, Decimal("1.415")), (8, Decimal("1.397")), (9, Decimal("1.383")),
         (10, Decimal("1.372")), (12, Decimal("1.356")), (15, Decimal("1.341")), (20, Decimal("1.325")),
         (30, Decimal("1.310")))

# Square roots of a spread need no 60 digits, and cost ten times less at 28.
_CAN_BAC_HAI = Context(prec=28, rounding=ROUND_HALF_UP, traps=[])

# One earlier year of one unit: (năm, TH by month n, TH of the whole year).
MauLichSu = tuple[int, Decimal | None, Decimal | None]


def la_luy_ke(loai: str, la_ty_le: bool) -> bool:
    """A quantity that adds up over the year (forecast by its share of the year); rates,
    levels and growth rates are forecast from their change instead."""
    return loai == LUY_KE and not la_ty_le


def ty_trong_nam(th_ky: Decimal | None, th_ca_nam: Decimal | None) -> Decimal | None:
    """The share of the full year reached by month n in one year, TH(n) / TH(12);
    None unless the year is positive and TH(n) is not negative (a year that ended at 0,
    or is missing, says nothing about the season)."""
    th_ky, th_ca_nam = _so(th_ky), _so(th_ca_nam)
    if th_ky is None or th_ca_nam is None or th_ca_nam <= 0 or th_ky < 0:
        return None
    with localcontext(_NGU_CANH):
        return _ket_qua(th_ky / th_ca_nam)


def bien_dong_nam(th_ky: Decimal | None, th_ca_nam: Decimal | None) -> Decimal | None:
    """How much a level moved from month n to the year's end in one year, TH(12) − TH(n)."""
    return chenh_lech(th_ca_nam, th_ky)


@dataclass(frozen=True)
class MuaVu:
    """The seasonal factor of one month and its range, and the years it came from: the
    share s(n) of the year reached by month n (a quantity), or the change from month n
    to the year's end (a level)."""

    cach: str  # MUA_VU_RIENG, MUA_VU_CUNG_CAP, or DEU / GIU_NGUYEN without history
    gia_tri: Decimal  # the mean
    thap: Decimal  # the range: never narrower than the lowest and highest value used
    cao: Decimal
    cac_mau: tuple[tuple[int, Decimal], ...] = ()  # (năm, value) of every unit-year used

    @property
    def co_lich_su(self) -> bool:
        return self.cach in (MUA_VU_RIENG, MUA_VU_CUNG_CAP)


def _khoang(cach: str, cac_mau: list[tuple[int, Decimal]], tran: bool) -> MuaVu:
    """Mean and 80 % prediction range of the values of `cac_mau` (at least
    SO_NAM_TOI_THIEU), widened to the lowest and highest value seen; with `tran` (shares)
    the top held at 100 % unless a year went above it."""
    x = [v for _, v in cac_mau]
    k = len(x)
    with localcontext(_NGU_CANH):
        tb = sum(x, Decimal(0)) / k
        do_lech = _CAN_BAC_HAI.sqrt(sum(((v - tb) ** 2 for v in x), Decimal(0)) / (k - 1))
        t = next(gt for bac, gt in reversed(_T_80) if bac <= k - 1)
        nua = t * do_lech * _CAN_BAC_HAI.sqrt(1 + Decimal(1) / k)
        thap, cao = min(min(x), tb - nua), max(max(x), tb + nua)
        if tran:
            cao = min(cao, max(Decimal(1), max(x)))
    return MuaVu(cach=cach, gia_tri=tb, thap=thap, cao=cao, cac_mau=tuple(cac_mau))


def _gia_tri_mau(mau: Sequence[MauLichSu], luy_ke: bool) -> list[tuple[int, Decimal]]:
    """(năm, factor) of every usable year of `mau`: its share of the year, or its change."""
    doc = ty_trong_nam if luy_ke else bien_dong_nam
    return [(nam, x) for nam, th_ky, th_ca_nam in mau if (x := doc(th_ky, th_ca_nam)) is not None]


gia_tri_mau = _gia_tri_mau


def _chon_mua_vu(luy_ke: bool, so_thang: int, rieng: list[tuple[int, Decimal]],
                 cung_cap: list[tuple[int, Decimal]], truoc_nam: int | None) -> MuaVu:
    for cach, mau in ((MUA_VU_RIENG, rieng), (MUA_VU_CUNG_CAP, cung_cap)):
        cac_mau = mau if truoc_nam is None else [(nam, x) for nam, x in mau if nam < truoc_nam]
        if len(cac_mau) >= SO_NAM_TOI_THIEU:
            return _khoang(cach, cac_mau, tran=luy_ke)
    if not luy_ke:
        return MuaVu(cach=GIU_NGUYEN, gia_tri=Decimal(0), thap=Decimal(0), cao=Decimal(0))
    with localcontext(_NGU_CANH):
        deu = Decimal(so_thang) / Decimal(12)
    return MuaVu(cach=DEU, gia_tri=deu, thap=deu, cao=deu)


def quy_ke_ben(so_thang: int) -> tuple[int, int] | None:
    """The ends of the quarters around a month that is not one (8 → (6, 9), 1 → (0, 3)):
    years reported quarterly have figures only there. None for 3, 6, 9, 12."""
    if so_thang % 3 == 0:
        return None
    truoc = so_thang // 3 * 3
    return truoc, truoc + 3


def gia_tri_giua_quy(*, luy_ke: bool, so_thang: int, th_truoc: Decimal | None,
                     th_sau: Decimal | None) -> Decimal | None:
    """The figure by month `so_thang` of a year reported only quarterly, read on the line
    between the figures of the quarters' ends around it (`quy_ke_ben`): a quantity
    (`luy_ke`) is 0 at month 0, so month 1 is a third of quý I; a level has no month 0 and
    none before quý I. None when an end is missing."""
    ben = quy_ke_ben(so_thang)
    if ben is None:
        return None
    truoc, sau = ben
    if truoc == 0:
        th_truoc = Decimal(0) if luy_ke else None
    a, b = _so(th_truoc), _so(th_sau)
    if a is None or b is None:
        return None
    with localcontext(_NGU_CANH):
        return _ket_qua(_noi_suy({truoc: a, sau: b}, so_thang))


def nam_du_lich_su(rieng: Sequence[MauLichSu], *, luy_ke: bool) -> int | None:
    """The year of the unit's SO_NAM_TOI_THIEU-th usable year (None while it has fewer):
    forecasts of the years after it use the unit's own years alone, so the units beside
    it matter only through the years before it."""
    cac_nam = sorted(nam for nam, _ in _gia_tri_mau(rieng, luy_ke))
    return cac_nam[SO_NAM_TOI_THIEU - 1] if len(cac_nam) >= SO_NAM_TOI_THIEU else None


def he_so_mua_vu(*, luy_ke: bool, so_thang: int, rieng: Sequence[MauLichSu], cung_cap: Sequence[MauLichSu] = (),
                 truoc_nam: int | None = None) -> MuaVu:
    """The seasonal factor of month `so_thang`: of a quantity (`luy_ke`) the share of the
    year (`ty_trong_nam`), of a level the change to the year's end (`bien_dong_nam`) —
    from the unit's own years (`rieng`) when at least SO_NAM_TOI_THIEU of them are
    usable, else from the unit-years of the units under the same parent pooled
    (`cung_cap`, the unit's own among them) when that many are usable, else none: n/12
    for a quantity, no change for a level. Only years before `truoc_nam` count when it is
    given (a backtest of that year)."""
    return _chon_mua_vu(luy_ke, so_thang, _gia_tri_mau(rieng, luy_ke), _gia_tri_mau(cung_cap, luy_ke), truoc_nam)


@dataclass(frozen=True)
class DuBao:
    """The forecast of the full-year value: a central value and a range (equal to it
    when there was no history to measure a spread), or nothing and why (`ly_do`)."""

    cach: str | None  # MUA_VU_RIENG / MUA_VU_CUNG_CAP / DEU / GIU_NGUYEN / CA_NAM; None: no forecast
    gia_tri: Decimal | None = None
    thap: Decimal | None = None
    cao: Decimal | None = None
    mua_vu: MuaVu | None = None
    ly_do: str | None = None  # THIEU_TH, KY_KHONG_HOP_LE or TY_TRONG_KHONG_ON_DINH

    @property
    def co_khoang(self) -> bool:
        """A range measured from earlier years (not a single value)."""
        return self.cach in (MUA_VU_RIENG, MUA_VU_CUNG_CAP)


def _khong_du_bao(ly_do: str, mv: MuaVu | None = None) -> DuBao:
    return DuBao(cach=None, mua_vu=mv, ly_do=ly_do)


def du_bao_ca_nam(*, loai: str, la_ty_le: bool, th: Decimal | None, so_thang: int,
                  mua_vu: MuaVu | None = None) -> DuBao:
    """The full-year forecast from the figure `th` of the first `so_thang` months, with the
    seasonal factor `mua_vu` (`he_so_mua_vu`; none given: n/12, or no change for a level).

    A quantity: TH(n) / s(n), the range TH(n) / s_cao – TH(n) / s_thap. A level, a rate
    or a growth rate: TH(n) + its usual change, the range TH(n) + the change's range; a
    rate kept within 0–100. Month 12 is the full year itself. No forecast without a
    figure, for a month outside 1–12, or when the share's range reaches 0 (earlier years
    had next to nothing by then)."""
    th = _so(th)
    if not 1 <= so_thang <= 12:
        return _khong_du_bao(KY_KHONG_HOP_LE)
    if th is None:
        return _khong_du_bao(THIEU_TH)
    if so_thang == 12:
        return DuBao(cach=CA_NAM, gia_tri=th, thap=th, cao=th)
    luy_ke = la_luy_ke(loai, la_ty_le)
    mv = mua_vu or he_so_mua_vu(luy_ke=luy_ke, so_thang=so_thang, rieng=())
    with localcontext(_NGU_CANH):
        if luy_ke:
            if mv.thap <= 0:
                return _khong_du_bao(TY_TRONG_KHONG_ON_DINH, mv)
            gia_tri, mot, hai = th / mv.gia_tri, th / mv.cao, th / mv.thap
        else:
            gia_tri, mot, hai = th + mv.gia_tri, th + mv.thap, th + mv.cao
            if la_ty_le:
                gia_tri, mot, hai = (min(max(x, Decimal(0)), _MOT_TRAM) for x in (gia_tri, mot, hai))
    if not all(x.is_finite() for x in (gia_tri, mot, hai)):
        return _khong_du_bao(TY_TRONG_KHONG_ON_DINH, mv)
    return DuBao(cach=mv.cach, gia_tri=gia_tri, thap=min(mot, hai), cao=max(mot, hai), mua_vu=mv)


def ket_luan_du_bao(du_bao: DuBao, *, chieu: str, kieu: str = BANG, kh: Decimal | None,
                    kh_den: Decimal | None = None) -> str | None:
    """Will the plan be met? DU_KIEN_DAT when the whole range meets it, NGUY_CO when the
    whole range misses it, CHUA_CHAC otherwise — in the plan's own direction and bound
    (`muc_tieu`: "≥ a" upwards, "≤ a" downwards, a range by its end on the indicator's
    side). A forecast without a measured range is judged by its single value. None
    without a forecast or a usable plan (missing or 0, as for the status)."""
    muc, huong = muc_tieu(chieu=chieu, kieu=kieu, kh=kh, kh_den=kh_den)
    if du_bao.thap is None or muc is None or muc.is_zero():
        return None
    dat = du_bao.thap >= muc if huong == TANG else du_bao.cao <= muc
    truot = du_bao.cao < muc if huong == TANG else du_bao.thap > muc
    return DU_KIEN_DAT if dat else NGUY_CO if truot else CHUA_CHAC


@dataclass(frozen=True)
class LanKiemDinh:
    """One backtested year: the forecast made from its month n with the years before it,
    the actual full year, and the simple rule beside it — n/12 (TH(n) × 12 / n) for a
    quantity, the value carried forward unchanged for a level."""

    nam: int
    du_bao: DuBao
    thuc_te: Decimal
    don_gian: Decimal

    @property
    def trong_khoang(self) -> bool:
        return self.du_bao.thap <= self.thuc_te <= self.du_bao.cao


def _trung_binh(cac_so: list[Decimal]) -> Decimal | None:
    if not cac_so:
        return None
    with localcontext(_NGU_CANH):
        return _ket_qua(sum(cac_so, Decimal(0)) / len(cac_so))


def _sai_so_phan_tram(du_bao: Decimal, thuc_te: Decimal) -> Decimal | None:
    """|forecast − actual| / |actual| × 100; None when the actual is 0."""
    with localcontext(_NGU_CANH):
        return _ty_le(abs(du_bao - thuc_te), abs(thuc_te))


@dataclass(frozen=True)
class KiemDinh:
    """The track record of the forecast over every earlier year: each year's forecast
    against its actual; the mean absolute percentage error (MAPE), and the mean absolute
    error (for rates, in points), beside the simple rule's; how often the actual fell
    inside the range."""

    cac_lan: tuple[LanKiemDinh, ...] = ()

    @property
    def so_lan(self) -> int:
        return len(self.cac_lan)

    def _mape(self, lay) -> Decimal | None:
        sai_so = [e for lan in self.cac_lan if (e := _sai_so_phan_tram(lay(lan), lan.thuc_te)) is not None]
        return lam_tron_phan_tram(_trung_binh(sai_so))

    def _mae(self, lay) -> Decimal | None:
        with localcontext(_NGU_CANH):
            return _trung_binh([abs(lay(lan) - lan.thuc_te) for lan in self.cac_lan])

    @property
    def mape(self) -> Decimal | None:
        """MAPE of the forecast, %, 2 decimals; None when every actual was 0 (or no year)."""
        return self._mape(lambda lan: lan.du_bao.gia_tri)

    @property
    def mape_don_gian(self) -> Decimal | None:
        """MAPE of the simple rule (n/12, or unchanged) over the same years."""
        return self._mape(lambda lan: lan.don_gian)

    @property
    def sai_so_tuyet_doi(self) -> Decimal | None:
        """Mean |forecast − actual|, in the indicator's unit (points for a rate)."""
        return self._mae(lambda lan: lan.du_bao.gia_tri)

    @property
    def sai_so_tuyet_doi_don_gian(self) -> Decimal | None:
        return self._mae(lambda lan: lan.don_gian)

    @property
    def so_lan_co_khoang(self) -> int:
        return sum(1 for lan in self.cac_lan if lan.du_bao.co_khoang)

    @property
    def so_lan_trong_khoang(self) -> int:
        return sum(1 for lan in self.cac_lan if lan.du_bao.co_khoang and lan.trong_khoang)


def kiem_dinh(*, loai: str, la_ty_le: bool, so_thang: int, rieng: Sequence[MauLichSu],
              cung_cap: Sequence[MauLichSu] = (),
              gia_tri_cung_cap: list[tuple[int, Decimal]] | None = None) -> KiemDinh:
    """Backtest over every year of `rieng` with both figures: the forecast from its month
    `so_thang` made only with the years before it (own, else pooled, else none, exactly as
    `he_so_mua_vu` chooses) against its actual full year, beside the simple rule. Years without
    a forecast are left out. `gia_tri_cung_cap`: the factors of `cung_cap` (`gia_tri_mau`)
    when the caller already has them (the units beside each other share their pool)."""
    cac_lan = []
    luy_ke = la_luy_ke(loai, la_ty_le)
    gia_tri_rieng = _gia_tri_mau(rieng, luy_ke)
    if gia_tri_cung_cap is None:
        gia_tri_cung_cap = _gia_tri_mau(cung_cap, luy_ke)
    for nam, th_ky, th_ca_nam in sorted(rieng, key=lambda m: m[0]):
        thuc_te = _so(th_ca_nam)
        mv = _chon_mua_vu(luy_ke, so_thang, gia_tri_rieng, gia_tri_cung_cap, nam)
        du_bao = du_bao_ca_nam(loai=loai, la_ty_le=la_ty_le, th=th_ky, so_thang=so_thang, mua_vu=mv)
        don_gian = du_bao_ca_nam(loai=loai, la_ty_le=la_ty_le, th=th_ky, so_thang=so_thang).gia_tri
        if thuc_te is None or du_bao.gia_tri is None or don_gian is None:
            continue
        cac_lan.append(LanKiemDinh(nam=nam, du_bao=du_bao, thuc_te=thuc_te, don_gian=don_gian))
    return KiemDinh(cac_lan=tuple(cac_lan))
