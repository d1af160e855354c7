"""The overview: headlines, units × indicators by status, period and lĩnh vực filters."""

import re

import pytest

from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu


def _o_nhiet(html: str, ma_don_vi: str) -> dict[str, tuple[str, str]]:
    """Each heatmap cell of a unit's row: indicator code → (status class, link)."""
    dong = re.search(rf'<tr id="dv-{ma_don_vi}">.*?</tr>', html, re.S)
    assert dong, f"không thấy dòng {ma_don_vi}"
    return {m.group("ma"): (m.group("tt"), m.group("href")) for m in re.finditer(
        r'<a class="o-nhiet tt-(?P<tt>\w+)" href="(?P<href>[^"]+)"\s+title="(?P<ma>[\w.]+) ', dong.group(0))}


@pytest.fixture
def so_lieu(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def test_headlines_count_indicators_on_track_for_the_province_and_each_unit(client, so_lieu, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    van_ban = chu(html)
    assert "Tổng quan · 6 tháng đầu năm 2023" in van_ban
    # 6 top-level indicators in the test catalog; An Lão is on track on CT01 and CT03.
    assert "Tỉnh Bình Định 0/6 chỉ tiêu đạt tiến độ" in van_ban
    assert chu(re.search(r'<tr id="dv-an-lao">.*?</tr>', html, re.S).group(0)).startswith(
        "Huyện An Lão Đang nhập 2/6")
    assert chu(re.search(r'<tr id="dv-tuy-phuoc">.*?</tr>', html, re.S).group(0)).startswith(
        "Huyện Tuy Phước Đang nhập 0/6")


def test_each_heatmap_cell_has_its_status_and_links_to_the_units_page(client, so_lieu, lanh_dao):
    client.force_login(lanh_dao)
    o = _o_nhiet(client.get("/").content.decode(), "an-lao")
    assert list(o) == ["CT01", "CT02", "CT03", "CT05", "CT08", "CT16"]
    assert o["CT01"] == ("dat", "/don-vi/an-lao/2023-6t/#ct-CT01")
    assert o["CT03"][0] == "dat"
    # No figure: shown as missing, never as on track or behind.
    assert o["CT05"] == ("thieu_so_lieu", "/don-vi/an-lao/2023-6t/#ct-CT05")


def test_a_behind_unit_is_coloured_behind(client, so_lieu, lanh_dao):
    dat_ke_hoach(so_lieu.tuy_phuoc, so_lieu.ct03, 2023, tinh="100")
    dat_thuc_hien(so_lieu.tuy_phuoc, so_lieu.ct03, so_lieu.ky_2023_6t, "10")
    dat_ke_hoach(so_lieu.tuy_phuoc, so_lieu.ct01, 2023, tinh="100")
    dat_thuc_hien(so_lieu.tuy_phuoc, so_lieu.ct01, so_lieu.ky_2023_6t, "45")
    client.force_login(lanh_dao)
    o = _o_nhiet(client.get("/").content.decode(), "tuy-phuoc")
    assert (o["CT03"][0], o["CT01"][0]) == ("cham_nhieu", "cham")


def test_the_linh_vuc_filter_keeps_only_its_indicators(client, so_lieu, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/?linh_vuc=moi_truong").content.decode()
    assert list(_o_nhiet(html, "an-lao")) == ["CT16"]
    assert "Tỉnh Bình Định 0/1 chỉ tiêu đạt tiến độ" in chu(html)
    assert list(_o_nhiet(client.get("/?linh_vuc=kinh_te").content.decode(), "an-lao")) == [
        "CT01", "CT02", "CT03", "CT05"]


def test_the_period_selector_shows_another_period(client, so_lieu, lanh_dao):
    dat_ke_hoach(so_lieu.an_lao, so_lieu.ct01, 2022, tinh="1000")
    dat_thuc_hien(so_lieu.an_lao, so_lieu.ct01, so_lieu.ky_2022_6t, "600")
    client.force_login(lanh_dao)
    html = client.get("/?ky=2022-6t").content.decode()
    assert "Tổng quan · 6 tháng đầu năm 2022" in chu(html)
    assert _o_nhiet(html, "an-lao")["CT01"] == ("dat", "/don-vi/an-lao/2022-6t/#ct-CT01")
    assert '<option value="2022-6t" selected>' in html


@pytest.mark.parametrize("url", ["/?ky=2031-6t", "/?ky=sai", "/?linh_vuc=khong-co", "/?dang=pdf"])
def test_unknown_periods_linh_vuc_and_formats_are_not_found(client, so_lieu, lanh_dao, url):
    client.force_login(lanh_dao)
    assert client.get(url).status_code == 404


def test_a_leader_of_one_unit_sees_only_that_unit(client, so_lieu, lanh_dao_an_lao):
    client.force_login(lanh_dao_an_lao)
    html = client.get("/").content.decode()
    assert re.findall(r'<tr id="dv-([\w-]+)">', html) == ["an-lao"]
    assert "Tuy Phước" not in html and "Bình Định" not in html
    assert "Huyện An Lão 2/6 chỉ tiêu đạt tiến độ" in chu(html)


def test_a_user_without_a_role_is_told_so(client, danh_muc):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("khach", password="x"))
    html = client.get("/").content.decode()
    assert "chưa được phân quyền xem đơn vị nào" in html and "bang-nhiet" not in html


def test_without_any_figures_the_overview_lists_the_units(client, danh_muc, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    assert "Chưa có số liệu của kỳ báo cáo nào." in html
    assert 'href="/don-vi/an-lao/"' in html
    assert client.get("/?dang=xlsx").status_code == 404
