"""A leader's journeys, in a real Chromium."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap


def test_the_demo_leader_opens_an_lao_and_sees_the_report_figures(mo_trang, du_lieu_demo):
    for ten, kich_thuoc in (("may-tinh", MAY_TINH), ("dien-thoai", DIEN_THOAI)):
        trang = mo_trang(kich_thuoc)
        dang_nhap(trang, "lanh_dao", "LanhDao@2023")
        trang.goto("/?ky=2023-6t")  # the home page opens on 2026, the new province's latest period
        trang.locator("#bang-nhiet").get_by_role("link", name="Huyện An Lão", exact=True).click()
        expect(trang).to_have_url(re.compile(r"/don-vi/an-lao/2023-6t/$"))
        dong = trang.locator("#ct-CT01")
        expect(dong.locator("td.pt-kh-tinh")).to_have_text("53,04 %")
        expect(dong.locator("td.pt-kh-huyen")).to_have_text("52,69 %")
        expect(dong.locator("td.th")).to_contain_text("447.142")
        # The page never scrolls sideways; the wide table scrolls inside itself.
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]
        chup(trang, f"lanh-dao-an-lao-{ten}")


def test_who_is_behind_on_what_is_on_the_home_page_and_one_tap_from_the_unit(mo_trang, du_lieu_demo):
    """Issue 16: the home page (the overview) answers "which units are behind, on what"
    without a tap — a unit, an indicator and its % in the first screen, at both widths,
    the page never sliding sideways — and one tap on the unit opens its page, where the
    same indicator shows the same figure and status."""
    for ten, kich_thuoc in (("may-tinh", MAY_TINH), ("dien-thoai", DIEN_THOAI)):
        trang = mo_trang(kich_thuoc)
        dang_nhap(trang, "lanh_dao", "LanhDao@2023")
        trang.goto("/")
        khoi = trang.locator("#dang-cham")
        expect(khoi.get_by_role("heading", name=re.compile("Đang chậm tiến độ"))).to_be_visible()
        don_vi = khoi.locator("li.don-vi-cham").first
        lien_ket = don_vi.locator("a.ten-don-vi-cham")
        chi_tieu = don_vi.locator("ul.chi-tieu-cham > li a").first
        ten_don_vi = lien_ket.inner_text().strip()
        ten_ct = chi_tieu.locator(".ten-ct-cham").inner_text().strip()
        so = chi_tieu.locator(".pt-cham").inner_text().strip()
        ma_ct = chi_tieu.get_attribute("data-ma")
        assert ten_don_vi and ten_ct and re.fullmatch(r"-?[\d.]+,\d+ %|[+-][\d.]+(,\d+)? .+", so), so
        # Read where it stands, with no tap and no scrolling: all of it inside the first screen.
        for phan in (lien_ket, chi_tieu):
            hop = phan.bounding_box()
            assert hop and 0 <= hop["y"] and hop["y"] + hop["height"] <= kich_thuoc["height"], (ten, hop)
            assert hop["x"] >= 0 and hop["x"] + hop["width"] <= kich_thuoc["width"], (ten, hop)
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"], ten
        chup(trang, f"lanh-dao-dang-cham-{ten}", ca_trang=False)

        lien_ket.click()  # the one tap
        expect(trang).to_have_url(re.compile(r"/don-vi/[\w-]+/\d{4}-\d+t/$"))
        expect(trang.locator("h1")).to_contain_text(ten_don_vi)
        dong = trang.locator(f'[id="ct-{ma_ct}"]')
        expect(dong).to_contain_text(so)
        expect(dong).to_contain_text(re.compile("Chậm"))
        assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"], ten
