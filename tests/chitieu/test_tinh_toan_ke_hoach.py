"""Plans that are bounds (≥ a, ≤ a, a range [a, b]) and plans phased through the year,
case by case — and, over any Decimal, a point plan without phases compared exactly as
the rules were before bounds and phases existed (the rules of DESIGN §3, kept below as
the oracle)."""

from decimal import ROUND_HALF_UP, Context, localcontext
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chitieu import tinh_toan as tt
from chitieu.tinh_toan import (BANG, CHAM, CHAM_NHIEU, CHUA_TOI_KHOANG, DAT, GIAM, KHOANG, LUY_KE, TANG, TANG_TRUONG,
                               THIEU_SO_LIEU, THOI_DIEM, TOI_DA, TOI_THIEU, TRONG_KHOANG, VUOT_KHOANG)

# -- bounds: status × kind of plan × direction × kind of indicator -------------------------

CAN = [
    # loai, chieu, kieu, th, a, b, so_thang, expected
    # "phấn đấu tăng 10,27 % trở lên": at least a, whatever the indicator's direction
    (TANG_TRUONG, TANG, TOI_THIEU, "10.27", "10.27", None, 12, DAT),
    (TANG_TRUONG, TANG, TOI_THIEU, "11", "10.27", None, 12, DAT),
    (TANG_TRUONG, TANG, TOI_THIEU, "9", "10.27", None, 12, CHAM),
    (TANG_TRUONG, TANG, TOI_THIEU, "8", "10.27", None, 12, CHAM_NHIEU),
    (THOI_DIEM, GIAM, TOI_THIEU, "5", "4", None, 6, DAT),  # the bound's direction, not the indicator's
    # "tỷ lệ hộ nghèo giảm còn dưới 2,75 %": at most a
    (THOI_DIEM, GIAM, TOI_DA, "2.68", "2.75", None, 12, DAT),
    (THOI_DIEM, GIAM, TOI_DA, "2.75", "2.75", None, 12, DAT),  # a bound includes its end
    (THOI_DIEM, GIAM, TOI_DA, "3.1", "2.75", None, 12, CHAM),
    (THOI_DIEM, GIAM, TOI_DA, "3.2", "2.75", None, 12, CHAM_NHIEU),
    (THOI_DIEM, TANG, TOI_DA, "3.2", "2.75", None, 12, CHAM_NHIEU),
    # a cumulative ceiling is expected pro rata: ≤ 100 by 6 months means ≤ 50 so far
    (LUY_KE, TANG, TOI_DA, "50", "100", None, 6, DAT),
    (LUY_KE, TANG, TOI_DA, "57", "100", None, 6, CHAM),
    (LUY_KE, TANG, TOI_THIEU, "40", "100", None, 6, CHAM_NHIEU),
    (LUY_KE, TANG, TOI_THIEU, "55", "100", None, 6, DAT),
    # "tăng trưởng 8,8–9,4 %": a range, met from its lower end when higher is better…
    (TANG_TRUONG, TANG, KHOANG, "9", "8.8", "9.4", 12, DAT),
    (TANG_TRUONG, TANG, KHOANG, "8.8", "8.8", "9.4", 12, DAT),
    (TANG_TRUONG, TANG, KHOANG, "10", "8.8", "9.4", 12, DAT),  # beyond it on the good side
    (TANG_TRUONG, TANG, KHOANG, "8", "8.8", "9.4", 12, CHAM),
    (TANG_TRUONG, TANG, KHOANG, "7", "8.8", "9.4", 12, CHAM_NHIEU),
    # …and from its upper end when lower is better
    (THOI_DIEM, GIAM, KHOANG, "2.6", "2.5", "2.75", 12, DAT),
    (THOI_DIEM, GIAM, KHOANG, "2", "2.5", "2.75", 12, DAT),
    (THOI_DIEM, GIAM, KHOANG, "3", "2.5", "2.75", 12, CHAM),
    # unusable plans: no number, a reversed range, an unknown kind, a zero bound
    (TANG_TRUONG, TANG, KHOANG, "9", "9.4", "8.8", 12, THIEU_SO_LIEU),
    (TANG_TRUONG, TANG, KHOANG, "9", "8.8", None, 12, THIEU_SO_LIEU),
    (TANG_TRUONG, TANG, "tren_troi", "9", "8.8", None, 12, THIEU_SO_LIEU),
    (TANG_TRUONG, TANG, TOI_THIEU, "9", None, None, 12, THIEU_SO_LIEU),
    (TANG_TRUONG, TANG, TOI_DA, "9", "0", None, 12, THIEU_SO_LIEU),
    (TANG_TRUONG, TANG, TOI_THIEU, None, "8", None, 12, THIEU_SO_LIEU),
]


@pytest.mark.parametrize(("loai", "chieu", "kieu", "th", "a", "b", "so_thang", "ket_qua"), CAN)
def test_status_follows_the_bound(loai, chieu, kieu, th, a, b, so_thang, ket_qua):
    so = lambda x: None if x is None else D(x)  # noqa: E731
    assert tt.trang_thai(loai=loai, chieu=chieu, th=so(th), kh=so(a), kh_den=so(b), kieu=kieu,
                         so_thang=so_thang) == ket_qua


@pytest.mark.parametrize(
    ("kieu", "chieu", "ket_qua"),
    [(BANG, TANG, ("5", TANG)), (BANG, GIAM, ("5", GIAM)), (TOI_THIEU, GIAM, ("5", TANG)),
     (TOI_DA, TANG, ("5", GIAM)), (KHOANG, TANG, ("5", TANG)), (KHOANG, GIAM, ("7", GIAM))],
)
def test_a_bound_asks_for_one_number_in_one_direction(kieu, chieu, ket_qua):
    muc, huong = tt.muc_tieu(chieu=chieu, kieu=kieu, kh=D(5), kh_den=D(7))
    assert (muc, huong) == (D(ket_qua[0]), ket_qua[1])


@pytest.mark.parametrize(
    ("th", "chieu", "ket_qua"),
    [("9", TANG, TRONG_KHOANG), ("8.8", TANG, TRONG_KHOANG), ("9.4", GIAM, TRONG_KHOANG), ("10", TANG, VUOT_KHOANG),
     ("8", TANG, CHUA_TOI_KHOANG), ("8", GIAM, VUOT_KHOANG), ("10", GIAM, CHUA_TOI_KHOANG), (None, TANG, None)],
)
def test_where_a_figure_lies_against_a_range(th, chieu, ket_qua):
    assert tt.vi_tri_khoang(None if th is None else D(th), D("8.8"), D("9.4"), chieu) == ket_qua
    assert tt.vi_tri_khoang(D(9), D("9.4"), D("8.8"), chieu) is None


def test_against_a_bound_the_gap_is_taken_to_the_number_it_asks_for():
    # "≤ 2,75 %" with 3,1 %: 0,35 points too high; "≥ 10,27 %" with 11 %: 0,73 over.
    toi_da = tt.danh_gia(loai=THOI_DIEM, chieu=GIAM, la_ty_le=True, th=D("3.1"), kh=D("2.75"), so_thang=12,
                         kieu=TOI_DA)
    assert (toi_da.chenh_lech, toi_da.trang_thai, toi_da.kieu) == (D("0.35"), CHAM, TOI_DA)
    toi_thieu = tt.danh_gia(loai=TANG_TRUONG, chieu=TANG, la_ty_le=False, th=D(11), kh=D("10.27"), so_thang=12,
                            kieu=TOI_THIEU)
    assert toi_thieu.chenh_lech == D("0.73") and toi_thieu.khoang is None
    # a cumulative indicator "≥ 500 tỷ" is still reported as a % of the bound
    luy_ke = tt.danh_gia(loai=LUY_KE, chieu=TANG, la_ty_le=False, th=D(300), kh=D(500), so_thang=6, kieu=TOI_THIEU)
    assert (luy_ke.phan_tram, luy_ke.so_bang_chenh_lech, luy_ke.trang_thai) == (D("60.00"), False, DAT)
    # a range says where the figure lies
    khoang = tt.danh_gia(loai=TANG_TRUONG, chieu=TANG, la_ty_le=False, th=D(9), kh=D("8.8"), kh_den=D("9.4"),
                         so_thang=12, kieu=KHOANG)
    assert (khoang.khoang, khoang.chenh_lech, khoang.so_bang_chenh_lech) == (TRONG_KHOANG, D("0.2"), True)



@pytest.mark.parametrize("a, b", [("9.4", "8.8"), ("8.8", None), (None, "9.4")])
def test_a_range_reversed_or_missing_an_end_compares_nothing(a, b):
    """"8,8–9,4 %" typed backwards, or with one end missing: no %, no gap, no status —
    never a comparison with half a range."""
    dg = tt.danh_gia(loai=TANG_TRUONG, chieu=TANG, la_ty_le=False, th=D(9), kh=a and D(a), kh_den=b and D(b),
                     so_thang=12, kieu=KHOANG)
    assert (dg.phan_tram, dg.chenh_lech, dg.trang_thai) == (None, None, THIEU_SO_LIEU)


@pytest.mark.parametrize("kieu", [TOI_DA, KHOANG])
def test_an_upper_bound_or_a_range_is_never_a_percent_of_plan(kieu):
    assert tt.so_bang_chenh_lech(loai=LUY_KE, chieu=TANG, la_ty_le=False, kieu=kieu)
    assert not tt.so_bang_chenh_lech(loai=LUY_KE, chieu=TANG, la_ty_le=False, kieu=TOI_THIEU)


# -- phases ---------------------------------------------------------------------------------

QUY = {3: D(10), 6: D(30), 9: D(60)}  # a quarterly scenario: 10 / 30 / 60 / 100 % of the year


def test_a_quarterly_plan_replaces_n_twelfths():
    assert [tt.tien_do_ky_vong(t, QUY) for t in (3, 6, 9, 12)] == [D(10), D(30), D(60), D(100)]
    # between phases the line is straight, from 0 % at month 0 to 100 % at month 12
    assert tt.lam_tron(tt.tien_do_ky_vong(1, QUY), 4) == D("3.3333")
    assert tt.tien_do_ky_vong(8, QUY) == D(50)
    assert tt.lam_tron(tt.tien_do_ky_vong(11, QUY), 4) == D("86.6667")
    assert tt.tien_do_ky_vong(12, {3: D(10), 12: D(90)}) == D(90)  # a phase may say otherwise
    assert tt.muc_ky_vong(loai=LUY_KE, kh=D(1000), so_thang=6, tien_do=QUY) == D(300)


def test_a_6_month_figure_at_28_percent_is_read_against_the_quarterly_plan():
    """The issue's example: 28 % of the year by June. Against n/12 (50 %) that is far
    behind; against a seasonal scenario that expects 30 % by June it is only a little
    behind. (The issue text states the two verdicts the other way round; 28 is 44 %
    short of 50 and 6,7 % short of 30.) And a front-loaded scenario makes the same kind
    of figure worse than n/12 would."""
    rule = {"loai": LUY_KE, "chieu": TANG, "kh": D(100), "so_thang": 6}
    assert tt.trang_thai(th=D(28), **rule) == CHAM_NHIEU
    assert tt.trang_thai(th=D(28), tien_do=QUY, **rule) == CHAM
    truoc = {3: D(40), 6: D(70), 9: D(90)}
    assert tt.trang_thai(th=D(58), **rule) == DAT
    assert tt.trang_thai(th=D(58), tien_do=truoc, **rule) == CHAM_NHIEU


def test_phases_of_a_growth_rate_are_the_expected_rates():
    kich_ban = {3: D("7.2"), 6: D("7.8"), 9: D("8.2")}  # "kịch bản tăng trưởng theo quý"
    assert tt.muc_ky_vong(loai=TANG_TRUONG, kh=D("8.5"), so_thang=6, tien_do=kich_ban) == D("7.8")
    assert tt.muc_ky_vong(loai=TANG_TRUONG, kh=D("8.5"), so_thang=12, tien_do=kich_ban) == D("8.5")
    assert tt.muc_ky_vong(loai=TANG_TRUONG, kh=D("8.5"), so_thang=1, tien_do=kich_ban) == D("7.2")
    assert tt.trang_thai(loai=TANG_TRUONG, chieu=TANG, th=D("7.9"), kh=D("8.5"), so_thang=6, tien_do=kich_ban) == DAT
    assert tt.trang_thai(loai=TANG_TRUONG, chieu=TANG, th=D("7.9"), kh=D("8.5"), so_thang=6) == CHAM


@pytest.mark.parametrize("tien_do", [None, {}, {13: D(5)}, {0: D(5)}, {"6": D(5)}, {6: D("NaN")}, {6: None}])
def test_phases_that_are_not_months_with_numbers_are_ignored(tien_do):
    assert tt.tien_do_ky_vong(6, tien_do) == D(50)
    assert tt.muc_ky_vong(loai=THOI_DIEM, kh=D(7), so_thang=6, tien_do=tien_do) == D(7)


# -- a point plan without phases is exactly the old rule ------------------------------------

_CU = Context(prec=60, rounding=ROUND_HALF_UP, traps=[])


def _trang_thai_cu(*, loai, chieu, th, kh, so_thang):
    """The status rule as it was before bounds and phases (DESIGN §3), verbatim."""
    th = th if th is not None and th.is_finite() else None
    kh = kh if kh is not None and kh.is_finite() else None
    if th is None or kh is None or kh.is_zero():
        return THIEU_SO_LIEU
    with localcontext(_CU):
        ky_vong = kh * D(so_thang) / D(12) if loai == LUY_KE else kh
        if not ky_vong.is_finite():
            return THIEU_SO_LIEU
        thieu_hut = (ky_vong - th) if chieu == TANG else (th - ky_vong)
        bien_do = abs(ky_vong) * D("0.15")
        if not (thieu_hut.is_finite() and bien_do.is_finite()):
            return THIEU_SO_LIEU
    if thieu_hut <= 0:
        return DAT
    return CHAM if thieu_hut <= bien_do else CHAM_NHIEU


so_bat_ky = st.one_of(st.none(), st.decimals(allow_nan=True, allow_infinity=True),
                      st.decimals(min_value=-10**6, max_value=10**6, places=3))


@given(th=so_bat_ky, kh=so_bat_ky, so_thang=st.integers(1, 12), loai=st.sampled_from([LUY_KE, THOI_DIEM, TANG_TRUONG]),
       chieu=st.sampled_from([TANG, GIAM]), la_ty_le=st.booleans())
def test_a_point_plan_behaves_exactly_like_the_old_rules(th, kh, so_thang, loai, chieu, la_ty_le):
    moi = tt.danh_gia(loai=loai, chieu=chieu, la_ty_le=la_ty_le, th=th, kh=kh, so_thang=so_thang, kieu=BANG)
    assert moi.trang_thai == _trang_thai_cu(loai=loai, chieu=chieu, th=th, kh=kh, so_thang=so_thang)
    theo_chenh_lech = chieu == GIAM or loai == TANG_TRUONG or la_ty_le
    assert moi.so_bang_chenh_lech == theo_chenh_lech
    assert moi.phan_tram == (None if theo_chenh_lech else tt.phan_tram_ke_hoach(th, kh))
    assert moi.chenh_lech == (tt.chenh_lech(th, kh) if theo_chenh_lech else None)
    assert (moi.kieu, moi.khoang) == (BANG, None)
    # "≥ a" is the same plan when higher is better; "≤ a" when lower is
    tuong_duong = TOI_THIEU if chieu == TANG else TOI_DA
    assert tt.trang_thai(loai=loai, chieu=chieu, th=th, kh=kh, so_thang=so_thang, kieu=tuong_duong) == moi.trang_thai
