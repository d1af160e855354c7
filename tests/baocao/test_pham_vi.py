"""Pages that list units show one province at a time: a province office sees its
province as before; a user who sees several provinces picks one (`?tinh=`), so a
national-size database never puts 700 units on one phone screen."""

import re

import pytest
from openpyxl import load_workbook

from baocao.selectors import goc_va_pham_vi
from chitieu.models import DonVi
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu


@pytest.fixture
def hai_tinh(danh_muc):
    """Bình Định (An Lão, Tuy Phước, …) and Phú Yên with one district, Sơn Hòa, and its own
    indicator set (one indicator, against KH tỉnh giao)."""
    factories.so_lieu_an_lao_2023(danh_muc)
    phu_yen = factories.tao_don_vi("phu-yen", "Phú Yên", cap=DonVi.Cap.TINH, thu_tu=2)
    factories.tao_bo("Bộ chỉ tiêu Phú Yên", [danh_muc.ct01], [factories.nguon("kh-tinh")], pham_vi=phu_yen)
    danh_muc.son_hoa = factories.tao_don_vi("son-hoa", "Sơn Hòa", cha=phu_yen, thu_tu=1)
    dat_ke_hoach(danh_muc.son_hoa, danh_muc.ct01, 2023, tinh="1000")
    dat_thuc_hien(danh_muc.son_hoa, danh_muc.ct01, danh_muc.ky_2023_6t, "700")
    return danh_muc


def _don_vi_tren_trang(html: str) -> list[str]:
    return re.findall(r'<tr id="dv-([^"]+)"', html)


def test_the_overview_shows_the_first_province_and_offers_the_others(client, hai_tinh, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    assert "binh-dinh" in _don_vi_tren_trang(html) and "an-lao" in _don_vi_tren_trang(html)
    assert "son-hoa" not in _don_vi_tren_trang(html) and "phu-yen" not in _don_vi_tren_trang(html)
    assert re.search(r'<option value="phu-yen"[^>]*>Tỉnh Phú Yên</option>', html)

    html = client.get("/?tinh=phu-yen").content.decode()
    assert _don_vi_tren_trang(html) == ["phu-yen", "son-hoa"]
    assert "Tỉnh Phú Yên 1/" in chu(html)


def test_the_ranking_ranks_the_units_of_the_chosen_province(client, hai_tinh, lanh_dao):
    client.force_login(lanh_dao)
    assert "son-hoa" not in _don_vi_tren_trang(client.get("/chi-tieu/CT01/2023-6t/").content.decode())
    html = client.get("/chi-tieu/CT01/2023-6t/?tinh=phu-yen").content.decode()
    assert "son-hoa" in _don_vi_tren_trang(html) and "an-lao" not in _don_vi_tren_trang(html)
    # Switching indicator or period keeps the province.
    assert 'data-url-mau="/chi-tieu/__ma__/2023-6t/?tinh=phu-yen"' in html


def test_the_xlsx_downloads_follow_the_chosen_province(client, hai_tinh, lanh_dao):
    client.force_login(lanh_dao)
    for url in ("/?tinh=phu-yen&dang=xlsx", "/chi-tieu/CT01/2023-6t/?tinh=phu-yen&dang=xlsx"):
        tra_loi = client.get(url)
        assert tra_loi.status_code == 200
        o = [str(c.value) for ws in load_workbook(__import__("io").BytesIO(tra_loi.content)) for r in ws.iter_rows()
             for c in r if c.value is not None]
        assert any("Sơn Hòa" in v for v in o) and not any("An Lão" in v for v in o), url


def test_a_province_office_with_one_province_sees_no_selector(client, hai_tinh, lanh_dao_an_lao):
    client.force_login(lanh_dao_an_lao)
    html = client.get("/").content.decode()
    assert _don_vi_tren_trang(html) == ["an-lao"] and 'id="chon-tinh"' not in html


@pytest.mark.parametrize("url", ["/?tinh=khong-co", "/chi-tieu/CT01/2023-6t/?tinh=an-lao"])
def test_a_province_outside_the_users_view_is_not_found(client, hai_tinh, lanh_dao_an_lao, lanh_dao, url):
    # "an-lao" is a district, not a root, for a leader who sees the whole province.
    client.force_login(lanh_dao)
    assert client.get(url).status_code == 404


def test_roots_are_units_whose_parent_is_not_visible_and_the_tree_keeps_its_order(hai_tinh):
    cac_don_vi = list(DonVi.objects.order_by("thu_tu", "ten_ngan"))
    goc, chon, cay = goc_va_pham_vi(cac_don_vi)
    assert [g.ma for g in goc] == ["binh-dinh", "phu-yen"] and chon.ma == "binh-dinh"
    assert [dv.ma for dv in cay] == [dv.ma for dv in cac_don_vi if dv.ma not in ("phu-yen", "son-hoa")]
    assert goc_va_pham_vi(cac_don_vi, "son-hoa")[1] is None
