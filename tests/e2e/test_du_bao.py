"""The year-end forecast in a real Chromium: the full-year grid filled from the forecast
(marked, Ước ticked, nothing saved until Lưu, living with pasting, the draft kept in the
browser and the magnitude confirmation), and a leader reading the forecasts on a desktop
and a phone."""

import re
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from chitieu.models import ThucHien
from tests import factories
from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap
from tests.e2e.test_dan_va_ban_nhap import _dan
from tests.factories import dat_ke_hoach, dat_thuc_hien

URL = "/nhap-lieu/an-lao/2023-12t/"


@pytest.fixture
def the_gioi(transactional_db):
    dm = factories.tao_danh_muc()
    for nam in (2019, 2020, 2021, 2022):  # budget revenue: 40 % of the year by June, every year
        dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(nam, 6), "40")
        dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(nam, 12), "100")
        dat_thuc_hien(dm.an_lao, dm.ct01_1, factories.ky(nam, 6), "450")
        dat_thuc_hien(dm.an_lao, dm.ct01_1, factories.ky(nam, 12), "1000")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "42", la_uoc=True)
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "468", la_uoc=True)
    dat_ke_hoach(dm.an_lao, dm.ct03, 2023, tinh="95", huyen="130")
    factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [dm.an_lao])
    factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO)
    return dm


def _cua_nam(ma: str):
    return ThucHien.objects.filter(ky__nam=2023, ky__so_thang=12, chi_tieu__ma=ma).first()


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_the_full_year_grid_is_filled_from_the_forecast_marked_and_saved_only_by_lu(mo_trang, the_gioi, kich_thuoc):
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    trang = mo_trang(kich_thuoc)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    o_ct03, o_ct011 = trang.locator("input[name='th-CT03']"), trang.locator("input[name='th-CT01.1']")
    trang.locator("input[name='th-CT01.3']").fill("77")  # a figure typed before is never replaced
    expect(trang.locator("#ct-CT03")).to_contain_text("Dự báo: 105")
    trang.get_by_role("button", name="Điền ước cả năm từ dự báo").click()

    expect(o_ct03).to_have_value("105")  # 42 / 40 %
    expect(o_ct011).to_have_value("1.040")  # 468 / 45 %
    expect(trang.locator("input[name='th-CT01.3']")).to_have_value("77")
    expect(o_ct03).to_have_class(re.compile(r"\bo-du-bao\b"))
    expect(trang.locator("#nhan-du-bao-CT03")).to_be_visible()
    expect(trang.locator("#nhan-du-bao-CT03")).to_have_text("Dự báo — chưa lưu")
    expect(trang.locator("input[name='uoc-CT03']")).to_be_checked()
    expect(trang.locator("#trang-thai-du-bao")).to_contain_text("chưa có gì được lưu")
    # The server's preview computes the percentages of what was filled, as for typing.
    expect(trang.locator("#ct-CT03 [data-o='nguon-kh-tinh']")).to_have_text("110,53 %")
    chup(trang, f"du-bao-dien-uoc-{ten}")
    assert _cua_nam("CT03") is None and _cua_nam("CT01.1") is None  # nothing saved yet

    # Typing over a filled cell makes it the person's own figure.
    o_ct011.fill("1.050")
    expect(trang.locator("#nhan-du-bao-CT01\\.1")).to_be_hidden()
    assert "o-du-bao" not in o_ct011.get_attribute("class")

    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.get_by_text("Đã lưu")).to_be_visible()
    ct03 = _cua_nam("CT03")
    assert ct03.gia_tri == D(105) and ct03.la_uoc
    assert _cua_nam("CT01.1").gia_tri == D(1050) and _cua_nam("CT01.3").gia_tri == D(77)
    # Saved figures are no longer empty cells: the button has nothing left to fill over them.
    expect(o_ct03).to_have_value("105")
    assert "o-du-bao" not in o_ct03.get_attribute("class")
    assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_a_leader_reads_the_forecast_and_how_it_was_made(mo_trang, the_gioi, kich_thuoc):
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    trang = mo_trang(kich_thuoc)
    dang_nhap(trang, "lanh_dao", factories.MAT_KHAU)
    trang.goto("/?ky=2023-6t")
    trang.get_by_role("link", name="Dự báo cả năm").click()
    expect(trang.locator("#dv-an-lao")).to_contain_text("✓")
    chup(trang, f"du-bao-tong-quan-{ten}")
    trang.locator("#dv-an-lao a[data-ket-luan='du_kien_dat']").first.click()
    dong = trang.locator("#du-bao-CT03")
    expect(dong).to_contain_text("Dự kiến đạt")
    dong.get_by_text("Cách tính").click()
    expect(dong).to_contain_text("Tỷ trọng 6 tháng trong cả năm: 2019: 40 %")
    assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
    chup(trang, f"du-bao-don-vi-{ten}")


def test_a_filled_forecast_lives_with_pasting_the_draft_and_the_magnitude_confirmation(mo_trang, the_gioi):
    dm = the_gioi
    # June's budget revenue was saved as 4.200 for 42 (a slipped separator): its forecast,
    # 10.500, is 100× both the plan (95) and last year (100), and must be confirmed like a
    # typed value before it is saved.
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "4200", la_uoc=True)
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2022, 12), "100")
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    o_ct03, o_ct011 = trang.locator("input[name='th-CT03']"), trang.locator("input[name='th-CT01.1']")
    trang.get_by_role("button", name="Điền ước cả năm từ dự báo").click()
    expect(o_ct03).to_have_value("10.500")
    expect(trang.locator("#bd-CT03")).to_contain_text("Cần xác nhận: đọc là 10.500 tỷ đồng, gấp 100 lần trở lên")

    # A column pasted over a filled cell makes it the person's figure, like typing.
    _dan(trang, o_ct011, "1045\n2000\n")
    expect(o_ct011).to_have_value("1045")
    expect(trang.locator("#nhan-du-bao-CT01\\.1")).to_be_hidden()
    expect(trang.locator("#nhan-du-bao-CT03")).to_be_visible()

    # Not saved yet: the browser keeps it, the Ước ticks included.
    trang.reload()
    expect(o_ct03).to_have_value("")
    trang.locator("#ban-nhap").get_by_role("button", name="Khôi phục").click()
    expect(o_ct03).to_have_value("10.500")
    expect(trang.locator("input[name='uoc-CT03']")).to_be_checked()
    expect(trang.locator("input[name='uoc-CT01.1']")).to_be_checked()
    expect(trang.locator("#bd-CT03")).to_contain_text("Cần xác nhận")

    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.locator("#o-chua-luu")).to_contain_text("CT03")
    assert _cua_nam("CT03") is None
    ct011 = _cua_nam("CT01.1")
    assert (ct011.gia_tri, ct011.la_uoc) == (D(1045), True) and _cua_nam("CT01.2").gia_tri == D(2000)
    expect(o_ct03).to_have_value("10.500")  # kept as it was, waiting for its box
    trang.locator("#bd-CT03").get_by_role("checkbox", name="Đúng là 10.500 tỷ đồng").check()
    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.get_by_text("Đã lưu 1 thay đổi.")).to_be_visible()
    ct03 = _cua_nam("CT03")
    assert (ct03.gia_tri, ct03.la_uoc) == (D(10500), True)
