"""The entry grid in a real Chromium: a block pasted from Excel lands on its own rows (or
nothing changes), what is typed survives the end of the session, and "Lưu và gửi" with
a bad cell says CHƯA GỬI and leads to the cell."""

import json
import re
from decimal import Decimal as D

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from chitieu import dinh_dang
from chitieu.models import ThucHien, TrangThaiNop
from tests import factories
from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap

URL = "/nhap-lieu/an-lao/2023-6t/"
NHAP_LIEU = ("nhap_lieu_an_lao", "NhapLieu@2023")


def _dan(trang, o, chu: str) -> None:
    """Pastes `chu` into the input `o` as Excel's clipboard would hand it over."""
    o.focus()
    trang.evaluate("""(chu) => {
        const du_lieu = new DataTransfer();
        du_lieu.setData('text/plain', chu);
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: du_lieu, bubbles: true,
                                                                           cancelable: true}));
    }""", chu)


def _cac_o(trang) -> dict[str, str]:
    return trang.evaluate("""() => Object.fromEntries(Array.from(
        document.querySelectorAll('form.luoi-nhap .o-nhap')).map(
            o => [o.name, o.type === 'checkbox' ? String(o.checked) : o.value]))""")


def _ma_cac_dong(trang) -> list[str]:
    return trang.evaluate(
        "() => Array.from(document.querySelectorAll('form.luoi-nhap tr[data-ma]')).map(t => t.dataset.ma)")


@pytest.fixture
def an_lao_chi_con_ct01(du_lieu_demo):
    """The demo's An Lão, 6 tháng 2023, emptied but for CT01 (so CT02 is computed from it):
    returns the demo figure (or last year's) of every row, as Excel would show it."""
    ky = {(th.chi_tieu.ma, th.ky.nam): th for th in ThucHien.objects.filter(
        don_vi__ma="an-lao", ky__so_thang=6, ky__nam__in=[2022, 2023]).select_related("chi_tieu", "ky")}
    ThucHien.objects.filter(don_vi__ma="an-lao", ky__nam=2023, ky__so_thang=6).exclude(chi_tieu__ma="CT01").delete()
    return {ma: dinh_dang.so_chinh_xac((ky.get((ma, 2023)) or th).gia_tri) for (ma, nam), th in ky.items()}


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_a_19_line_column_lands_every_value_on_its_own_row_beside_a_computed_ct02(mo_trang, an_lao_chi_con_ct01,
                                                                                    kich_thuoc):
    so_lieu = an_lao_chi_con_ct01
    trang = mo_trang(kich_thuoc)
    dang_nhap(trang, *NHAP_LIEU)
    trang.goto(URL)
    expect(trang.locator("#ct-CT02")).to_contain_text("Tự tính từ CT01")
    expect(trang.locator("input[name='th-CT02']")).to_have_count(0)
    ma = _ma_cac_dong(trang)[:19]
    assert ma[0] == "CT01" and ma[4] == "CT02" and ma[-1] == "CT15"
    tu_tinh = trang.locator("#ct-CT02 [data-o='th']").inner_text()
    cot = [tu_tinh if m == "CT02" else so_lieu[m] for m in ma]
    _dan(trang, trang.locator("input[name='th-CT01']"), "\r\n".join(cot) + "\r\n")

    for m, gia_tri in zip(ma, cot):
        if m != "CT02":
            expect(trang.locator(f"input[name='th-{m}']")).to_have_value(gia_tri)
    expect(trang.locator("#thong-bao-dan")).to_have_text(
        "Đã dán 19 dòng: điền 18 ô, từ dòng CT01 đến dòng CT15. CT02 tự tính nên không ghi số dán "
        "(so sánh ở ngay dòng đó).")
    expect(trang.locator("#dan-CT02")).to_have_text(f"Số dán {tu_tinh} khớp số tự tính từ CT01.")
    expect(trang.locator("input[name='th-CT16']")).to_have_value("")  # below the block: untouched
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    chup(trang, f"nhap-lieu-sau-khi-dan-{ten}")
    assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]

    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.get_by_text(re.compile(r"Đã lưu \d+ thay đổi\."))).to_be_visible()
    luu = {th.chi_tieu.ma: th.gia_tri for th in ThucHien.objects.filter(
        don_vi__ma="an-lao", ky__nam=2023, ky__so_thang=6).select_related("chi_tieu")}
    assert "CT02" not in luu
    for m, gia_tri in zip(ma, cot):
        if m != "CT02":
            assert luu[m] == dinh_dang.doc_so(gia_tri), m


def test_a_block_with_a_code_column_lands_by_code(mo_trang, an_lao_chi_con_ct01):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, *NHAP_LIEU)
    trang.goto(URL)
    truoc = _cac_o(trang)
    _dan(trang, trang.locator("input[name='th-CT05']"),
         "Mã\tTH kỳ này\nCT09\t2.150\nCT03\t33,1\nCT16\t45,2\n")
    sau = _cac_o(trang)
    assert (sau["th-CT09"], sau["th-CT03"], sau["th-CT16"]) == ("2.150", "33,1", "45,2")
    assert {k: v for k, v in sau.items() if k not in ("th-CT09", "th-CT03", "th-CT16")} == {
        k: v for k, v in truoc.items() if k not in ("th-CT09", "th-CT03", "th-CT16")}
    expect(trang.locator("#thong-bao-dan")).to_have_text("Đã dán 3 dòng: điền 3 ô, từ dòng CT03 đến dòng CT16.")


@pytest.mark.parametrize(("o_dau", "khoi", "ly_do"), [
    ("CT16", "45,2\n80\n90\n95\n100\n100\n",
     "Không dán: khối có 6 dòng nhưng từ dòng CT16 xuống bảng chỉ còn 4 dòng. Không ô nào bị thay đổi."),
    ("CT01", "CT09\t2.150\nCT99\t33,1\n",
     "Không dán: dòng 2 (“CT99”) không khớp mã hay tên chỉ tiêu nào của bảng. Không ô nào bị thay đổi."),
    ("CT01", "CT09\t2.150\nCT09\t2.160\n", "Không dán: CT09 có hai lần (dòng 1 và 2). Không ô nào bị thay đổi."),
    ("CT01", "447.142\t184.510\n1\t2\n",
     "Không dán: khối có 2 cột nhưng không có cột mã hay tên chỉ tiêu để đối chiếu. Hãy chép một cột số liệu, "
     "hoặc chép kèm cột mã chỉ tiêu. Không ô nào bị thay đổi."),
])
def test_a_block_that_does_not_fit_is_refused_and_changes_nothing(mo_trang, an_lao_chi_con_ct01, o_dau, khoi, ly_do):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, *NHAP_LIEU)
    trang.goto(URL)
    truoc = _cac_o(trang)
    _dan(trang, trang.locator(f"input[name='th-{o_dau}']"), khoi)
    expect(trang.locator("#thong-bao-dan")).to_have_text(ly_do)
    assert _cac_o(trang) == truoc


@pytest.fixture
def the_gioi(transactional_db):
    dm = factories.tao_danh_muc()
    factories.dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    factories.dat_ke_hoach(dm.an_lao, dm.ct01_1, 2023, tinh="339580")
    factories.dat_ke_hoach(dm.an_lao, dm.ct16, 2023, tinh="50")
    factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [dm.an_lao])
    return dm


def test_three_typed_cells_come_back_after_the_session_ends_and_a_new_login(mo_trang, the_gioi, settings):
    settings.SESSION_COOKIE_AGE = 4 * 60  # ends within the warning's five minutes
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    expect(trang.locator("#het-phien")).to_contain_text("Phiên đăng nhập sẽ hết lúc")
    trang.locator("input[name='th-CT01.1']").fill("184510")
    trang.locator("input[name='th-CT16']").fill("45,5")
    trang.locator("textarea[name='gc-CT16']").fill("Theo Hạt Kiểm lâm")
    expect(trang.locator("#ct-CT16 [data-o='nguon-kh-tinh']")).to_have_text("-4,5 điểm %")
    ban_nhap = json.loads(trang.evaluate("() => JSON.stringify(Object.assign({}, localStorage))"))
    assert list(ban_nhap) == [f"ktxh:ban-nhap:{factories.User.objects.get().pk}:an-lao:2023-6t"]

    Session.objects.all().delete()  # the session ends
    trang.get_by_role("button", name="Lưu", exact=True).click()
    trang.wait_for_url(re.compile(r"/dang-nhap/"))
    assert not ThucHien.objects.exists()
    trang.get_by_label("Tên đăng nhập").fill("nhap_lieu_an_lao")
    trang.get_by_label("Mật khẩu").fill(factories.MAT_KHAU)
    trang.get_by_role("button", name="Đăng nhập").click()
    trang.wait_for_url(re.compile(URL + "$"))

    hop = trang.locator("#ban-nhap")
    expect(hop).to_contain_text("Khôi phục 3 ô chưa lưu?")  # CT01.1, and CT16 with its note
    expect(trang.locator("input[name='th-CT16']")).to_have_value("")
    hop.get_by_role("button", name="Khôi phục").click()
    expect(trang.locator("input[name='th-CT01.1']")).to_have_value("184510")
    expect(trang.locator("input[name='th-CT16']")).to_have_value("45,5")
    expect(trang.locator("textarea[name='gc-CT16']")).to_have_value("Theo Hạt Kiểm lâm")
    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.get_by_text("Đã lưu 2 thay đổi.")).to_be_visible()
    th = ThucHien.objects.get(chi_tieu__ma="CT16")
    assert (th.gia_tri, th.ghi_chu) == (D("45.5"), "Theo Hạt Kiểm lâm")
    # Saved: the draft is gone and nothing is offered any more.
    trang.reload()
    expect(trang.locator("#ban-nhap")).to_be_hidden()
    assert trang.evaluate("() => localStorage.length") == 0


def test_three_cells_typed_then_the_session_ends_come_back_as_three(mo_trang, the_gioi):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    for ma, gia_tri in (("CT01", "447142"), ("CT01.1", "184510"), ("CT16", "45,5")):
        trang.locator(f"input[name='th-{ma}']").fill(gia_tri)
    Session.objects.all().delete()
    trang.reload()  # the login page: the session is gone
    trang.wait_for_url(re.compile(r"/dang-nhap/"))
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    expect(trang.locator("#ban-nhap")).to_contain_text("Khôi phục 3 ô chưa lưu?")
    trang.locator("#ban-nhap").get_by_role("button", name="Khôi phục").click()
    assert [trang.locator(f"input[name='th-{ma}']").input_value() for ma in ("CT01", "CT01.1", "CT16")] == [
        "447142", "184510", "45,5"]


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_save_and_send_with_one_bad_cell_shows_not_sent_and_a_link_to_it(mo_trang, the_gioi, kich_thuoc):
    trang = mo_trang(kich_thuoc)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    for ma, gia_tri in (("CT01", "447000"), ("CT01.1", "184510"), ("CT01.2", "141004"), ("CT01.3", "121628")):
        trang.locator(f"input[name='th-{ma}']").fill(gia_tri)  # the sectors do not add up: a soft warning
    trang.locator("input[name='th-CT16']").fill("150")  # a rate above 100 %: refused
    expect(trang.locator("#cb-CT01")).to_contain_text("Tổng các chỉ tiêu con")
    trang.get_by_role("button", name="Lưu và gửi").click()
    hop = trang.get_by_role("dialog")
    expect(hop).to_contain_text("1 cảnh báo chưa xử lý")
    expect(hop.locator("li")).to_have_text([re.compile(r"^CT01: Tổng các chỉ tiêu con")])
    hop.get_by_role("button", name="Gửi số liệu").click()

    expect(trang.locator("main .alert").first).to_contain_text("CHƯA GỬI")
    lien_ket = trang.locator("#o-chua-luu a")
    expect(lien_ket).to_have_text(["CT16 Tỷ lệ che phủ rừng"])
    expect(trang.locator("input[name='th-CT16']")).to_have_value("150")
    ten = "may-tinh" if kich_thuoc is MAY_TINH else "dien-thoai"
    chup(trang, f"nhap-lieu-chua-gui-{ten}")
    lien_ket.click()
    expect(trang.locator("input[name='th-CT16']")).to_be_focused()
    assert TrangThaiNop.objects.get().trang_thai == "dang_nhap"
    assert ThucHien.objects.get(chi_tieu__ma="CT01.1").gia_tri == D("184510")
    assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"]


@pytest.mark.parametrize("kich_thuoc", [MAY_TINH, DIEN_THOAI], ids=["may-tinh", "dien-thoai"])
def test_92_500_typed_for_a_budget_planned_at_180_waits_for_the_box_on_its_cell(mo_trang, the_gioi, kich_thuoc):
    dm = the_gioi
    factories.dat_ke_hoach(dm.an_lao, dm.ct03, 2023, tinh="180")
    factories.dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2022_6t, "76")
    trang = mo_trang(kich_thuoc)
    dang_nhap(trang, "nhap_lieu_an_lao", factories.MAT_KHAU)
    trang.goto(URL)
    trang.locator("input[name='th-CT03']").fill("92.500")
    o = trang.locator("#bd-CT03")
    expect(o).to_contain_text("đọc là 92.500 tỷ đồng")
    expect(o).to_contain_text("có phải 92,5?")
    chup(trang, f"nhap-lieu-can-xac-nhan-{'may-tinh' if kich_thuoc is MAY_TINH else 'dien-thoai'}")
    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.locator("#o-chua-luu")).to_contain_text("CT03")
    assert not ThucHien.objects.filter(ky=dm.ky_2023_6t).exists()
    trang.locator("#bd-CT03").get_by_role("checkbox", name="Đúng là 92.500 tỷ đồng").check()
    trang.get_by_role("button", name="Lưu", exact=True).click()
    expect(trang.get_by_text("Đã lưu 1 thay đổi.")).to_be_visible()
    assert ThucHien.objects.get(ky=dm.ky_2023_6t, chi_tieu=dm.ct03).gia_tri == D("92500")
