"""Dashboards that know the workflow: each unit's submission status is shown, leaders can
count only approved figures, and one unit's draft never moves anyone's default period."""

import re

import pytest

from chitieu import selectors
from chitieu.models import TrangThaiNop
from tests.factories import dat_ke_hoach, dat_thuc_hien, ky
from tests.html import chu, o_cua_dong


def _nop(don_vi, ky_bao_cao, trang_thai):
    TrangThaiNop.objects.update_or_create(don_vi=don_vi, ky=ky_bao_cao, defaults={"trang_thai": trang_thai})


@pytest.fixture
def hai_huyen(danh_muc):
    """Both districts have CT01 and CT03 for 6 tháng 2023 against their plans: An Lão is on
    track on both, Tuy Phước on CT01 only, and so is their sum, the province."""
    dm = danh_muc
    for dv, ct01, ct03 in ((dm.an_lao, "447142", "32.454"), (dm.tuy_phuoc, "430000", "5")):
        dat_ke_hoach(dv, dm.ct01, 2023, tinh="843000")
        dat_ke_hoach(dv, dm.ct03, 2023, tinh="41.830")
        dat_thuc_hien(dv, dm.ct01, dm.ky_2023_6t, ct01)
        dat_thuc_hien(dv, dm.ct03, dm.ky_2023_6t, ct03)
    return dm


# -- the default period ------------------------------------------------------------------------


@pytest.mark.parametrize("dung_quy_trinh", [True, False], ids=["da-gui", "chua-ai-gui"])
def test_one_units_unsent_draft_does_not_change_anyones_default_period(client, hai_huyen, lanh_dao, tong_hop,
                                                                     lanh_dao_an_lao, nhap_lieu_tuy_phuoc,
                                                                     dung_quy_trinh):
    dm = hai_huyen
    if dung_quy_trinh:
        _nop(dm.an_lao, dm.ky_2023_6t, "da_duyet")
        _nop(dm.tuy_phuoc, dm.ky_2023_6t, "da_gui")
    # Tuy Phước starts typing 9 tháng and sends nothing.
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2023, 9), "450000")
    for nguoi in (lanh_dao, tong_hop, lanh_dao_an_lao):
        client.force_login(nguoi)
        assert "Tổng quan · 6 tháng đầu năm 2023" in chu(client.get("/").content.decode()), nguoi.username
        assert client.get("/don-vi/an-lao/")["Location"] == "/don-vi/an-lao/2023-6t/", nguoi.username
    # Once at least half of the units have sent 9 tháng, it becomes the default.
    _nop(dm.tuy_phuoc, ky(2023, 9), "da_gui")
    _nop(dm.an_lao, ky(2023, 9), "da_gui")
    client.force_login(lanh_dao)
    assert "Tổng quan · 9 tháng 2023" in chu(client.get("/").content.decode())


@pytest.mark.parametrize(("gui", "mac_dinh"), [
    ([], (2023, 6)),  # nobody sent: the latest period where at least half have figures
    ([("an-lao", 3)], (2023, 6)),  # one unit of three sent quý I: not half
    ([("an-lao", 3), ("tuy-phuoc", 3)], (2023, 3)),  # two of three sent quý I: half
    ([("an-lao", 3), ("tuy-phuoc", 3), ("an-lao", 9)], (2023, 3)),
])
def test_the_default_period_is_the_latest_that_half_of_the_units_sent(hai_huyen, gui, mac_dinh):
    dm = hai_huyen
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2023, 9), "1")
    for ma, thang in gui:
        _nop(dm.an_lao if ma == "an-lao" else dm.tuy_phuoc, ky(2023, thang), "da_gui")
    ky_mac_dinh = selectors.ky_mac_dinh([dm.tinh, dm.an_lao, dm.tuy_phuoc])
    assert (ky_mac_dinh.nam, ky_mac_dinh.so_thang) == mac_dinh


def test_without_half_anywhere_the_default_is_the_latest_period_with_a_figure(danh_muc):
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, ky(2023, 3), "1")
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, danh_muc.ky_2022_6t, "1")
    assert selectors.ky_mac_dinh([danh_muc.tinh, danh_muc.an_lao, danh_muc.tuy_phuoc]).slug == "2023-3t"
    assert selectors.ky_mac_dinh([danh_muc.tuy_phuoc]) is None


# -- the status of each unit's figures -----------------------------------------------------------


def test_a_returned_unit_is_marked_on_the_overview_the_ranking_and_the_province_report(client, hai_huyen, lanh_dao):
    dm = hai_huyen
    _nop(dm.an_lao, dm.ky_2023_6t, "da_duyet")
    _nop(dm.tuy_phuoc, dm.ky_2023_6t, "tra_lai")
    client.force_login(lanh_dao)

    html = client.get("/?ky=2023-6t").content.decode()
    assert chu(re.search(r'<tr id="dv-tuy-phuoc">.*?</tr>', html, re.S).group(0)).startswith(
        "Huyện Tuy Phước Trả lại")
    assert 'class="badge nop-tra_lai nhan-nop"' in re.search(r'<tr id="dv-tuy-phuoc">.*?</tr>', html, re.S).group(0)
    assert chu(re.search(r'<tr id="dv-an-lao">.*?</tr>', html, re.S).group(0)).startswith("Huyện An Lão Đã duyệt")
    assert "1 đang nhập 1 đã duyệt 1 trả lại" in chu(re.search(r'class="card-body py-2 dem-trang-thai-nop">.*?</div>'
                                                               r"\s*</div>", html, re.S).group(0))

    html = client.get("/chi-tieu/CT01/2023-6t/").content.decode()
    assert re.search(r'<tr id="dv-tuy-phuoc".*?</tr>', html, re.S).group(0).count("Trả lại") == 1
    dong = re.search(r'<tr id="dv-tuy-phuoc".*?</tr>', html, re.S).group(0)
    assert chu(re.sub(r'<td class="o-du-bao".*?</td>', "", dong, flags=re.S)).endswith("Trả lại")  # before the forecast

    html = client.get("/bao-cao/binh-dinh/2023-6t/").content.decode()
    assert chu(re.search(r'<th[^>]*id="ss-dv-tuy-phuoc">.*?</th>', html, re.S).group(0)) == "Tuy Phước Trả lại"
    assert chu(re.search(r'<th[^>]*id="ss-dv-an-lao">.*?</th>', html, re.S).group(0)) == "An Lão Đã duyệt"
    assert "Đơn vị cấp dưới: 1 đã duyệt 1 trả lại" in chu(html)


def test_the_unit_page_and_the_trend_show_the_status_of_each_period(client, hai_huyen, lanh_dao):
    dm = hai_huyen
    _nop(dm.an_lao, dm.ky_2023_6t, "da_gui")
    client.force_login(lanh_dao)
    assert "Số liệu của đơn vị: Đã gửi" in chu(client.get("/don-vi/an-lao/2023-6t/").content.decode())
    assert "Số liệu của đơn vị: Đang nhập · đơn vị cấp dưới: 1 đang nhập 1 đã gửi" in chu(
        client.get("/don-vi/binh-dinh/2023-6t/").content.decode())
    html = client.get("/xu-huong/an-lao/CT01/").content.decode()
    dong = chu(re.search(r'<tr class="dong-trang-thai-nop" id="nop-2023">.*?</tr>', html, re.S).group(0))
    assert dong == "Số liệu 2023 Đã gửi"  # only a period with a figure or a workflow state carries one


# -- only approved figures --------------------------------------------------------------------------


def test_with_only_approved_figures_drafts_and_sent_figures_count_nowhere(client, hai_huyen, lanh_dao):
    dm = hai_huyen
    _nop(dm.an_lao, dm.ky_2023_6t, "da_duyet")
    _nop(dm.tuy_phuoc, dm.ky_2023_6t, "da_gui")
    client.force_login(lanh_dao)

    def dong(html, ma):
        return chu(re.search(rf'<tr id="dv-{ma}"[^>]*>.*?</tr>', html, re.S).group(0))

    tat_ca = client.get("/?ky=2023-6t").content.decode()
    assert dong(tat_ca, "tuy-phuoc").startswith("Huyện Tuy Phước Đã gửi 1/6")
    assert dong(tat_ca, "binh-dinh").startswith("Tỉnh Bình Định Đang nhập 1/6")  # CT01 summed from both

    da_duyet = client.get("/?ky=2023-6t&duyet=1").content.decode()
    assert "Chỉ tính số liệu đã duyệt" in chu(da_duyet)
    assert dong(da_duyet, "an-lao").startswith("Huyện An Lão Đã duyệt 2/6")  # approved: unchanged
    assert dong(da_duyet, "tuy-phuoc").startswith("Huyện Tuy Phước Đã gửi 0/6")  # sent, not approved: nothing
    assert dong(da_duyet, "binh-dinh").startswith("Tỉnh Bình Định Đang nhập 0/6")  # no total without it

    # The choice holds on the other dashboards until switched back.
    html = client.get("/chi-tieu/CT01/2023-6t/").content.decode()
    assert dong(html, "tuy-phuoc") == (
        "– Huyện Tuy Phước 843.000 — chưa có số liệu — — — Chưa có số liệu Đã gửi không dự báo")
    assert "thiếu 1/2 đơn vị" in chu(re.search(r'<tr id="dv-binh-dinh".*?</tr>', html, re.S).group(0))
    assert o_cua_dong(client.get("/don-vi/tuy-phuoc/2023-6t/").content.decode(), "CT01")[5] == "chưa có số liệu"
    assert "chưa có số liệu" in chu(client.get("/bao-cao/binh-dinh/2023-6t/").content.decode())
    html = client.get("/xu-huong/tuy-phuoc/CT01/").content.decode()
    assert o_cua_dong(html.replace('id="nam-', 'id="ct-'), "2023")[2] == "chưa có số liệu"
    html = client.get("/?ky=2023-6t&duyet=0").content.decode()
    assert dong(html, "tuy-phuoc").startswith("Huyện Tuy Phước Đã gửi 1/6")
    assert dong(client.get("/?ky=2023-6t").content.decode(), "tuy-phuoc").startswith("Huyện Tuy Phước Đã gửi 1/6")


def test_the_xlsx_of_the_overview_and_the_ranking_carry_the_status_and_the_mode(client, hai_huyen, lanh_dao):
    from tests.chitieu import excel

    dm = hai_huyen
    _nop(dm.tuy_phuoc, dm.ky_2023_6t, "tra_lai")
    client.force_login(lanh_dao)
    ws = excel.mo(client.get("/don-vi/tuy-phuoc/2023-6t/?dang=xlsx&duyet=1").content).active
    assert ws["A1"].value.endswith("6 tháng đầu năm 2023 (chỉ số liệu đã duyệt)")
    for url in ("/?ky=2023-6t&dang=xlsx", "/chi-tieu/CT01/2023-6t/?dang=xlsx"):
        ws = excel.mo(client.get(url).content).active
        gia_tri = [[o.value for o in hang] for hang in ws.iter_rows()]
        assert "(chỉ số liệu đã duyệt)" in gia_tri[0][0]
        tieu_de = next(h for h in gia_tri if "Trạng thái nộp" in h)
        cot = tieu_de.index("Trạng thái nộp")
        assert any(h[cot] == "Trả lại" and "Tuy Phước" in str(h) for h in gia_tri), url
