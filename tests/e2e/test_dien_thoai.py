"""Every page kind on a phone (390×844) and the entry grid on an office screen
(1366 px): no sideways scroll of the page, tap targets of at least 44×44 px, the unit
page's first screen answers "how is CT01", the grid fits and keeps its header row and
indicator column in place."""

from tests.e2e.conftest import DIEN_THOAI, chup


def dang_nhap(trang, username: str, mat_khau: str) -> None:
    """Logs in without waiting for the landing page's charts to finish loading."""
    trang.goto("/dang-nhap/")
    trang.get_by_label("Tên đăng nhập").fill(username)
    trang.get_by_label("Mật khẩu").fill(mat_khau)
    trang.get_by_role("button", name="Đăng nhập").click()
    trang.wait_for_url(lambda url: "/dang-nhap/" not in url, wait_until="commit", timeout=60000)

# Every page kind a person reaches, by the role that reaches it (demo accounts).
TRANG = {
    ("tong_hop", "TongHop@2023"): [
        "/", "/?xem=du_bao", "/don-vi/an-lao/2023-6t/", "/chi-tieu/CT01/2023-6t/", "/xu-huong/an-lao/CT01/",
        "/bao-cao/an-lao/2023-6t/", "/nhap-lieu/", "/nhap-lieu/an-lao/2023-6t/", "/ke-hoach/an-lao/2023/",
        "/ke-hoach/an-lao/2023/CT01/kh-tinh/", "/tinh-trang-nop/2023-6t/", "/han-nop/2023/", "/thong-bao/",
        "/thong-bao/cai-dat/", "/giai-trinh/", "/lich-su/an-lao/2023-6t/", "/excel/nhap/", "/doi-mat-khau/",
        "/khong-co-trang-nay/",
        # 2026: a commune whose cùng kỳ is built from a former district, and the communes ranked.
        "/don-vi/xa-tuy-phuoc/2026-6t/", "/chi-tieu/CT01/2026-6t/", "/xu-huong/xa-tuy-phuoc/CT01/",
        "/ke-hoach/xa-tuy-phuoc/2026/", "/bao-cao/xa-tuy-phuoc/2026-6t/",
    ],
    ("nhap_lieu_an_lao", "NhapLieu@2023"): [
        "/", "/nhap-lieu/", "/nhap-lieu/an-lao/2023-6t/", "/nhap-lieu/tuy-phuoc/2023-6t/",
        "/nhap-lieu/an-lao/2026-6t/",  # a period after the district ended: where its successors enter it
    ],
    ("lanh_dao", "LanhDao@2023"): ["/", "/don-vi/an-lao/2023-6t/", "/giai-trinh/"],
}
CONG_KHAI = ["/dang-nhap/", "/quen-mat-khau/"]

# Targets smaller than 44×44: visible buttons, inputs, selects, text areas, links styled as
# buttons and links standing alone in a cell (a .btn-check radio is drawn by its label,
# which is checked instead).
NHO_HON_44 = """() => Array.from(document.querySelectorAll(
    'button, input:not([type=hidden]):not(.btn-check), select, textarea, a.btn, label.btn, a.lien-ket-o'))
  .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && (r.width < 43.5 || r.height < 43.5))
  .map(([e, r]) => `${e.tagName.toLowerCase()}${e.name ? '[name=' + e.name + ']' : ''} "${(e.textContent || e.value || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`)"""

# Text cut off inside a card: a cell's content reaching past the cell's right edge
# (a card's cell clips what overflows it, so the page does not scroll but words are lost);
# and a table drawn as cards (entry, plans, history, unit, ranking, report, status) that
# still has to be scrolled sideways inside its box.
CAT_CHU = """() => Array.from(document.querySelectorAll('.bang-the td > *'))
  .filter(e => e.offsetParent !== null)
  .filter(e => e.getBoundingClientRect().right > e.parentElement.getBoundingClientRect().right + 1)
  .map(e => `"${e.textContent.trim().slice(0, 40)}" vượt ra ngoài ô`)
  .concat(Array.from(document.querySelectorAll('.bang-the')).map(b => b.parentElement)
    .filter(k => k.scrollWidth > k.clientWidth + 1)
    .map(k => `bảng thẻ phải cuộn ngang trong khung (${k.scrollWidth} > ${k.clientWidth} px)`))"""


def _kiem_tra(trang, url: str, loi: list[str]) -> None:
    trang.goto(url, wait_until="domcontentloaded", timeout=60000)
    rong = trang.evaluate("document.documentElement.scrollWidth")
    if rong > DIEN_THOAI["width"]:
        loi.append(f"{url}: trang rộng {rong} px")
    for nho in trang.evaluate(NHO_HON_44):
        loi.append(f"{url}: {nho}")
    for cat in trang.evaluate(CAT_CHU):
        loi.append(f"{url}: {cat}")


def test_no_page_scrolls_sideways_on_a_phone_and_every_target_is_44px(mo_trang, du_lieu_demo):
    loi: list[str] = []
    trang = mo_trang(DIEN_THOAI)
    for url in CONG_KHAI:
        _kiem_tra(trang, url, loi)
    for (ten, mat_khau), cac_url in TRANG.items():
        trang = mo_trang(DIEN_THOAI)
        dang_nhap(trang, ten, mat_khau)
        # The menu, opened, is a page state of its own.
        trang.goto("/nhap-lieu/", wait_until="domcontentloaded", timeout=60000)
        trang.get_by_role("button", name="Mở menu").click()
        trang.wait_for_timeout(500)
        for nho in trang.evaluate(NHO_HON_44):
            loi.append(f"menu: {nho}")
        for url in cac_url:
            _kiem_tra(trang, url, loi)
            chup(trang, f"dien-thoai-{ten}-{url.strip('/').replace('/', '_').replace('?', '_') or 'tong-quan'}",
                 ca_trang=False)
    assert not loi, "\n".join(loi)


def test_the_unit_page_shows_ct01_actual_percent_and_status_in_the_first_screen(mo_trang, du_lieu_demo):
    trang = mo_trang(DIEN_THOAI)
    dang_nhap(trang, "lanh_dao", "LanhDao@2023")
    trang.goto("/don-vi/an-lao/2023-6t/", wait_until="domcontentloaded", timeout=60000)
    dong = trang.locator("#ct-CT01")
    for o, chu in (("td.th", "447.142"), ("td.pt-kh-tinh", "53,04 %"), ("td.o-trang-thai", "Đạt tiến độ")):
        hop = dong.locator(o).bounding_box()
        assert hop and hop["y"] >= 0 and hop["y"] + hop["height"] <= DIEN_THOAI["height"], (o, hop)
        assert chu in dong.locator(o).inner_text()
    chup(trang, "dien-thoai-don-vi-man-hinh-dau", ca_trang=False)


def test_the_entry_grid_shows_value_percent_and_status_on_a_phone(mo_trang, du_lieu_demo):
    trang = mo_trang(DIEN_THOAI)
    dang_nhap(trang, "nhap_lieu_an_lao", "NhapLieu@2023")
    trang.goto("/nhap-lieu/an-lao/2023-6t/", wait_until="domcontentloaded", timeout=60000)
    dong = trang.locator("#ct-CT01")
    dong.scroll_into_view_if_needed()
    for o in ("#o-th-CT01", "td.so-chinh", "td.o-trang-thai"):
        hop = dong.locator(o).first.bounding_box()
        assert hop and hop["x"] >= 0 and hop["x"] + hop["width"] <= DIEN_THOAI["width"], (o, hop)
    assert "53,04 %" in dong.locator("td.so-chinh").first.inner_text()


def test_the_entry_grid_fits_an_office_screen_with_frozen_header_and_first_column(mo_trang, du_lieu_demo):
    trang = mo_trang({"width": 1366, "height": 768})
    dang_nhap(trang, "nhap_lieu_an_lao", "NhapLieu@2023")
    trang.goto("/nhap-lieu/an-lao/2023-6t/", wait_until="domcontentloaded", timeout=60000)
    khung = trang.locator(".khung-dong-bang")
    assert khung.evaluate("k => k.scrollWidth <= k.clientWidth"), "bảng bị cắt cột"
    danh_gia = trang.get_by_role("columnheader", name="Đánh giá")
    hop_khung = khung.bounding_box()
    assert danh_gia.bounding_box()["x"] + danh_gia.bounding_box()["width"] <= hop_khung["x"] + hop_khung["width"]
    # Scroll the grid down: the header row stays at the top of the grid.
    tieu_de = trang.get_by_role("columnheader", name="Chỉ tiêu")
    khung.evaluate("k => { k.scrollTop = 600; }")
    trang.wait_for_timeout(100)
    assert abs(tieu_de.bounding_box()["y"] - hop_khung["y"]) <= 2
    cuoi = trang.locator("#ct-CT19 th.cot-ten")
    cuoi.scroll_into_view_if_needed()
    assert tieu_de.bounding_box()["y"] - khung.bounding_box()["y"] <= 2
    # Scroll sideways (a narrower window): the indicator column stays at the left.
    trang.set_viewport_size({"width": 900, "height": 768})
    khung.evaluate("k => { k.scrollLeft = 400; }")
    trang.wait_for_timeout(100)
    assert abs(trang.locator("#ct-CT01 th.cot-ten").bounding_box()["x"] - khung.bounding_box()["x"]) <= 2
    chup(trang, "may-tinh-luoi-nhap", ca_trang=False)


TUONG_PHAN = """() => {
  const kenh = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const sang = ([r, g, b]) => 0.2126 * kenh(r) + 0.7152 * kenh(g) + 0.0722 * kenh(b);
  const mau = s => s.match(/[\\d.]+/g).map(Number);
  const nen = mau(getComputedStyle(document.querySelector('.navbar')).backgroundColor);
  return Array.from(document.querySelectorAll('.navbar .nav-link')).map(a => {
    const [r, g, b, alpha = 1] = mau(getComputedStyle(a).color);
    const tron = [r, g, b].map((c, i) => c * alpha + nen[i] * (1 - alpha));
    const [l1, l2] = [sang(tron), sang(nen)].sort((x, y) => y - x);
    return [a.textContent.trim(), (l1 + 0.05) / (l2 + 0.05)];
  });
}"""


def test_the_menu_links_on_the_red_bar_have_at_least_4_5_to_1_contrast(mo_trang, du_lieu_demo):
    trang = mo_trang({"width": 1366, "height": 768})
    dang_nhap(trang, "tong_hop", "TongHop@2023")
    trang.goto("/nhap-lieu/", wait_until="domcontentloaded", timeout=60000)
    tuong_phan = trang.evaluate(TUONG_PHAN)
    assert len(tuong_phan) >= 3
    assert all(ty_le >= 4.5 for _, ty_le in tuong_phan), tuong_phan
