"""The workflow in a real Chromium: the province office returns An Lão with a reason,
the clerk is told and fixes it, the office approves after a confirmation and the clerk
is told; a leader asks An Lão to explain an indicator, the clerk answers, the answer
is on the unit page and in the downloaded report."""

import re
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from docx import Document
from playwright.sync_api import expect

from chitieu import services as cs
from chitieu.models import DonVi, KyBaoCao, TrangThaiNop
from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap, luu_va_gui

URL = "/nhap-lieu/an-lao/2023-6t/"


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_returned_told_fixed_sent_approved_after_confirmation_told(mo_trang, du_lieu_demo, kich_thuoc):
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    can_bo = User.objects.get(username="nhap_lieu_an_lao")
    can_bo.email = "vanphong@anlao.binhdinh.gov.vn"
    can_bo.save()
    cs.gui_so_lieu(don_vi=DonVi.objects.get(ma="an-lao"), ky=KyBaoCao.objects.get(nam=2023, so_thang=6),
                   nguoi=can_bo)

    tong_hop = mo_trang(kich_thuoc)
    dang_nhap(tong_hop, "tong_hop", "TongHop@2023")
    tong_hop.goto("/tinh-trang-nop/2023-6t/")
    expect(tong_hop.locator("#dv-binh-dinh")).to_have_count(0)
    dong = tong_hop.locator("#dv-an-lao")
    expect(dong).to_contain_text("Đã gửi")
    chup(tong_hop, f"quy-trinh-tinh-trang-nop-{ten}")
    dong.get_by_label("Lý do trả lại Huyện An Lão").fill("CT01.1 chưa khớp số Chi cục Thống kê")
    dong.get_by_role("button", name="Trả lại").click()
    expect(tong_hop.locator("#dv-an-lao")).to_contain_text("Trả lại")

    nhap_lieu = mo_trang(kich_thuoc)
    dang_nhap(nhap_lieu, "nhap_lieu_an_lao", "NhapLieu@2023")
    if kich_thuoc is DIEN_THOAI:
        nhap_lieu.get_by_role("button", name="Mở menu").click()
        # The menu open and settled (Bootstrap marks it "show" when its slide ends): a tap
        # during the slide can miss on a loaded machine.
        expect(nhap_lieu.locator("#menu-chinh")).to_have_class(re.compile(r"\bshow\b"))
    expect(nhap_lieu.locator(".menu-thong-bao")).to_contain_text("1 chưa đọc")
    nhap_lieu.locator(".menu-thong-bao").click()
    nhap_lieu.wait_for_url("**/thong-bao/**")
    thong_bao = nhap_lieu.locator(".danh-sach-thong-bao .list-group-item").first
    expect(thong_bao).to_contain_text("Số liệu 6 tháng đầu năm 2023 của Huyện An Lão bị trả lại")
    expect(thong_bao).to_contain_text("Lý do: CT01.1 chưa khớp số Chi cục Thống kê")
    chup(nhap_lieu, f"quy-trinh-thong-bao-tra-lai-{ten}")
    thong_bao.click()
    nhap_lieu.wait_for_url(f"**{URL}")
    expect(nhap_lieu.locator(".ly-do-tra-lai")).to_have_text("CT01.1 chưa khớp số Chi cục Thống kê")
    assert [m.subject for m in mail.outbox if can_bo.email in m.to] == [
        "[Chỉ tiêu KT-XH] Số liệu 6 tháng đầu năm 2023 của Huyện An Lão bị trả lại"]
    nhap_lieu.locator("input[name='th-CT01.1']").fill("184.600")
    luu_va_gui(nhap_lieu)
    expect(nhap_lieu.get_by_text("Đã lưu và gửi số liệu")).to_be_visible()

    tong_hop.goto("/tinh-trang-nop/2023-6t/")
    tong_hop.get_by_label("Chọn Huyện An Lão để duyệt").check()
    tong_hop.get_by_role("button", name="Duyệt các đơn vị đã chọn…").click()
    expect(tong_hop.locator(".danh-sach-duyet")).to_contain_text("Huyện An Lão")
    chup(tong_hop, f"quy-trinh-xac-nhan-duyet-{ten}")
    assert TrangThaiNop.objects.get(don_vi__ma="an-lao").trang_thai == "da_gui"  # not before the confirmation
    tong_hop.get_by_role("button", name="Xác nhận duyệt 1 đơn vị").click()
    expect(tong_hop.get_by_text("Đã duyệt số liệu 6 tháng đầu năm 2023 của 1 đơn vị: An Lão.")).to_be_visible()
    assert TrangThaiNop.objects.get(don_vi__ma="an-lao").trang_thai == "da_duyet"

    nhap_lieu.goto("/thong-bao/")
    expect(nhap_lieu.locator(".danh-sach-thong-bao .chua-doc").first).to_contain_text(
        "Số liệu 6 tháng đầu năm 2023 của Huyện An Lão đã được duyệt")
    chup(nhap_lieu, f"quy-trinh-thong-bao-da-duyet-{ten}")
    assert nhap_lieu.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]


def test_a_leaders_question_answered_by_the_clerk_is_on_the_unit_page_and_in_the_docx(mo_trang, du_lieu_demo):
    lanh_dao = mo_trang(MAY_TINH)
    dang_nhap(lanh_dao, "lanh_dao", "LanhDao@2023")
    lanh_dao.goto("/don-vi/an-lao/2023-6t/")
    lanh_dao.get_by_text("Yêu cầu đơn vị giải trình một chỉ tiêu").click()
    lanh_dao.get_by_role("link", name="Hỏi CT03", exact=True).click()
    lanh_dao.locator("textarea[name='noi_dung']").fill("Vì sao thu ngân sách 6 tháng mới đạt 77,59 % KH tỉnh?")
    lanh_dao.get_by_role("button", name="Gửi yêu cầu giải trình").click()
    expect(lanh_dao.get_by_text("Đã gửi yêu cầu giải trình")).to_be_visible()

    nhap_lieu = mo_trang(MAY_TINH)
    dang_nhap(nhap_lieu, "nhap_lieu_an_lao", "NhapLieu@2023")
    nhap_lieu.goto(URL)
    dau_hieu = nhap_lieu.locator("tr[data-ma='CT03'] .giai-trinh-mo")
    expect(dau_hieu).to_have_text("Giải trình: chờ đơn vị trả lời")
    chup(nhap_lieu, "giai-trinh-luoi-nhap")
    dau_hieu.click()
    nhap_lieu.locator("textarea[name='noi_dung']").fill(
        "Khoản thu tiền sử dụng đất dồn vào quý III; dự kiến cả năm đạt kế hoạch.")
    nhap_lieu.get_by_role("button", name="Gửi trả lời").click()
    expect(nhap_lieu.get_by_text("Đã gửi trả lời")).to_be_visible()
    chup(nhap_lieu, "giai-trinh-da-tra-loi")

    lanh_dao.goto("/don-vi/an-lao/2023-6t/")
    expect(lanh_dao.locator(".giai-trinh-don-vi")).to_contain_text("Đơn vị đã trả lời")
    chup(lanh_dao, "giai-trinh-trang-don-vi")
    lanh_dao.goto("/bao-cao/an-lao/2023-6t/")
    expect(lanh_dao.locator("#giai-trinh")).to_contain_text("dồn vào quý III")
    with lanh_dao.expect_download() as tai:
        lanh_dao.get_by_role("link", name="Tải Word (.docx)").click()
    with open(tai.value.path(), "rb") as tep:
        van_ban = " ".join(re.sub(r"\s+", " ", p.text) for p in Document(BytesIO(tep.read())).paragraphs)
    assert ("Giải trình một số chỉ tiêu - CT03 Tổng thu ngân sách nhà nước trên địa bàn (Yêu cầu: Vì sao thu ngân "
            "sách 6 tháng mới đạt 77,59 % KH tỉnh?) Khoản thu tiền sử dụng đất dồn vào quý III") in van_ban
