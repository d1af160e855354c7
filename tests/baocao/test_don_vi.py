"""The unit page: what a person sees, in Vietnamese, and who may see it."""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.html import o_cua_dong
from tests.factories import dat_ke_hoach, dat_thuc_hien

URL_AN_LAO = "/don-vi/an-lao/2023-6t/"



def test_it_shows_every_figure_of_the_an_lao_report(client, danh_muc, lanh_dao):
    factories.so_lieu_an_lao_2023(danh_muc)
    client.force_login(lanh_dao)
    html = client.get(URL_AN_LAO).content.decode()
    ky_vong = {
        "CT01": ("447.142", "53,04 %", "52,69 %"),
        "CT01.1": ("184.510", "54,33 %", "54,18 %"),
        "CT01.2": ("141.004", "51,63 %", "51,15 %"),
        "CT01.3": ("121.628", "52,80 %", "52,32 %"),
        "CT03": ("32,454", "77,59 %", "32,91 %"),
        "CT03.1": ("12,500", "125,00 %", "19,23 %"),
    }
    for ma, (th, pt_tinh, pt_huyen) in ky_vong.items():
        o = o_cua_dong(html, ma)
        assert o[5].removesuffix(" ư") == th, (ma, o)
        assert (o[6], o[7]) == (pt_tinh, pt_huyen), (ma, o)
    assert o_cua_dong(html, "CT01")[1] == "triệu đồng" and o_cua_dong(html, "CT03")[1] == "tỷ đồng"
    assert "Huyện An Lão" in html and "6 tháng đầu năm 2023" in html


def test_missing_plan_zero_plan_and_missing_actual_show_a_dash_never_zero_percent(client, danh_muc, lanh_dao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="0")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "100")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "5")
    dat_ke_hoach(dm.an_lao, dm.ct05, 2023, tinh="40")
    client.force_login(lanh_dao)
    html = client.get(URL_AN_LAO).content.decode()
    for ma in ("CT01", "CT03", "CT05"):
        o = o_cua_dong(html, ma)
        assert (o[6], o[7]) == ("—", "—"), (ma, o)
        assert o[-1] == "Chưa có số liệu"
    assert o_cua_dong(html, "CT05")[5] == "chưa có số liệu"
    assert not re.search(r">\s*0,00 %\s*<", html)


def test_rates_and_decreasing_indicators_show_the_gap_in_points(client, danh_muc, lanh_dao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct08, 2023, tinh="12.5", huyen="12")
    dat_thuc_hien(dm.an_lao, dm.ct08, dm.ky_2023_6t, "12.62")
    client.force_login(lanh_dao)
    o = o_cua_dong(client.get(URL_AN_LAO).content.decode(), "CT08")
    assert (o[6], o[7]) == ("+0,12 điểm %", "+0,62 điểm %")
    assert o[-1] == "Chậm tiến độ"


def test_ghi_chu_and_names_are_escaped(client, danh_muc, lanh_dao):
    factories.tao_chi_tieu("CT77", "<script>alert(1)</script>")
    client.force_login(lanh_dao)
    html = client.get(URL_AN_LAO).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, danh_muc):
    response = client.get(URL_AN_LAO)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('dang-nhap')}?next={URL_AN_LAO}"


def test_district_staff_cannot_read_another_district(client, danh_muc, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    assert client.get(URL_AN_LAO).status_code == 200
    assert client.get("/don-vi/tuy-phuoc/2023-6t/").status_code == 403


@pytest.mark.parametrize("url", ["/don-vi/khong-co/2023-6t/", "/don-vi/an-lao/2031-6t/", "/don-vi/an-lao/sai/"])
def test_unknown_units_and_periods_are_not_found(client, danh_muc, lanh_dao, url):
    client.force_login(lanh_dao)
    assert client.get(url).status_code == 404


def test_the_unit_link_opens_its_latest_period_with_data(client, danh_muc, lanh_dao):
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, danh_muc.ky_2022_6t, "1")
    client.force_login(lanh_dao)
    response = client.get("/don-vi/an-lao/")
    assert response.status_code == 302 and response["Location"] == "/don-vi/an-lao/2022-6t/"


def test_the_unit_page_takes_a_fixed_number_of_queries(client, danh_muc, lanh_dao, django_assert_num_queries):
    factories.so_lieu_an_lao_2023(danh_muc)
    client.force_login(lanh_dao)
    client.get(URL_AN_LAO)
    # session, user, unit, roles, assignments, period, 8 for the table, the workflow states of the
    # unit and the units below, 2 for the year-end forecast, the period list, the open explanation
    # threads, the menu's unread count
    with django_assert_num_queries(20):
        assert client.get(URL_AN_LAO).status_code == 200
    for i in range(41):
        ct = factories.tao_chi_tieu(f"Z{i:02d}")
        dat_thuc_hien(danh_muc.an_lao, ct, danh_muc.ky_2023_6t, i)
    with django_assert_num_queries(20):
        assert client.get(URL_AN_LAO).status_code == 200


def _bieu_do(html: str) -> dict:
    import json

    return json.loads(re.search(r'<script id="bieu-do-don-vi-du-lieu" type="application/json">(.*?)</script>',
                                html, re.S).group(1))


def _bang_bieu_do(html: str) -> dict[str, list[str]]:
    from tests.html import chu

    bang = re.search(r'<table[^>]*id="bang-bieu-do-don-vi".*?</table>', html, re.S).group(0)
    return {ma: [chu(o) for o in re.findall(r"<td[^>]*>(.*?)</td>", dong, re.S)]
            for ma, dong in re.findall(r'<tr data-ma="([^"]+)">(.*?)</tr>', bang, re.S)}


def test_the_chart_draws_each_cumulative_indicator_against_both_plans_with_the_expected_progress(
        client, danh_muc, lanh_dao):
    factories.so_lieu_an_lao_2023(danh_muc)
    client.force_login(lanh_dao)
    html = client.get(URL_AN_LAO).content.decode()
    hinh = _bieu_do(html)
    du_lieu, bo_cuc = hinh["data_layout"]["data"], hinh["data_layout"]["layout"]
    nhan_so = [v for v in du_lieu if v.get("meta") == "nhan-so"]  # the value columns (issue 16)
    du_lieu = [v for v in du_lieu if v["type"] == "bar"]
    assert [v["name"] for v in du_lieu] == ["% KH tỉnh giao", "% KH huyện giao"]
    # Cumulative indicators compared by ratio, in catalog order; levels, rates and growth are not drawn.
    ma = [y.split(" ")[0] for y in du_lieu[0]["y"]]
    assert ma == ["CT01", "CT01.1", "CT01.2", "CT01.3", "CT03", "CT03.1"]
    assert du_lieu[0]["x"] == [53.04, 54.33, 51.63, 52.8, 77.59, 125.0]
    assert du_lieu[1]["x"] == [52.69, 54.18, 51.15, 52.32, 32.91, 19.23]
    assert bo_cuc["separators"] == ",." and nhan_so[0]["texttemplate"] == "%{customdata:.2f} %"
    assert [v["customdata"] for v in nhan_so] == [v["x"] for v in du_lieu]
    assert [s["x0"] for s in bo_cuc["shapes"]] == [50.0]
    assert bo_cuc["annotations"][0]["text"] == "Tiến độ kỳ vọng 50 %"
    assert hinh["config"]["displayModeBar"] is False
    # The table beside the chart holds the same numbers.
    assert _bang_bieu_do(html)["CT01"] == ["53,04 %", "52,69 %"]
    assert _bang_bieu_do(html)["CT03.1"] == ["125,00 %", "19,23 %"]


def test_a_missing_figure_has_no_bar_and_reads_chua_co_so_lieu(client, danh_muc, lanh_dao):
    dat_ke_hoach(danh_muc.an_lao, danh_muc.ct03, 2023, tinh="40", huyen="0")
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct03, danh_muc.ky_2023_6t, "10")
    client.force_login(lanh_dao)
    html = client.get(URL_AN_LAO).content.decode()
    du_lieu = _bieu_do(html)["data_layout"]["data"]
    i = [y.split(" ")[0] for y in du_lieu[0]["y"]].index("CT03")
    assert du_lieu[0]["x"][i] == 25.0 and du_lieu[1]["x"][i] is None  # KH huyện = 0: no %, never 0 %
    assert du_lieu[0]["x"][0] is None  # CT01 has no figure
    assert _bang_bieu_do(html)["CT03"] == ["25,00 %", "chưa có số liệu"]
    assert _bang_bieu_do(html)["CT01"] == ["chưa có số liệu", "chưa có số liệu"]


def test_the_headline_counts_the_indicators_on_track(client, danh_muc, lanh_dao):
    from tests.html import chu

    factories.so_lieu_an_lao_2023(danh_muc)
    client.force_login(lanh_dao)
    assert "2/6 chỉ tiêu đạt tiến độ · 4 chưa có số liệu" in chu(client.get(URL_AN_LAO).content.decode())


def test_the_page_links_to_entry_when_permitted_and_always_to_the_report_and_history(
        client, danh_muc, lanh_dao, nhap_lieu_an_lao):
    client.force_login(lanh_dao)
    html = client.get(URL_AN_LAO).content.decode()
    assert 'href="/bao-cao/an-lao/2023-6t/"' in html and 'href="/lich-su/an-lao/2023-6t/"' in html
    assert 'href="/nhap-lieu/an-lao/2023-6t/"' not in html
    assert 'href="?dang=xlsx"' in html
    client.force_login(nhap_lieu_an_lao)
    assert 'href="/nhap-lieu/an-lao/2023-6t/"' in client.get(URL_AN_LAO).content.decode()


def test_charts_are_drawn_by_a_static_script_never_an_inline_one(client, danh_muc, lanh_dao):
    client.force_login(lanh_dao)
    tra_loi = client.get(URL_AN_LAO)
    html = tra_loi.content.decode()
    assert re.findall(r"<script[^>]*>", html) == [
        '<script id="bieu-do-don-vi-du-lieu" type="application/json">',
        '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js">',
        '<script src="/static/js/chon_ky.js">',
        # plotly is not in the page: the deferred chart script adds it once the page is parsed.
        '<script src="/static/js/bieu_do.js" defer data-plotly="/static/vendor/plotly/plotly-basic.min.js">',
    ]
    csp = tra_loi["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "unsafe-eval" not in csp
