"""The rules of DESIGN §3, case by case, and properties over any Decimal."""

from decimal import Decimal as D

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chitieu import tinh_toan as tt
from chitieu.tinh_toan import CHAM, CHAM_NHIEU, DAT, GIAM, LUY_KE, TANG, TANG_TRUONG, THIEU_SO_LIEU, THOI_DIEM

# -- the seed report's figures ------------------------------------------------------


@pytest.mark.parametrize(
    ("th", "kh", "phan_tram"),
    [
        ("447142", "843000", "53.04"),
        ("447142", "848700", "52.69"),
        ("184510", "339580", "54.33"),
        ("184510", "340520", "54.18"),
        ("141004", "273080", "51.63"),
        ("141004", "275690", "51.15"),
        ("121628", "230340", "52.80"),
        ("121628", "232490", "52.32"),
        ("32.454", "41.830", "77.59"),
        ("32.454", "98.600", "32.91"),
        ("12.5", "10", "125.00"),
        ("12.5", "65", "19.23"),
    ],
)
def test_percent_of_plan_reproduces_the_an_lao_report(th, kh, phan_tram):
    assert tt.phan_tram_ke_hoach(D(th), D(kh)) == D(phan_tram)


# -- % of plan, missing and zero ------------------------------------------------------


@pytest.mark.parametrize(
    ("th", "kh"),
    [(None, D(100)), (D(5), None), (None, None), (D(5), D(0)), (D(0), D(0)), (D(5), D("0.000"))],
)
def test_percent_of_plan_is_missing_not_zero_without_both_numbers_or_with_a_zero_plan(th, kh):
    assert tt.phan_tram_ke_hoach(th, kh) is None


def test_percent_of_plan_is_zero_only_for_a_real_zero_actual():
    assert tt.phan_tram_ke_hoach(D(0), D(100)) == D("0.00")


@pytest.mark.parametrize(
    ("th", "kh", "ket_qua"),
    [
        ("1", "8", "12.50"),  # exactly 12.5
        ("0.53035", "1", "53.04"),  # 53.035 rounds half up, not to even
        ("0.53045", "1", "53.05"),
        ("0.530349", "1", "53.03"),
        ("-0.53035", "1", "-53.04"),  # half away from zero
    ],
)
def test_percentages_round_half_up_to_two_decimals(th, kh, ket_qua):
    assert tt.phan_tram_ke_hoach(D(th), D(kh)) == D(ket_qua)


def test_values_round_half_up_to_the_indicators_decimals():
    assert tt.lam_tron(D("32.4545"), 3) == D("32.455")
    assert tt.lam_tron(D("2.5"), 0) == D("3")
    assert tt.lam_tron(D("12.5"), 3) == D("12.500")
    assert tt.lam_tron(None, 2) is None
    assert tt.lam_tron_phan_tram(D("52.795")) == D("52.80")


# -- same period last year ------------------------------------------------------------


def test_growth_against_the_same_period_matches_the_tuy_phuoc_conclusion():
    assert tt.toc_do_tang(D("1092593"), D("1052340")) == D("3.83")
    assert tt.so_voi_cung_ky(D("58.77"), D("100")) == D("58.77")


@pytest.mark.parametrize(("th", "ck"), [(None, D(1)), (D(1), None), (D(1), D(0))])
def test_growth_is_missing_without_both_periods_or_with_a_zero_base(th, ck):
    assert tt.toc_do_tang(th, ck) is None
    assert tt.so_voi_cung_ky(th, ck) is None


def test_a_fall_is_a_negative_growth():
    assert tt.toc_do_tang(D(90), D(100)) == D("-10.00")


def test_rates_compare_with_the_same_period_in_points_and_quantities_by_ratio():
    ty_le = tt.so_cung_ky(loai=THOI_DIEM, la_ty_le=True, th=D("12.62"), th_cung_ky=D("12.81"))
    assert (ty_le.chenh_lech, ty_le.phan_tram, ty_le.tang, ty_le.bang_chenh_lech) == (D("-0.19"), None, None, True)
    tang_truong = tt.so_cung_ky(loai=TANG_TRUONG, la_ty_le=False, th=D("5.8"), th_cung_ky=D("6.5"))
    assert tang_truong.bang_chenh_lech and tang_truong.chenh_lech == D("-0.7")
    so_luong = tt.so_cung_ky(loai=LUY_KE, la_ty_le=False, th=D(110), th_cung_ky=D(100))
    assert (so_luong.phan_tram, so_luong.tang, so_luong.chenh_lech) == (D("110.00"), D("10.00"), None)


def test_the_growth_indicator_is_computed_from_its_base_and_falls_back_to_the_entered_value():
    assert tt.gia_tri_tang_truong(th_goc=D(107), th_goc_cung_ky=D(100), nhap=D("6.5")) == (D("7.00"), True)
    assert tt.gia_tri_tang_truong(th_goc=D(107), th_goc_cung_ky=None, nhap=D("6.5")) == (D("6.5"), False)
    assert tt.gia_tri_tang_truong(th_goc=None, th_goc_cung_ky=None, nhap=None) == (None, False)
    assert tt.gia_tri_tang_truong(th_goc=D(1), th_goc_cung_ky=D(0), nhap=D("NaN")) == (None, False)


# -- status: every kind × direction × missing/zero -------------------------------------

TRANG_THAI = [
    # loai, chieu, th, kh, so_thang, expected
    # cumulative, higher is better: expected progress is n/12 of the plan
    (LUY_KE, TANG, "50", "100", 6, DAT),  # exactly on schedule
    (LUY_KE, TANG, "53.04", "100", 6, DAT),
    (LUY_KE, TANG, "49.99", "100", 6, CHAM),
    (LUY_KE, TANG, "42.5", "100", 6, CHAM),  # 15 % short of 50 is still "chậm"
    (LUY_KE, TANG, "42.49", "100", 6, CHAM_NHIEU),
    (LUY_KE, TANG, "25", "100", 3, DAT),
    (LUY_KE, TANG, "24", "100", 3, CHAM),
    (LUY_KE, TANG, "75", "100", 9, DAT),
    (LUY_KE, TANG, "99", "100", 12, CHAM),
    (LUY_KE, TANG, "100", "100", 12, DAT),
    (LUY_KE, TANG, "0", "100", 6, CHAM_NHIEU),
    # cumulative, lower is better (e.g. số vụ tai nạn): within n/12 of the ceiling
    (LUY_KE, GIAM, "50", "100", 6, DAT),
    (LUY_KE, GIAM, "57.5", "100", 6, CHAM),
    (LUY_KE, GIAM, "57.6", "100", 6, CHAM_NHIEU),
    # level, higher is better: compared with the plan itself
    (THOI_DIEM, TANG, "78.5", "78.5", 6, DAT),
    (THOI_DIEM, TANG, "80", "78.5", 3, DAT),
    (THOI_DIEM, TANG, "70", "78.5", 6, CHAM),
    (THOI_DIEM, TANG, "60", "78.5", 6, CHAM_NHIEU),
    # level, lower is better (tỷ lệ hộ nghèo)
    (THOI_DIEM, GIAM, "12.5", "12.5", 6, DAT),
    (THOI_DIEM, GIAM, "11", "12.5", 6, DAT),
    (THOI_DIEM, GIAM, "12.62", "12.5", 6, CHAM),
    (THOI_DIEM, GIAM, "15", "12.5", 6, CHAM_NHIEU),
    # growth rate
    (TANG_TRUONG, TANG, "7.5", "7", 6, DAT),
    (TANG_TRUONG, TANG, "6.5", "7", 6, CHAM),
    (TANG_TRUONG, TANG, "5.83", "7", 6, CHAM_NHIEU),
    (TANG_TRUONG, TANG, "-1", "7", 6, CHAM_NHIEU),
    # a negative plan (a planned fall) still compares in the indicator's direction
    (TANG_TRUONG, TANG, "-1", "-2", 6, DAT),
    (TANG_TRUONG, TANG, "-2.2", "-2", 6, CHAM),
]


@pytest.mark.parametrize(("loai", "chieu", "th", "kh", "so_thang", "ket_qua"), TRANG_THAI)
def test_status_against_expected_progress(loai, chieu, th, kh, so_thang, ket_qua):
    assert tt.trang_thai(loai=loai, chieu=chieu, th=D(th), kh=D(kh), so_thang=so_thang) == ket_qua


@pytest.mark.parametrize("loai", [LUY_KE, THOI_DIEM, TANG_TRUONG])
@pytest.mark.parametrize("chieu", [TANG, GIAM])
@pytest.mark.parametrize(
    ("th", "kh"), [(None, D(10)), (D(10), None), (None, None), (D(10), D(0)), (D(0), D(0)), (D("NaN"), D(1))]
)
def test_status_is_missing_data_without_both_numbers_or_with_a_zero_plan(loai, chieu, th, kh):
    assert tt.trang_thai(loai=loai, chieu=chieu, th=th, kh=kh, so_thang=6) == THIEU_SO_LIEU


def test_status_is_missing_data_when_the_numbers_overflow():
    huge = D("9e999999")
    assert tt.trang_thai(loai=LUY_KE, chieu=TANG, th=-huge, kh=huge, so_thang=6) == THIEU_SO_LIEU
    assert tt.trang_thai(loai=THOI_DIEM, chieu=TANG, th=-huge, kh=huge, so_thang=6) == THIEU_SO_LIEU


def test_expected_progress_is_n_twelfths():
    assert tt.tien_do_ky_vong(3) == D(25)
    assert tt.tien_do_ky_vong(6) == D(50)
    assert tt.tien_do_ky_vong(12) == D(100)
    assert tt.lam_tron(tt.tien_do_ky_vong(1), 2) == D("8.33")
    assert tt.muc_ky_vong(loai=LUY_KE, kh=D(843000), so_thang=6) == D(421500)
    assert tt.muc_ky_vong(loai=THOI_DIEM, kh=D("78.5"), so_thang=6) == D("78.5")
    assert tt.muc_ky_vong(loai=LUY_KE, kh=None, so_thang=6) is None


# -- ratio or gap ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loai", "chieu", "la_ty_le", "theo_chenh_lech"),
    [
        (LUY_KE, TANG, False, False),
        (THOI_DIEM, TANG, False, False),
        (THOI_DIEM, GIAM, True, True),  # tỷ lệ hộ nghèo
        (LUY_KE, GIAM, False, True),
        (TANG_TRUONG, TANG, False, True),
        (THOI_DIEM, TANG, True, True),  # tỷ lệ che phủ rừng: a % of a % is not reported
    ],
)
def test_decreasing_growth_and_rate_indicators_compare_by_gap_never_by_ratio(loai, chieu, la_ty_le, theo_chenh_lech):
    danh_gia = tt.danh_gia(loai=loai, chieu=chieu, la_ty_le=la_ty_le, th=D("12.62"), kh=D("12.5"), so_thang=6)
    assert danh_gia.so_bang_chenh_lech is theo_chenh_lech
    if theo_chenh_lech:
        assert (danh_gia.phan_tram, danh_gia.chenh_lech) == (None, D("0.12"))
    else:
        assert (danh_gia.phan_tram, danh_gia.chenh_lech) == (D("100.96"), None)


def test_gap_is_missing_without_both_numbers():
    assert tt.chenh_lech(None, D(1)) is None
    assert tt.chenh_lech(D(1), None) is None
    assert tt.chenh_lech(D("12.62"), D("12.5")) == D("0.12")


# -- sums and soft warnings -------------------------------------------------------------


def test_a_sum_with_any_missing_value_is_missing_never_partial():
    assert tt.tong([D(1), D(2)]) == D(3)
    assert tt.tong([D(1), None]) is None
    assert tt.tong([]) is None


def test_children_adding_up_to_the_parent_raise_no_warning():
    assert tt.lech_tong_con(D(447142), [D(184510), D(141004), D(121628)]) is None
    assert tt.lech_tong_con(D(447142), [D(184510), D(141004), D(121600)]) == D(28)
    assert tt.lech_tong_con(None, [D(1)]) is None
    assert tt.lech_tong_con(D(1), [D(1), None]) is None


def test_rates_outside_zero_to_hundred_are_flagged():
    assert tt.ngoai_khoang_ty_le(D(150))
    assert tt.ngoai_khoang_ty_le(D("-0.1"))
    assert not tt.ngoai_khoang_ty_le(D(100))
    assert not tt.ngoai_khoang_ty_le(D(0))
    assert not tt.ngoai_khoang_ty_le(None)


def test_a_move_over_fifty_percent_against_the_same_period_needs_checking():
    assert tt.bien_dong_bat_thuong(D("150.01"), D(100))
    assert tt.bien_dong_bat_thuong(D("49.99"), D(100))
    assert not tt.bien_dong_bat_thuong(D(150), D(100))
    assert not tt.bien_dong_bat_thuong(D(1), None)


# -- properties over any input -----------------------------------------------------------

bat_ky_decimal = st.one_of(st.none(), st.decimals(allow_nan=True, allow_infinity=True))
decimal_huu_han = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=6)


@given(th=bat_ky_decimal, kh=bat_ky_decimal, so_thang=st.integers(1, 12),
       loai=st.sampled_from([LUY_KE, THOI_DIEM, TANG_TRUONG]), chieu=st.sampled_from([TANG, GIAM]),
       la_ty_le=st.booleans())
@example(th=D("1e999999"), kh=D("1e-999999"), so_thang=6, loai=LUY_KE, chieu=TANG, la_ty_le=False)
@example(th=D("sNaN"), kh=D(1), so_thang=6, loai=LUY_KE, chieu=TANG, la_ty_le=False)
def test_no_rule_ever_raises_on_any_decimal_or_none(th, kh, so_thang, loai, chieu, la_ty_le):
    tt.phan_tram_ke_hoach(th, kh)
    tt.so_voi_cung_ky(th, kh)
    tt.toc_do_tang(th, kh)
    tt.chenh_lech(th, kh)
    tt.lam_tron(th, 3)
    tt.muc_ky_vong(loai=loai, kh=kh, so_thang=so_thang)
    tt.gia_tri_tang_truong(th_goc=th, th_goc_cung_ky=kh, nhap=th)
    tt.so_cung_ky(loai=loai, la_ty_le=la_ty_le, th=th, th_cung_ky=kh)
    tt.tong([th, kh])
    tt.lech_tong_con(th, [kh])
    tt.ngoai_khoang_ty_le(th)
    tt.bien_dong_bat_thuong(th, kh)
    ket_qua = tt.danh_gia(loai=loai, chieu=chieu, la_ty_le=la_ty_le, th=th, kh=kh, so_thang=so_thang)
    assert ket_qua.trang_thai in {DAT, CHAM, CHAM_NHIEU, THIEU_SO_LIEU}
    for x in (ket_qua.phan_tram, ket_qua.chenh_lech):
        assert x is None or x.is_finite()


@given(th1=decimal_huu_han, th2=decimal_huu_han,
       kh=st.decimals(min_value=D("0.001"), max_value=10**12, places=3))
def test_percent_of_plan_is_monotone_in_the_actual(th1, th2, kh):
    thap, cao = sorted([th1, th2])
    assert tt.phan_tram_ke_hoach(thap, kh) <= tt.phan_tram_ke_hoach(cao, kh)


@given(th1=decimal_huu_han, th2=decimal_huu_han, kh=st.decimals(min_value=D("0.001"), max_value=10**12, places=3),
       loai=st.sampled_from([LUY_KE, THOI_DIEM, TANG_TRUONG]), so_thang=st.integers(1, 12))
def test_a_larger_actual_never_has_a_worse_status_when_higher_is_better(th1, th2, kh, loai, so_thang):
    thu_hang = {CHAM_NHIEU: 0, CHAM: 1, DAT: 2}
    thap, cao = sorted([th1, th2])
    tinh = [thu_hang[tt.trang_thai(loai=loai, chieu=TANG, th=x, kh=kh, so_thang=so_thang)] for x in (thap, cao)]
    assert tinh[0] <= tinh[1]


@given(so_nguyen=st.integers(-(10**12), 10**12))
def test_rounding_is_half_up_at_every_midpoint(so_nguyen):
    """x,xx5 always rounds away from zero, whatever the digit before it."""
    x = D(so_nguyen).scaleb(-3)  # three decimals
    ket_qua = tt.lam_tron_phan_tram(x)
    cach_xa = abs(x) * 1000 % 10
    ky_vong = abs(x).quantize(D("0.01"), rounding="ROUND_DOWN")
    if cach_xa >= 5:
        ky_vong += D("0.01")
    assert ket_qua == (ky_vong if x >= 0 else -ky_vong)


# -- precision of values read from a spreadsheet ------------------------------------------


@pytest.mark.parametrize(
    ("x", "so_le", "ket_qua"),
    [
        ("34.63", 1, "34.6"),  # the sheet shows 34,6 and holds 34,63
        ("91.234", 1, "91.2"),  # a formula's result
        ("91.25", 1, "91.3"),  # half up, not to even
        ("91.35", 1, "91.4"),
        ("-91.25", 1, "-91.3"),  # half away from zero
        ("447142.37", 0, "447142"),
        ("447142.5", 0, "447143"),
        ("32.45437", 3, "32.454"),
        ("34.6", 1, "34.6"),  # as many decimals as allowed: untouched
        ("34", 1, "34"),
        ("34.600", 1, "34.6"),  # trailing zeros only: the same value
        (None, 1, None),
    ],
)
def test_a_value_with_more_decimals_than_the_indicator_is_rounded_half_up(x, so_le, ket_qua):
    assert tt.lam_tron_neu_thua(None if x is None else D(x), so_le) == (None if ket_qua is None else D(ket_qua))


@pytest.mark.parametrize(("x", "so_le"), [("34.6", 1), ("447142", 0), ("12.500", 3), ("0.000001", 6)])
def test_a_value_within_the_precision_is_kept_exactly_as_read(x, so_le):
    assert str(tt.lam_tron_neu_thua(D(x), so_le)) == x


@pytest.mark.parametrize(("x", "so_chu_so"), [("34.63", 2), ("34.600", 3), ("447142", 0), ("1E+3", 0),
                                              ("NaN", 0), ("Infinity", 0)])
def test_it_counts_the_decimals_a_value_is_written_with(x, so_chu_so):
    assert tt.so_chu_so_le(D(x)) == so_chu_so


@pytest.mark.parametrize(
    ("a", "b", "so_le", "bang"),
    [
        ("6.89", "6.8934", 2, True),  # pasted from a sheet that shows the computed value
        ("6.9", "6.8934", 2, False),
        ("6.5", "6.89", 2, False),
        ("-0.11", "-0.105", 2, True),
        (None, "6.89", 2, False),
        ("6.89", None, 2, False),
    ],
)
def test_two_values_are_the_same_when_they_read_the_same_at_the_indicators_precision(a, b, so_le, bang):
    assert tt.bang_nhau_khi_lam_tron(a if a is None else D(a), b if b is None else D(b), so_le) is bang


# -- a figure 100 times off what it should be ----------------------------------------------


@pytest.mark.parametrize(
    ("x", "cac_moc", "ket_qua"),
    [
        # "92.500" for a tỷ đồng indicator: plan 180 (90 expected after 6 months), cùng kỳ 76
        ("92500", ["90", "76"], tt.BAC_DO_LON),
        ("92.5", ["90", "76"], None),
        ("8000", ["90", "76"], None),  # 105 × cùng kỳ but 89 × the plan: not both
        ("9000", ["90", "90"], tt.BAC_DO_LON),  # exactly 100 times counts
        ("8999.99", ["90", "90"], None),
        ("7600", ["90", "76"], None),  # 100 × cùng kỳ, only 84 × the plan
        ("0.76", ["90", "76"], tt.BAC_DO_NHO),  # 1/100 of cùng kỳ and less than 1/100 of the plan
        ("0.77", ["90", "76"], None),
        ("0.9", ["90", "90"], tt.BAC_DO_NHO),  # exactly 1/100 counts
        ("92500", ["90", None], tt.BAC_DO_LON),  # a missing reference is no reference
        ("92500", [None, "76"], tt.BAC_DO_LON),
        ("92500", ["0", "76"], tt.BAC_DO_LON),  # nor is a zero one
        ("92500", [None, None], None),  # nothing to compare with
        ("92500", [], None),
        ("92500", ["0", "0.000"], None),
        ("0", ["90", "76"], None),  # zero is never a slip of magnitude
        (None, ["90", "76"], None),
        ("-720", ["7", "-6.5"], tt.BAC_DO_LON),  # a growth rate of -720 % against about ±7
        ("-0.05", ["7", "6.5"], tt.BAC_DO_NHO),
        ("NaN", ["90", "76"], None),
        ("92500", ["NaN", "76"], tt.BAC_DO_LON),
    ],
)
def test_a_value_far_from_both_the_plan_and_last_year_is_a_slip_of_magnitude(x, cac_moc, ket_qua):
    moc = [None if m is None else D(m) for m in cac_moc]
    assert tt.lech_bac_do(None if x is None else D(x), moc) == ket_qua


@given(st.decimals(min_value=D("0.000001"), max_value=D("1E+13"), places=6),
       st.decimals(min_value=D("0.01"), max_value=D("1E+11"), places=2))
def test_a_value_within_a_factor_of_100_of_a_single_reference_is_never_flagged(x, moc):
    tren, duoi = x >= moc * 100, x * 100 <= moc
    assert (tt.lech_bac_do(x, [moc]) is not None) == (tren or duoi)
