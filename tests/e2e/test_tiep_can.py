"""Accessibility: axe-core (shipped by axe-playwright-python) finds no serious or critical
violation on any page kind, each opened by the role that reaches it, on an office screen
(1366×768) and a phone (390×844), with the charts drawn."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from baocao import views as baocao_views
from chitieu.models import ChiTieu, DonVi, KyBaoCao
from tests.chitieu import excel
from tests.e2e.conftest import DIEN_THOAI, chup

MAY_TINH_VAN_PHONG = {"width": 1366, "height": 768}
NGHIEM_TRONG = {"serious", "critical"}

# Page kinds by the role that reaches them (demo accounts). The home page opens on 2026
# (the new province and its communes); the 2023 pages are the districts'.
CONG_KHAI = ["/dang-nhap/", "/quen-mat-khau/", "/quen-mat-khau/da-gui/", "/dat-lai-mat-khau/MQ/sai-ma/"]
TRANG = {
    ("tong_hop", "TongHop@2023"): [
        "/", "/?ky=2023-6t", "/?ky=2023-6t&xem=du_bao", "/don-vi/an-lao/2023-6t/", "/chi-tieu/CT01/2023-6t/",
        "/xu-huong/an-lao/CT01/", "/bao-cao/an-lao/2023-6t/", "/nhap-lieu/", "/nhap-lieu/an-lao/2023-6t/",
        "/nhap-lieu/an-lao/2023-12t/", "/ke-hoach/an-lao/2023/", "/ke-hoach/an-lao/2023/CT01/kh-tinh/",
        "/tinh-trang-nop/2023-6t/", "/han-nop/2023/", "/thong-bao/", "/thong-bao/cai-dat/", "/giai-trinh/",
        "/giai-trinh/an-lao/2023-6t/CT01/",
        "/lich-su/an-lao/2023-6t/", "/lich-su/an-lao/2023-6t/CT01/", "/doi-mat-khau/", "/khong-co-trang-nay/",
    ],
    ("nhap_lieu_an_lao", "NhapLieu@2023"): ["/nhap-lieu/", "/nhap-lieu/tuy-phuoc/2023-6t/", "/nhap-lieu/an-lao/2026-6t/"],
    ("lanh_dao", "LanhDao@2023"): ["/", "/don-vi/an-lao/2023-6t/", "/chi-tieu/CT08/2023-6t/", "/giai-trinh/"],
    ("quan_tri", "QuanTri@2023"): [
        "/excel/nhap/", "/admin/", "/admin/chitieu/chitieu/", "/admin/chitieu/chitieu/{chi_tieu}/change/",
        "/admin/chitieu/chitieu/import/", "/admin/chitieu/donvi/", "/admin/auth/user/",
        "/admin/auth/user/add/", "/admin/chitieu/thuchien/",
    ],
}

DA_VE = """() => Array.from(document.querySelectorAll('[data-bieu-do]'))
  .every(k => k.dataset.daVe === '1' || !document.getElementById(k.dataset.bieuDo))"""


def _dang_nhap(trang, username: str, mat_khau: str) -> None:
    trang.context.clear_cookies()
    trang.goto("/dang-nhap/")
    trang.get_by_label("Tên đăng nhập").fill(username)
    trang.get_by_label("Mật khẩu").fill(mat_khau)
    trang.get_by_role("button", name="Đăng nhập").click()
    trang.wait_for_url(lambda url: "/dang-nhap/" not in url, wait_until="commit", timeout=60000)


def _quet(axe: Axe, trang, ten: str, loi: list[str]) -> None:
    """Runs axe on the page as it stands (charts drawn) and keeps its serious and
    critical violations: rule, help and the nodes it names."""
    trang.wait_for_function(DA_VE, timeout=30000)
    ket_qua = axe.run(trang).response
    for vi_pham in ket_qua["violations"]:
        if vi_pham["impact"] not in NGHIEM_TRONG:
            continue
        nut = "; ".join(" ".join(n["target"]) for n in vi_pham["nodes"][:8])
        ly_do = " ".join(vi_pham["nodes"][0].get("failureSummary", "").split())
        loi.append(f"{ten}: [{vi_pham['impact']}] {vi_pham['id']} — {vi_pham['help']} "
                   f"({len(vi_pham['nodes'])} nút: {nut}) — {ly_do}")


def _mo(axe: Axe, trang, url: str, loi: list[str]) -> None:
    trang.goto(url, wait_until="load", timeout=60000)
    # The page itself, not the login form it would send a stranger to.
    assert url.startswith(("/dang-nhap/", "/quen-mat-khau/", "/dat-lai-mat-khau/")) or "dang-nhap" not in trang.url, url
    _quet(axe, trang, url, loi)


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH_VAN_PHONG, DIEN_THOAI], ids=["1366x768", "390x844"])
def test_axe_finds_no_serious_or_critical_violation_on_any_page_kind(mo_trang, du_lieu_demo, tmp_path, monkeypatch,
                                                                     kich_thuoc):
    axe = Axe()
    loi: list[str] = []
    trang = mo_trang(kich_thuoc)
    the = {"chi_tieu": ChiTieu.objects.get(ma="CT01").pk}

    for url in CONG_KHAI:
        _mo(axe, trang, url, loi)
    # The CSRF failure page: the login form sent after its cookie was lost.
    trang.goto("/dang-nhap/")
    trang.context.clear_cookies()
    trang.get_by_label("Tên đăng nhập").fill("tong_hop")
    trang.get_by_label("Mật khẩu").fill("TongHop@2023")
    trang.get_by_role("button", name="Đăng nhập").click()
    trang.wait_for_load_state()
    assert "Không gửi được biểu mẫu" in trang.content()
    _quet(axe, trang, "trang lỗi CSRF", loi)

    for (ten, mat_khau), cac_url in TRANG.items():
        _dang_nhap(trang, ten, mat_khau)
        for url in cac_url:
            _mo(axe, trang, url.format(**the), loi)
        if ten == "nhap_lieu_an_lao":
            # The confirmation before sending (nothing is sent: it is closed unanswered)…
            _mo(axe, trang, "/nhap-lieu/an-lao/2023-6t/", loi)
            trang.get_by_role("button", name="Lưu và gửi").click()
            trang.get_by_role("dialog").wait_for()
            _quet(axe, trang, "hộp xác nhận gửi", loi)
            trang.keyboard.press("Escape")
            # …and, on a phone, the menu opened.
            if kich_thuoc is DIEN_THOAI:
                trang.get_by_role("button", name="Mở menu").click()
                trang.wait_for_timeout(500)
                _quet(axe, trang, "menu mở", loi)
        if ten == "quan_tri":
            # The Excel preview of an uploaded district form.
            tep = tmp_path / "bieu-mau-an-lao.xlsx"
            ky, an_lao = KyBaoCao.objects.get(nam=2023, so_thang=6), DonVi.objects.get(ma="an-lao")
            tep.write_bytes(excel.sua(excel.bieu_mau_xlsx(ky, an_lao), {("CT05", "th"): 31.5}))
            trang.goto("/excel/nhap/")
            trang.get_by_label("Tệp Excel").set_input_files(str(tep))
            trang.get_by_role("button", name="Tải lên và xem trước").click()
            trang.wait_for_selector("#tom-tat", timeout=60000)
            _quet(axe, trang, "xem trước Excel", loi)

    # The 500 page: a view that fails.
    def hong(*args, **kwargs):
        raise RuntimeError("thử lỗi")

    monkeypatch.setattr(baocao_views, "render", hong)
    tra_loi = trang.goto("/don-vi/an-lao/2023-6t/", wait_until="load")
    monkeypatch.undo()
    assert tra_loi.status == 500 and "Hệ thống gặp lỗi" in trang.content()
    _quet(axe, trang, "trang lỗi 500", loi)

    chup(trang, f"tiep-can-{kich_thuoc['width']}")
    assert not loi, f"{len(loi)} vi phạm nghiêm trọng:\n" + "\n".join(loi)
