"""The leader of the new Gia Lai (since 1/7/2025) on a phone: the 2026 overview of the
province's communes, grouped by former district, and the ranking — neither page scrolls
sideways; the wide tables scroll inside themselves."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DIEN_THOAI, chup

MAN_HINH_RONG = {"width": 1366, "height": 768}


def test_the_gia_lai_leader_reads_the_2026_communes_by_former_district_on_a_phone(mo_trang, du_lieu_demo):
    for ten, kich_thuoc in (("dien-thoai", DIEN_THOAI), ("may-tinh", MAN_HINH_RONG)):
        trang = mo_trang(kich_thuoc)
        # Log in straight to the 2026 overview (the home page would open on 10 tháng 2026).
        trang.goto("/dang-nhap/?next=/%3Fky%3D2026-6t")
        trang.get_by_label("Tên đăng nhập").fill("lanh_dao_gia_lai")
        trang.get_by_label("Mật khẩu").fill("LanhDao@2026")
        trang.get_by_role("button", name="Đăng nhập").click()
        expect(trang.get_by_role("heading", name=re.compile("Tổng quan · 6 tháng đầu năm 2026"))).to_be_visible()
        nhom = trang.locator("#nhom-tuy-phuoc")
        expect(nhom).to_contain_text("Huyện Tuy Phước (cũ) · 4 đơn vị")
        # The group's name and counts stay within the screen's width (the wide table scrolls beneath).
        trai, phai = trang.evaluate("(() => { const r = document.querySelector('#nhom-tuy-phuoc .noi-dung-nhom')"
                                    ".getBoundingClientRect(); return [r.left, r.right]; })()")
        assert 0 <= trai and phai <= kich_thuoc["width"], (trai, phai)
        expect(trang.locator("#bang-nhiet tbody tr[id^='dv-']")).to_have_count(9)  # Gia Lai and 8 communes
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
        chup(trang, f"hai-cap-tong-quan-{ten}")

        # One group: tap its name.
        nhom.get_by_role("link", name="Huyện Tuy Phước (cũ)").click()
        expect(trang).to_have_url(re.compile(r"nhom=tuy-phuoc"))
        expect(trang.locator("#bang-nhiet tbody tr[id^='dv-xa-']")).to_have_count(4)
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]

        # The ranking of one indicator, grouped the same way.
        trang.goto("/chi-tieu/CT01/2026-6t/?sap_xep=chenh_lech")
        expect(trang.locator("#nhom-an-lao")).to_contain_text("Huyện An Lão (cũ) · 4 đơn vị")
        expect(trang.locator("#bang-xep-hang tbody tr[id^='dv-xa-']")).to_have_count(8)
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
        chup(trang, f"hai-cap-xep-hang-{ten}")
