"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Never `playwright install` (it downloads a browser and cannot here): `make test`
installs the `chromium` package and this harness launches /usr/bin/chromium.
Screenshots land in tests/e2e/artifacts/ (kept out of git) for people to look at.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls the test
# itself makes there are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CO_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
ANH = Path(__file__).resolve().parent / "artifacts"
MAY_TINH = {"width": 1366, "height": 900}
DIEN_THOAI = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def trinh_duyet():
    with sync_playwright() as playwright:
        trinh_duyet = playwright.chromium.launch(executable_path=CHROMIUM, args=CO_CHROMIUM)
        yield trinh_duyet
        trinh_duyet.close()


@pytest.fixture
def mo_trang(trinh_duyet, live_server, request):
    """Opens a browser page at a viewport size; screenshots it if the test fails."""
    cac_boi_canh = []

    def mo(kich_thuoc=MAY_TINH, **kw):
        boi_canh = trinh_duyet.new_context(viewport=kich_thuoc, base_url=live_server.url, locale="vi-VN",
                                           accept_downloads=True, **kw)
        boi_canh.set_default_timeout(15000)
        cac_boi_canh.append(boi_canh)
        return boi_canh.new_page()

    yield mo
    that_bai = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, boi_canh in enumerate(cac_boi_canh):
        if that_bai:
            ANH.mkdir(exist_ok=True)
            for j, trang in enumerate(boi_canh.pages):
                trang.screenshot(path=ANH / f"LOI-{request.node.name}-{i}-{j}.png", full_page=True)
        boi_canh.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    ket_qua = yield
    bao_cao = ket_qua.get_result()
    setattr(item, f"rep_{bao_cao.when}", bao_cao)


def chup(trang, ten: str, ca_trang: bool = True) -> None:
    """Keeps a screenshot for people to look at: the full page, or (`ca_trang=False`)
    what the screen shows."""
    ANH.mkdir(exist_ok=True)
    trang.screenshot(path=ANH / f"{ten}.png", full_page=ca_trang)


def luu_va_gui(trang) -> None:
    """"Lưu và gửi", then "Gửi số liệu" in the confirmation that lists what is outstanding."""
    trang.get_by_role("button", name="Lưu và gửi").click()
    hop = trang.get_by_role("dialog")
    expect(hop).to_be_visible()
    hop.get_by_role("button", name="Gửi số liệu").click()


def dang_nhap(trang, username: str, mat_khau: str) -> None:
    trang.goto("/dang-nhap/")
    trang.get_by_label("Tên đăng nhập").fill(username)
    trang.get_by_label("Mật khẩu").fill(mat_khau)
    trang.get_by_role("button", name="Đăng nhập").click()
    trang.wait_for_url(lambda url: "/dang-nhap/" not in url)


@pytest.fixture
def du_lieu_demo(transactional_db):
    with override_settings(DEBUG=True), open(os.devnull, "w") as im_lang:
        call_command("nap_du_lieu_demo", stdout=im_lang)
