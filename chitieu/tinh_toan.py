"""The computation rules of DESIGN §3, as pure functions.

Inputs are Decimals or None (missing); outputs are Decimals, None or one of the status
strings below. Nothing here touches the database or formats text: views, charts,
exports and the narrative all call these functions, so a rule changes in one place.

Every function accepts any Decimal, including NaN, infinities and extreme exponents,
and answers None ("cannot be computed") rather than raising: a figure that cannot be
computed is shown as missing, never as an error page and never as 0.
"""

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
_HAI_SO_LE = Decimal("0.01")

# Wide enough to compute exactly with any value the database can hold (20 digits);
# nothing traps, so an overflow becomes a non-finite result that `_ket_qua` turns
# into None instead of an exception.
_NGU_CANH = Context(prec=60, rounding=ROUND_HALF_UP, traps=[])


def _so(x: Decimal | None) -> Decimal | None:
    """A usable number, or None for missing and non-finite inputs."""
    if x is None or not isinstance(x, Decimal) or not x.is_finite():
        return None
    return x


def _ket_qua(x: Decimal) -> Decimal | None:
    return x if x.is_finite() else None


def lam_tron(x: Decimal | None, so_le: int) -> Decimal | None:
    """`x` rounded half-up to `so_le` decimals (the indicator's precision)."""
    x = _so(x)
    if x is None:
        return None
    with localcontext(_NGU_CANH):
        return _ket_qua(x.quantize(Decimal(1).scaleb(-so_le)))


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
    tu, mau = _so(tu), _so(mau)
    if tu is None or mau is None or mau.is_zero():
        return None
    with localcontext(_NGU_CANH):
        return _ket_qua(tu * _MOT_TRAM / mau)


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
    ty_le = _ty_le(th, th_cung_ky)
    if ty_le is None:
        return None
    with localcontext(_NGU_CANH):
        return lam_tron_phan_tram(ty_le - _MOT_TRAM)


def chenh_lech(th: Decimal | None, kh: Decimal | None) -> Decimal | None:
    """TH − KH, in the indicator's unit ("điểm %" for rates); None if either is missing."""
    th, kh = _so(th), _so(kh)
    if th is None or kh is None:
        return None
    with localcontext(_NGU_CANH):
        return _ket_qua(th - kh)


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


def tien_do_ky_vong(so_thang: int, tien_do=None) -> Decimal:
    """Expected progress of a cumulative indicator after `so_thang` months, in % of the
    annual plan: 100 × n / 12 (25 after quý I, 50 after 6 months) — or, when the plan
    carries phases (`tien_do` {month: % of the annual plan reached by then}, e.g. a
    quarterly scenario {3: 10, 6: 30, 9: 60}), the phase of that month, linear between
    phases, from 0 % at month 0 to 100 % at month 12 unless a phase says otherwise."""
    moc = _cac_moc(tien_do)
    if not moc:
        with localcontext(_NGU_CANH):
            return _MOT_TRAM * Decimal(so_thang) / Decimal(12)
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
    if loai != LUY_KE:
        moc = _cac_moc(tien_do)
        return _noi_suy({12: kh} | moc, so_thang) if moc else kh
    with localcontext(_NGU_CANH):
        return _ket_qua(kh * tien_do_ky_vong(so_thang, tien_do) / _MOT_TRAM)


def muc_tieu(*, chieu: str, kieu: str, kh: Decimal | None, kh_den: Decimal | None = None) -> tuple[Decimal | None, str]:
    """The number a plan asks to meet and the direction it asks for: a value `kh` in the
    indicator's direction; "≥ a" upwards; "≤ a" downwards; a range [a, b] asks for a
    when higher is better and for b when lower is. (None, …) for an unusable plan
    (missing, non-finite, an unknown kind, a range whose ends are missing or reversed)."""
    a, b = _so(kh), _so(kh_den)
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
    th = _so(th)
    kh, huong = muc_tieu(chieu=chieu, kieu=kieu, kh=kh, kh_den=kh_den)
    if th is None or kh is None or kh.is_zero():
        return THIEU_SO_LIEU
    ky_vong = muc_ky_vong(loai=loai, kh=kh, so_thang=so_thang, tien_do=tien_do)
    if ky_vong is None:
        return THIEU_SO_LIEU
    with localcontext(_NGU_CANH):
        thieu_hut = (ky_vong - th) if huong == TANG else (th - ky_vong)
        bien_do = abs(ky_vong) * BIEN_DO_CHAM
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
    theo_chenh_lech = so_bang_chenh_lech(loai=loai, chieu=chieu, la_ty_le=la_ty_le, kieu=kieu)
    muc, _ = muc_tieu(chieu=chieu, kieu=kieu, kh=kh, kh_den=kh_den)
    return DanhGia(
        phan_tram=None if theo_chenh_lech else phan_tram_ke_hoach(th, muc),
        chenh_lech=chenh_lech(th, muc) if theo_chenh_lech else None,
        trang_thai=trang_thai(loai=loai, chieu=chieu, th=th, kh=kh, so_thang=so_thang, kieu=kieu, kh_den=kh_den,
                              tien_do=tien_do),
        so_bang_chenh_lech=theo_chenh_lech,
        kieu=kieu,
        khoang=vi_tri_khoang(th, kh, kh_den, chieu) if kieu == KHOANG else None,
    )


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
    return SoCungKy(
        phan_tram=so_voi_cung_ky(th, th_cung_ky),
        tang=toc_do_tang(th, th_cung_ky),
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
