"""District staff and the province office, in a real Chromium: type, save, send, get it
back with a reason, fix, resend, approved, locked."""

import re
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from chitieu.models import ThucHien, TrangThaiNop
from tests import factories
from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap, luu_va_gui
from tests.factories import dat_ke_hoach

URL = "/nhap-lieu/an-lao/2023-6t/"


@pytest.fixture
def the_gioi(transactional_db):
    dm = factories.tao_danh_muc()
    dat_ke_hoach(dm.an_lao, dm.ct01_1, 2023, tinh="339580", huyen="340520")
    dat_ke_hoach(dm.an_lao, dm.ct03_1, 2023, tinh="10", huyen="65")
    factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [dm.an_lao])
    factories.tao_nguoi_dung("tong_hop", factories.TONG_HOP)
    return dm


def _o(trang, ma, cot):
    return trang.locator(f"tr[data-ma='{ma}'] [data-o='{cot}']")


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_send_return_fix_resend_approve(mo_trang, the_gioi, kich_thuoc):
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    nhap_lieu = mo_trang(kich_thuoc)
    dang_nhap(nhap_lieu, "nhap_lieu_an_lao", factories.MAT_KHAU)
    nhap_lieu.goto(URL)
    o_ct011 = nhap_lieu.locator("input[name='th-CT01.1']")
    o_ct011.fill("184510")
    o_ct011.press("Enter")  # Enter moves down the column instead of submitting
    expect(nhap_lieu.locator("input[name='th-CT01.2']")).to_be_focused()
    nhap_lieu.locator("input[name='th-CT03.1']").fill("12,5")
    # The server computes the percentages while typing…
    expect(_o(nhap_lieu, "CT01.1", "nguon-kh-tinh")).to_have_text("54,33 %")
    expect(_o(nhap_lieu, "CT03.1", "nguon-kh-huyen")).to_have_text("19,23 %")
    chup(nhap_lieu, f"nhap-lieu-dang-go-{ten}")
    nhap_lieu.get_by_role("button", name="Lưu", exact=True).click()
    expect(nhap_lieu.get_by_text("Đã lưu 2 thay đổi.")).to_be_visible()
    # …and again after saving, from the stored values.
    expect(_o(nhap_lieu, "CT01.1", "nguon-kh-tinh")).to_have_text("54,33 %")
    expect(_o(nhap_lieu, "CT03.1", "nguon-kh-tinh")).to_have_text("125,00 %")
    assert nhap_lieu.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
    chup(nhap_lieu, f"nhap-lieu-da-luu-{ten}")

    luu_va_gui(nhap_lieu)
    expect(nhap_lieu.get_by_text("Đã lưu và gửi số liệu")).to_be_visible()
    expect(nhap_lieu.locator("input[name='th-CT01.1']")).to_be_disabled()

    tong_hop = mo_trang(kich_thuoc)
    dang_nhap(tong_hop, "tong_hop", factories.MAT_KHAU)
    tong_hop.goto("/tinh-trang-nop/2023-6t/")
    dong = tong_hop.locator("#dv-an-lao")
    expect(dong).to_contain_text("Đã gửi")
    chup(tong_hop, f"tinh-trang-nop-{ten}")
    dong.get_by_label("Lý do trả lại Huyện An Lão").fill("CT01.1 chưa khớp số Chi cục Thống kê")
    dong.get_by_role("button", name="Trả lại").click()
    expect(tong_hop.locator("#dv-an-lao")).to_contain_text("Trả lại")

    nhap_lieu.goto(URL)
    expect(nhap_lieu.locator(".ly-do-tra-lai")).to_have_text("CT01.1 chưa khớp số Chi cục Thống kê")
    chup(nhap_lieu, f"nhap-lieu-tra-lai-{ten}")
    nhap_lieu.locator("input[name='th-CT01.1']").fill("184.600")
    luu_va_gui(nhap_lieu)
    expect(nhap_lieu.get_by_text("Đã lưu và gửi số liệu")).to_be_visible()

    tong_hop.goto(URL)
    tong_hop.get_by_role("button", name="Duyệt số liệu…").click()
    tong_hop.get_by_role("button", name="Xác nhận duyệt 1 đơn vị").click()
    expect(tong_hop.get_by_text("Đã duyệt số liệu")).to_be_visible()

    nhap_lieu.goto(URL)
    expect(nhap_lieu.locator("input[name='th-CT01.1']")).to_be_disabled()
    expect(nhap_lieu.get_by_role("button", name="Lưu", exact=True)).to_have_count(0)
    chup(nhap_lieu, f"nhap-lieu-da-duyet-{ten}")
    assert TrangThaiNop.objects.get(don_vi__ma="an-lao").trang_thai == "da_duyet"
    assert ThucHien.objects.get(chi_tieu__ma="CT01.1").gia_tri == D("184600")


def test_pasting_a_column_from_excel_fills_the_cells_below(mo_trang, the_gioi):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    o = trang.locator("input[name='th-CT01']")
    o.focus()
    trang.evaluate("""() => {
        const du_lieu = new DataTransfer();
        du_lieu.setData('text/plain', '447142\\r\\n184510\\r\\n141004\\r\\n121628\\r\\n');
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: du_lieu, bubbles: true}));
    }""")
    gia_tri = [trang.locator(f"input[name='th-{ma}']").input_value() for ma in ("CT01", "CT01.1", "CT01.2", "CT01.3")]
    assert gia_tri == ["447142", "184510", "141004", "121628"]
    expect(trang.locator("input[name='th-CT02']")).to_have_value("")
    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.get_by_text("Đã lưu 4 thay đổi.")).to_be_visible()
    assert re.sub(r"\s", "", trang.locator("#ct-CT01\\.1 [data-o='nguon-kh-tinh']").inner_text()) == "54,33%"


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_plans_typed_while_the_year_gets_locked_are_shown_back_to_copy(mo_trang, the_gioi, kich_thuoc):
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    dm = the_gioi
    trang = mo_trang(kich_thuoc)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto("/ke-hoach/an-lao/2023/")
    trang.locator("input[name='kh-kh-tinh__CT01']").fill("843.000")
    trang.locator("textarea[name='cc-kh-tinh__CT01']").fill("Quyết định 19/QĐ-UBND ngày 04/01/2023")
    # Meanwhile a period of the year is sent: the plans of 2023 are locked.
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    trang.get_by_role("button", name="Lưu kế hoạch").click()
    expect(trang.get_by_role("heading", name="Chưa lưu: kế hoạch năm 2023 của Huyện An Lão đã khóa")).to_be_visible()
    dong = trang.locator("#da-go tbody tr").first  # CT01
    expect(dong).to_contain_text("843.000")
    expect(dong).to_contain_text("Quyết định 19/QĐ-UBND ngày 04/01/2023")
    assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
    chup(trang, f"ke-hoach-bi-khoa-{ten}")
    assert not dm.an_lao.ke_hoach.filter(chi_tieu=dm.ct01).exists()
