"""Year over year: one line per year across 3/6/9/12 months, missing periods left as gaps."""

import json
import re

from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu


def _bieu_do(html: str) -> dict:
    return json.loads(re.search(r'<script id="bieu-do-xu-huong-du-lieu" type="application/json">(.*?)</script>',
                                html, re.S).group(1))["data_layout"]


def _o_nam(html: str, nam: int) -> list[str]:
    dong = re.search(rf'<tr id="nam-{nam}">.*?</tr>', html, re.S).group(0)
    return [chu(o) for o in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", dong, re.S)]


def test_one_line_per_year_with_gaps_where_there_is_no_figure(client, danh_muc, lanh_dao):
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)
    dat_thuc_hien(dm.an_lao, dm.ct01, factories.ky(2022, 3), "200000")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "420000")
    dat_thuc_hien(dm.an_lao, dm.ct01, factories.ky(2022, 12), "900000")
    client.force_login(lanh_dao)
    html = client.get("/xu-huong/an-lao/CT01/").content.decode()
    ve = _bieu_do(html)
    assert [(t["name"], t["y"]) for t in ve["data"]] == [
        ("2022", [200000.0, 420000.0, None, 900000.0]),
        ("2023", [None, 447142.0, None, None]),
        ("KH tỉnh giao 2023", [843000.0] * 4),  # the latest year's plan, as a dashed line
    ]
    assert ve["data"][0]["x"] == ["Quý I", "6 tháng", "9 tháng", "Cả năm"]
    assert ve["layout"]["separators"] == ",."
    assert _o_nam(html, 2022) == ["2022", "200.000", "420.000", "chưa có số liệu", "900.000"]
    assert _o_nam(html, 2023) == ["2023", "chưa có số liệu", "447.142 ư 53,04 % KH tỉnh", "chưa có số liệu",
                                  "chưa có số liệu"]


def test_the_province_line_is_the_sum_of_its_units_when_all_report(client, danh_muc, lanh_dao):
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)
    client.force_login(lanh_dao)
    assert _o_nam(client.get("/xu-huong/binh-dinh/CT01/").content.decode(), 2023)[2] == "chưa có số liệu"
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, dm.ky_2023_6t, "100000")
    assert _o_nam(client.get("/xu-huong/binh-dinh/CT01/").content.decode(), 2023)[2] == "547.142 ư"


def test_a_growth_rate_comes_from_its_base_indicator(client, danh_muc, lanh_dao):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "400000")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "420000")
    dat_ke_hoach(dm.an_lao, dm.ct02, 2023, tinh="6")
    client.force_login(lanh_dao)
    html = client.get("/xu-huong/an-lao/CT02/").content.decode()
    assert _o_nam(html, 2023)[2] == "5,00"
    assert [t["name"] for t in _bieu_do(html)["data"]] == ["2023", "KH tỉnh giao 2023"]


def test_the_unit_page_links_each_indicator_to_its_trend(client, danh_muc, lanh_dao):
    client.force_login(lanh_dao)
    assert 'href="/xu-huong/an-lao/CT01.1/"' in client.get("/don-vi/an-lao/2023-6t/").content.decode()


def test_unknown_indicators_are_not_found_and_other_units_forbidden(client, danh_muc, lanh_dao, lanh_dao_an_lao):
    client.force_login(lanh_dao)
    assert client.get("/xu-huong/an-lao/KHONG/").status_code == 404
    client.force_login(lanh_dao_an_lao)
    assert client.get("/xu-huong/tuy-phuoc/CT01/").status_code == 403
