"""The pure rules of deadlines, timeliness and rates."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from quytrinh import quy_tac
from quytrinh.quy_tac import CHUA_DEN_HAN, DUNG_HAN, QUA_HAN, TRE_HAN

HAN = date(2023, 6, 20)


def test_the_default_deadline_is_the_20th_of_the_periods_last_month():
    assert quy_tac.han_mac_dinh(2023, 3) == date(2023, 3, 20)
    assert quy_tac.han_mac_dinh(2023, 6) == date(2023, 6, 20)
    assert quy_tac.han_mac_dinh(2023, 12) == date(2023, 12, 20)


@pytest.mark.parametrize("ngay_gui, hom_nay, loai, so_ngay, nhan", [
    (None, date(2023, 6, 17), CHUA_DEN_HAN, 3, "Hạn nộp 20/6 · còn 3 ngày"),
    (None, date(2023, 6, 20), CHUA_DEN_HAN, 0, "Hạn nộp 20/6 · hôm nay là hạn cuối"),
    (None, date(2023, 6, 22), QUA_HAN, 2, "Quá hạn 2 ngày"),
    (date(2023, 6, 20), date(2023, 7, 1), DUNG_HAN, 0, "Nộp đúng hạn"),
    (date(2023, 6, 1), date(2023, 6, 2), DUNG_HAN, 0, "Nộp đúng hạn"),
    (date(2023, 6, 21), date(2023, 7, 1), TRE_HAN, 1, "Nộp trễ 1 ngày"),
    (date(2023, 6, 23), date(2023, 6, 23), TRE_HAN, 3, "Nộp trễ 3 ngày"),
])
def test_a_submission_is_on_time_late_overdue_or_has_days_left(ngay_gui, hom_nay, loai, so_ngay, nhan):
    ket_qua = quy_tac.tinh_trang_han(han=HAN, ngay_gui=ngay_gui, hom_nay=hom_nay)
    assert (ket_qua.loai, ket_qua.so_ngay, ket_qua.nhan) == (loai, so_ngay, nhan)
    assert ket_qua.da_gui == (ngay_gui is not None)


def test_a_deadline_in_another_year_than_today_says_its_year():
    assert quy_tac.tinh_trang_han(han=date(2024, 1, 15), ngay_gui=None, hom_nay=date(2023, 12, 30)).nhan == \
        "Hạn nộp 15/1/2024 · còn 16 ngày"


def _l(ngay: int) -> datetime:
    return datetime(2023, 6, ngay, 9)


@pytest.mark.parametrize("lich_su, gui", [
    ([], None),
    ([("dang_nhap", _l(1))], None),
    ([("da_gui", _l(2))], _l(2)),
    # returned, then sent again: the latest sending counts
    ([("da_gui", _l(2)), ("tra_lai", _l(3)), ("da_gui", _l(25))], _l(25)),
    # approved, the approval taken back (đã duyệt → đã gửi): nothing was sent again
    ([("da_gui", _l(2)), ("da_duyet", _l(3)), ("da_gui", _l(3))], _l(2)),
    # reopened by an administrator and sent again
    ([("da_gui", _l(2)), ("da_duyet", _l(3)), ("dang_nhap", _l(4)), ("da_gui", _l(30))], _l(30)),
    # a row saved twice in the same state is one sending
    ([("da_gui", _l(2)), ("da_gui", _l(5))], _l(2)),
])
def test_the_time_sent_is_the_latest_move_into_sent_that_was_not_a_take_back(lich_su, gui):
    assert quy_tac.lan_gui_cuoi(lich_su) == gui


def test_rates_are_shares_of_the_units_expected_half_up_to_two_decimals():
    hom_nay = date(2023, 6, 25)

    def han(ngay_gui):
        return quy_tac.tinh_trang_han(han=HAN, ngay_gui=ngay_gui, hom_nay=hom_nay)

    ty_le = quy_tac.dem_ty_le([("da_duyet", han(date(2023, 6, 19))), ("da_gui", han(date(2023, 6, 22))),
                               ("tra_lai", han(None))])
    assert (ty_le.phai_nop, ty_le.da_gui, ty_le.dung_han, ty_le.da_duyet, ty_le.qua_han) == (3, 2, 1, 1, 1)
    assert (ty_le.ty_le_nop, ty_le.ty_le_dung_han, ty_le.ty_le_duyet) == (D("66.67"), D("33.33"), D("33.33"))


def test_no_unit_expected_means_no_rate_never_zero_percent():
    ty_le = quy_tac.dem_ty_le([])
    assert ty_le.ty_le_nop is None and ty_le.ty_le_dung_han is None and ty_le.ty_le_duyet is None
    assert quy_tac.ty_le(0, 0) is None and quy_tac.ty_le(0, 5) == D("0.00")

