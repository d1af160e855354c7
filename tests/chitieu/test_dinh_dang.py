"""Vietnamese number text: written as the seed report writes it, read strictly."""

import re
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chitieu import dinh_dang
from chitieu import dinh_dang as dd
from chitieu.dinh_dang import LoiNhapSo, doc_so


@pytest.mark.parametrize(
    ("gia_tri", "so_le", "van_ban"),
    [
        ("447142", 0, "447.142"),
        ("32.454", 3, "32,454"),
        ("12.5", 3, "12,500"),
        ("1234567.891", 2, "1.234.567,89"),
        ("-1234.5", 1, "-1.234,5"),
        ("-0.0001", 2, "0,00"),
        ("999", 0, "999"),
        ("1000", 0, "1.000"),
        ("0", 0, "0"),
    ],
)
def test_values_in_tables_use_dot_thousands_and_comma_decimals(gia_tri, so_le, van_ban):
    assert dinh_dang.so(D(gia_tri), so_le) == van_ban


def test_missing_values_and_percentages_show_a_dash_never_zero():
    assert dinh_dang.so(None) == "—"
    assert dinh_dang.phan_tram(None) == "—"
    assert dinh_dang.so_van_ban(None) == "—"
    assert dinh_dang.chenh_lech(None, 2, "%") == "—"


def test_percentages_in_tables_have_two_decimals_and_a_spaced_sign():
    assert dinh_dang.phan_tram(D("53.04")) == "53,04 %"
    assert dinh_dang.phan_tram(D("52.8")) == "52,80 %"
    assert dinh_dang.phan_tram(D("125")) == "125,00 %"


@pytest.mark.parametrize(
    ("gia_tri", "so_le", "van_ban"),
    [("52.80", 2, "52,8"), ("125.00", 2, "125"), ("12.500", 3, "12,5"), ("447142", 0, "447.142"),
     ("100", 2, "100"), ("32.454", 3, "32,454"), ("19.23", 2, "19,23"), ("0.50", 2, "0,5")],
)
def test_narrative_numbers_drop_trailing_zeros_as_the_seed_does(gia_tri, so_le, van_ban):
    assert dinh_dang.so_van_ban(D(gia_tri), so_le) == van_ban


def test_gaps_carry_their_sign_and_unit():
    assert dinh_dang.chenh_lech(D("0.12"), 2, "%") == "+0,12 điểm %"
    assert dinh_dang.chenh_lech(D("-120"), 0, "hộ") == "-120 hộ"
    assert dinh_dang.chenh_lech(D("0"), 0, "%") == "0 điểm %"


@pytest.mark.parametrize(
    ("van_ban", "gia_tri"),
    [("447142", "447142"), ("447.142", "447142"), ("12,5", "12.5"), ("1.234,5", "1234.5"), ("-3,2", "-3.2"),
     (" 184510 ", "184510"), ("0", "0"), ("12.345.678,901", "12345678.901"), ("1\u00a0234", "1234")],
)
def test_it_reads_numbers_typed_the_vietnamese_way(van_ban, gia_tri):
    if gia_tri is None:
        with pytest.raises(LoiNhapSo):
            doc_so(van_ban)
    else:
        assert doc_so(van_ban) == D(gia_tri)


@pytest.mark.parametrize("van_ban", ["", "   ", "\u00a0", None])
def test_blank_is_no_value(van_ban):
    assert doc_so(van_ban) is None


@pytest.mark.parametrize(
    ("van_ban", "trong_thong_bao"),
    [
        ("abc", "không phải số"),
        ("1,2,3", "nhiều dấu phẩy"),
        ("--5", "dấu không hợp lệ"),
        ("+5", "dấu không hợp lệ"),
        ("5-", "dấu không hợp lệ"),
        ("1e20", "lũy thừa"),
        ("１２３", "toàn khổ"),
        ("1.5", "dấu chấm sai chỗ"),
        ("1.23", "dấu chấm sai chỗ"),
        (",5", "0,5"),
        ("<script>alert(1)</script>", "không phải số"),
        ("1; DROP TABLE chitieu_thuchien", "không phải số"),
        ("5%", "không phải số"),
        ("1" * 41, "quá dài"),
        ("NaN", "không phải số"),
        ("1 234", "khoảng trắng"),
        ("12,", "không phải là một số hợp lệ"),
        ("Infinity", "không phải số"),
    ],
)
def test_it_refuses_anything_that_is_not_plainly_one_number(van_ban, trong_thong_bao):
    with pytest.raises(LoiNhapSo) as loi:
        doc_so(van_ban)
    assert trong_thong_bao in str(loi.value)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**14), max_value=10**14))
def test_what_it_writes_it_reads_back(x):
    assert doc_so(dinh_dang.so(x, 3)) == x


# -- plans typed the way resolutions write them ---------------------------------------------

@pytest.mark.parametrize(
    ("van_ban", "ket_qua"),
    [
        ("475,5", ("bang", D("475.5"), None)),
        ("1.234,5", ("bang", D("1234.5"), None)),
        ("-2", ("bang", D(-2), None)),
        ("≥ 10,27", ("toi_thieu", D("10.27"), None)),
        (">=10,27 %", ("toi_thieu", D("10.27"), None)),
        ("10,27 % trở lên", ("toi_thieu", D("10.27"), None)),
        ("từ 10,27 trở lên", ("toi_thieu", D("10.27"), None)),
        ("Tối thiểu 500", ("toi_thieu", D(500), None)),
        ("trên 7", ("toi_thieu", D(7), None)),
        ("dưới 2,75 %", ("toi_da", D("2.75"), None)),
        ("≤ 2,75", ("toi_da", D("2.75"), None)),
        ("không quá 100", ("toi_da", D(100), None)),
        ("2,75 trở xuống", ("toi_da", D("2.75"), None)),
        ("8,8–9,4", ("khoang", D("8.8"), D("9.4"))),
        ("8,8 - 9,4 %", ("khoang", D("8.8"), D("9.4"))),
        ("8,8 ÷ 9,4", ("khoang", D("8.8"), D("9.4"))),
        ("từ 8,8 đến 9,4", ("khoang", D("8.8"), D("9.4"))),
        ("-1,5–2", ("khoang", D("-1.5"), D(2))),
        ("  ", ("bang", None, None)),
        (None, ("bang", None, None)),
    ],
)
def test_plans_are_read_the_way_resolutions_write_them(van_ban, ket_qua):
    assert dd.doc_ke_hoach(van_ban) == ket_qua


@pytest.mark.parametrize(
    ("van_ban", "thong_bao"),
    [
        ("9,4–8,8", "từ số nhỏ đến số lớn"),
        ("≥", "thiếu số của kế hoạch"),
        ("≥ abc", "không phải số"),
        ("phấn đấu 5", "≥ 10,27 · ≤ 2,75 · 8,8–9,4"),
        ("1" * 61, "quá dài"),
    ],
)
def test_a_plan_that_cannot_be_read_is_refused_with_the_forms_it_may_take(van_ban, thong_bao):
    with pytest.raises(dd.LoiNhapSo, match=re.escape(thong_bao)):
        dd.doc_ke_hoach(van_ban)


@pytest.mark.parametrize(
    ("kieu", "a", "b", "bang", "chinh_xac"),
    [
        ("bang", "475.5", None, "475,50", "475,5"),
        ("toi_thieu", "10.27", None, "≥ 10,27", "≥ 10,27"),
        ("toi_da", "2.75", None, "≤ 2,75", "≤ 2,75"),
        ("khoang", "8.8", "9.4", "8,80–9,40", "8,8–9,4"),
        ("khoang", "8.8", None, "—", ""),
        ("bang", None, None, "—", ""),
    ],
)
def test_plans_are_written_as_read(kieu, a, b, bang, chinh_xac):
    so = lambda x: None if x is None else D(x)  # noqa: E731
    assert dd.ke_hoach(kieu, so(a), so(b), 2) == bang
    assert dd.ke_hoach_chinh_xac(kieu, so(a), so(b)) == chinh_xac
    if chinh_xac:
        assert dd.doc_ke_hoach(chinh_xac)[1:] == (so(a), so(b))


def test_phases_are_typed_by_month_or_quarter_and_written_back():
    assert dd.doc_tien_do("3: 10; 6: 30; 9: 60") == {3: D(10), 6: D(30), 9: D(60)}
    assert dd.doc_tien_do("Q1: 10\nQuý II: 30 %;9 tháng: 60") == {3: D(10), 6: D(30), 9: D(60)}
    assert dd.doc_tien_do("") == {} and dd.doc_tien_do(None) == {} and dd.doc_tien_do(" ; ") == {}
    assert dd.viet_tien_do({6: D(30), 3: D("10.5")}) == "3: 10,5; 6: 30"
    assert dd.viet_tien_do(None) == ""


@pytest.mark.parametrize(
    ("van_ban", "thong_bao"),
    [("3 10", "tháng: giá trị"), ("13: 5", "từ 1 đến 12"), ("3: 5; 3: 6", "hai lần"), ("3: %", "thiếu giá trị"),
     ("3: abc", "không phải số")],
)
def test_phases_that_cannot_be_read_are_refused(van_ban, thong_bao):
    with pytest.raises(dd.LoiNhapSo, match=re.escape(thong_bao)):
        dd.doc_tien_do(van_ban)


@pytest.mark.parametrize(
    ("van_ban", "doc_khac"),
    [
        ("92.500", D("92.5")),  # read 92 500; perhaps a decimal point was meant
        ("1.500", D("1.5")),
        ("12.345", D("12.345")),
        ("-7.250", D("-7.25")),
        (" 92.500 ", D("92.5")),
        ("100.000", D("100")),
        ("92,500", D("92500")),  # read 92,5; perhaps a thousands comma was meant
        ("-1,250", D("-1250")),
        ("1.234.567", None),  # two groups: only thousands
        ("92,5", None),
        ("92,50", None),
        ("1.234,5", None),
        ("447142", None),
        ("1234.500", None),
        ("", None),
        (None, None),
        ("abc", None),
    ],
)
def test_it_gives_the_other_reading_of_a_number_whose_separator_may_have_slipped(van_ban, doc_khac):
    assert dinh_dang.doc_kieu_khac(van_ban) == doc_khac


@pytest.mark.parametrize(("x", "so_le", "van_ban"), [
    ("905512.4", 0, "906.000"),  # a forecast to 3 significant digits
    ("65.4321", 3, "65,4"),
    ("9.8", 0, "10"),  # never more decimals than the indicator has
    ("0.0123", 3, "0,012"),
    ("-905512", 0, "-906.000"),
    ("0", 0, "0"),
    (None, 0, "—"),
    ("NaN", 2, "—"),
])
def test_a_forecast_is_written_to_three_significant_digits(x, so_le, van_ban):
    assert dinh_dang.so_uoc(None if x is None else D(x), so_le) == van_ban
