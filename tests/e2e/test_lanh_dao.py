"""A leader's journeys, in a real Chromium."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap


def test_the_demo_leader_opens_an_lao_and_sees_the_report_figures(mo_trang, du_lieu_demo):
    for ten, kich_thuoc in (("may-tinh", MAY_TINH), ("dien-thoai", DIEN_THOAI)):
        trang = mo_trang(kich_thuoc)
        dang_nhap(trang, "lanh_dao", "LanhDao@2023")
        trang.goto("/?ky=2023-6t")  # the home page opens on 2026, the new province's latest period
        trang.get_by_role("link", name="Huyện An Lão", exact=True).click()
        expect(trang).to_have_url(re.compile(r"/don-vi/an-lao/2023-6t/$"))
        dong = trang.locator("#ct-CT01")
        expect(dong.locator("td.pt-kh-tinh")).to_have_text("53,04 %")
        expect(dong.locator("td.pt-kh-huyen")).to_have_text("52,69 %")
        expect(dong.locator("td.th")).to_contain_text("447.142")
        # The page never scrolls sideways; the wide table scrolls inside itself.
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
        chup(trang, f"lanh-dao-an-lao-{ten}")
