"""An admin fills the district form in Excel, uploads it, reads the preview, confirms,
and the unit's dashboard shows the new numbers — in a real Chromium."""

import pytest
from playwright.sync_api import expect

from chitieu import bieu_mau
from chitieu.models import ThucHien
from tests import factories
from tests.chitieu import excel
from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap


@pytest.fixture
def the_gioi(transactional_db):
    dm = factories.tao_danh_muc()
    factories.so_lieu_an_lao_2023(dm)
    factories.tao_nguoi_dung("quan_tri", factories.QUAN_TRI)
    return dm


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_an_admin_uploads_a_filled_form_previews_confirms_and_the_dashboard_shows_it(mo_trang, the_gioi, tmp_path,
                                                                                     kich_thuoc):
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    dm = the_gioi
    trang = mo_trang(kich_thuoc)
    dang_nhap(trang, "quan_tri", factories.MAT_KHAU)

    # Download the form from the entry page…
    trang.goto("/nhap-lieu/an-lao/2023-6t/")
    with trang.expect_download() as tai:
        trang.get_by_role("link", name="Tải biểu mẫu Excel").click()
    tep = tmp_path / "bieu-mau-an-lao.xlsx"
    tai.value.save_as(tep)
    # …fill it in "Excel": two figures, one of them typed the Vietnamese way.
    tep.write_bytes(excel.sua(tep.read_bytes(), {("CT01.2", "th"): "150.000", ("CT05", "th"): 31.5}))

    trang.get_by_role("link", name="Nhập từ Excel").click()
    trang.get_by_label("Tệp Excel").set_input_files(str(tep))
    trang.get_by_role("button", name="Tải lên và xem trước").click()
    expect(trang.locator("#tom-tat")).to_contain_text("2 ô thay đổi")
    dong = trang.locator("#bang-thay-doi tbody tr")
    expect(dong).to_have_count(2)
    expect(dong.filter(has_text="CT01.2").locator("td.cu")).to_have_text("141.004 (ước)")
    expect(dong.filter(has_text="CT01.2").locator("td.moi")).to_have_text("150.000 (ước)")
    expect(dong.filter(has_text="CT05").locator("td.moi")).to_have_text("31,5")
    # The rules' soft warning on the parent, whose sectors no longer add up.
    expect(trang.locator("#danh-sach-canh-bao")).to_contain_text("CT01 (An Lão): Tổng các chỉ tiêu con")
    assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
    chup(trang, f"excel-xem-truoc-{ten}")
    assert ThucHien.objects.get(don_vi=dm.an_lao, ky=dm.ky_2023_6t, chi_tieu=dm.ct01_2).gia_tri == 141004

    trang.get_by_role("button", name="Xác nhận nhập 2 thay đổi").click()
    expect(trang.get_by_text("Đã nhập 2 thay đổi từ tệp bieu-mau-an-lao.xlsx.")).to_be_visible()
    chup(trang, f"excel-da-nhap-{ten}")

    trang.goto("/don-vi/an-lao/2023-6t/")
    expect(trang.locator("#ct-CT01\\.2 td.th")).to_contain_text("150.000")
    expect(trang.locator("#ct-CT05 td.th")).to_contain_text("31,5")
    chup(trang, f"excel-don-vi-{ten}")
    assert bieu_mau.LY_DO.format(ten_tep="bieu-mau-an-lao.xlsx") == ThucHien.history.filter(
        chi_tieu=dm.ct01_2).order_by("-history_id").first().history_change_reason


def test_a_bad_file_shows_its_cell_and_no_confirm_button(mo_trang, the_gioi, tmp_path):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "quan_tri", factories.MAT_KHAU)
    tep = tmp_path / "sai.xlsx"
    tep.write_bytes(excel.sua(excel.bieu_mau_xlsx(the_gioi.ky_2023_6t, the_gioi.an_lao),
                              {("CT03", "th"): "ba mươi hai"}))
    trang.goto("/excel/nhap/")
    trang.get_by_label("Tệp Excel").set_input_files(str(tep))
    trang.get_by_role("button", name="Tải lên và xem trước").click()
    expect(trang.locator("#danh-sach-loi")).to_contain_text("'An Lão'!H14")
    expect(trang.locator("#danh-sach-loi")).to_contain_text("không phải số")
    expect(trang.get_by_role("button", name="Xác nhận", exact=False)).to_have_count(0)
    chup(trang, "excel-loi-may-tinh")


def test_a_value_100_times_off_keeps_the_confirm_button_off_until_acknowledged(mo_trang, the_gioi, tmp_path):
    dm = the_gioi
    factories.dat_ke_hoach(dm.an_lao, dm.ct03, 2023, tinh="180")
    factories.dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2022_6t, "76")
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "quan_tri", factories.MAT_KHAU)
    tep = tmp_path / "bieu-mau.xlsx"
    tep.write_bytes(excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT03", "th"): "92.500"}))
    trang.goto("/excel/nhap/")
    trang.get_by_label("Tệp Excel").set_input_files(str(tep))
    trang.get_by_role("button", name="Tải lên và xem trước").click()
    expect(trang.locator("#danh-sach-can-xac-nhan")).to_contain_text("đọc là 92.500 tỷ đồng")
    expect(trang.locator("#danh-sach-can-xac-nhan")).to_contain_text("có phải 92,5?")
    nut = trang.get_by_role("button", name="Xác nhận nhập 1 thay đổi")
    expect(nut).to_be_disabled()
    chup(trang, "excel-can-xac-nhan-may-tinh")
    trang.locator("#danh-sach-can-xac-nhan").get_by_role("checkbox").check()
    expect(nut).to_be_enabled()
    nut.click()
    expect(trang.get_by_text("Đã nhập 1 thay đổi từ tệp bieu-mau.xlsx.")).to_be_visible()
    assert ThucHien.objects.get(don_vi=dm.an_lao, ky=dm.ky_2023_6t, chi_tieu=dm.ct03).gia_tri == 92500
