"""A leader reads An Lão's report in a real Chromium and downloads it as Word."""

import re
from io import BytesIO

from docx import Document
from playwright.sync_api import expect

from tests.e2e.conftest import ANH, DIEN_THOAI, MAY_TINH, chup, dang_nhap


def test_the_leader_downloads_the_report_as_word_from_the_page(mo_trang, du_lieu_demo):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "lanh_dao", "LanhDao@2023")
    trang.goto("/bao-cao/an-lao/2023-6t/")
    expect(trang.locator("#van-ban")).to_contain_text("ước đạt: 447.142 triệu đồng, đạt 53,04")
    with trang.expect_download() as tai:
        trang.get_by_role("link", name="Tải Word (.docx)").click()
    tep = tai.value
    assert tep.suggested_filename == "bao-cao-an-lao-2023-6t.docx"
    doc = Document(BytesIO(open(tep.path(), "rb").read()))
    van_ban = " ".join(re.sub(r"\s+", " ", p.text) for p in doc.paragraphs)
    assert ("ước đạt: 447.142 triệu đồng, đạt 53,04 % so với KH tỉnh giao; đạt 52,69 % so với KH huyện giao"
            in van_ban)


def test_the_report_page_fits_a_laptop_and_a_phone_and_prints_only_the_document(mo_trang, du_lieu_demo):
    for ten, kich_thuoc, url in (("may-tinh", MAY_TINH, "/bao-cao/an-lao/2023-6t/"),
                                 ("dien-thoai", DIEN_THOAI, "/bao-cao/an-lao/2023-6t/"),
                                 ("tinh-may-tinh", MAY_TINH, "/bao-cao/binh-dinh/2023-6t/"),
                                 ("tinh-dien-thoai", DIEN_THOAI, "/bao-cao/binh-dinh/2023-6t/")):
        trang = mo_trang(kich_thuoc)
        dang_nhap(trang, "lanh_dao", "LanhDao@2023")
        trang.goto(url)
        expect(trang.locator("#tong-ket")).to_contain_text("chỉ tiêu đạt hoặc vượt tiến độ")
        # The page never scrolls sideways; the wide tables scroll inside themselves.
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
        chup(trang, f"bao-cao-{ten}")
        trang.emulate_media(media="print")
        expect(trang.locator(".thanh-cong-cu")).to_be_hidden()
        expect(trang.locator("nav.navbar")).to_be_hidden()
        expect(trang.locator("#van-ban")).to_be_visible()
        if kich_thuoc == MAY_TINH:
            trang.pdf(path=str(ANH / f"bao-cao-{ten}-in.pdf"), format="A4")  # what prints, for people to look at


def test_choosing_another_period_opens_its_report(mo_trang, du_lieu_demo):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "lanh_dao", "LanhDao@2023")
    trang.goto("/bao-cao/an-lao/2023-6t/")
    trang.get_by_label("Kỳ báo cáo").select_option("2022-6t")
    expect(trang).to_have_url(re.compile(r"/bao-cao/an-lao/2022-6t/$"))
    expect(trang.locator(".trich-yeu")).to_have_text(
        "Kết quả thực hiện các chỉ tiêu kinh tế - xã hội 6 tháng đầu năm 2022")
