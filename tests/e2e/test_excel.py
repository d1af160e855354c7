"""An admin fills the district form in Excel, uploads it, reads the preview, confirms,
and the unit's dashboard shows the new numbers — in a real Chromium."""

import threading

import pytest
from playwright.sync_api import expect

from chitieu import bieu_mau
from chitieu.models import ThucHien
from tests import factories
from tests.chitieu import excel
from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap
from tests.e2e.test_bieu_do import _theo_doi_csp


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


def _cham_lai(monkeypatch, ten: str) -> threading.Event:
    """Makes `bieu_mau.<ten>` (run by the live server, in this process) wait until the
    returned event is set: the server is busy reading or writing for as long as the test wants."""
    xong = threading.Event()
    that = getattr(bieu_mau, ten)

    def cham(*args, **kwargs):
        assert xong.wait(30)
        return that(*args, **kwargs)

    monkeypatch.setattr(bieu_mau, ten, cham)
    return xong


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_a_large_file_shows_progress_then_a_summary_with_pages_and_applies_with_progress(
        mo_trang, the_gioi, tmp_path, live_server, monkeypatch, kich_thuoc):
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    dm = the_gioi
    cac_ky = [factories.ky(nam, t) for nam in (2019, 2020, 2021, 2022, 2023) for t in (3, 6, 9, 12)]
    # An Lão's 2023 has plans, which figures of this size are 100× below: the magnitude rule
    # would hold them back (its own test is above), so the file leaves that year out.
    dong = [[dv.ma, ky.slug, ct.ma, 1000 + i] for i, (dv, ky, ct) in enumerate(
        (dv, ky, ct) for dv in (dm.an_lao, dm.tuy_phuoc) for ky in cac_ky for ct in dm.chi_tieu()
        if ct.ma not in ("CT02", "CT08", "CT16") and not (dv == dm.an_lao and ky.nam == 2023))]
    tep = tmp_path / "so-lieu-ca-tinh.xlsx"
    tep.write_bytes(excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri"], *dong))
    trang = mo_trang(kich_thuoc)
    loi_csp = _theo_doi_csp(trang, live_server.url)
    dang_nhap(trang, "quan_tri", factories.MAT_KHAU)

    # The server takes its time to read the file: the bar and the seconds show meanwhile.
    doc_xong = _cham_lai(monkeypatch, "doc_tep")
    trang.goto("/excel/nhap/")
    trang.get_by_label("Tệp Excel").set_input_files(str(tep))
    trang.get_by_role("button", name="Tải lên và xem trước").click()
    tien_trinh = trang.locator("#tien-trinh")
    expect(tien_trinh).to_be_visible()
    expect(tien_trinh).to_contain_text("Đang đọc và kiểm tra tệp…")
    expect(tien_trinh.locator(".giay")).to_contain_text("giây")
    chup(trang, f"excel-dang-doc-{ten}")
    doc_xong.set()

    # The preview of this 252-row file now arrives in more than 5 s even on a quiet machine
    # (it did within 5 s before the 2025-reform merge; the cause is not found yet): wait for it.
    expect(trang.locator("#tom-tat")).to_contain_text(f"{len(dong)} ô thay đổi", timeout=60000)
    expect(trang.locator("#theo-don-vi tbody tr")).to_have_count(2)
    expect(trang.locator("#phan-trang")).to_contain_text("Trang 1/2")
    expect(trang.locator("#bang-thay-doi tbody tr")).to_have_count(200)
    assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
    chup(trang, f"excel-tom-tat-{ten}", ca_trang=False)
    trang.locator("#phan-trang").scroll_into_view_if_needed()
    chup(trang, f"excel-phan-trang-{ten}", ca_trang=False)
    trang.get_by_role("link", name="Trang sau").click()
    expect(trang.locator("#phan-trang")).to_contain_text("Trang 2/2")
    expect(trang.locator("#bang-thay-doi tbody tr")).to_have_count(len(dong) - 200)

    # The confirm: a plain form post. Playwright cannot look at a page while its post is
    # pending, so the post is held back in the page until the indicator has been seen.
    trang.evaluate("document.getElementById('form-xac-nhan').addEventListener('submit', e => e.preventDefault())")
    nut = trang.get_by_role("button", name=f"Xác nhận nhập {len(dong)} thay đổi")
    nut.click()
    expect(tien_trinh).to_contain_text(f"Đang ghi {len(dong)} thay đổi vào cơ sở dữ liệu…")
    expect(tien_trinh.locator(".giay")).to_contain_text("giây")
    expect(nut).to_be_disabled()
    chup(trang, f"excel-dang-ghi-{ten}", ca_trang=False)
    with trang.expect_navigation():
        trang.evaluate("document.getElementById('form-xac-nhan').submit()")
    expect(trang.get_by_text(f"Đã nhập {len(dong)} thay đổi từ tệp so-lieu-ca-tinh.xlsx.")).to_be_visible()
    assert ThucHien.objects.filter(don_vi=dm.tuy_phuoc).count() == len(cac_ky) * 7
    assert loi_csp == []
