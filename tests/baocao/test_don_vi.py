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
    # session, user, unit, roles, assignments, period, 4 for the table, the period list
    with django_assert_num_queries(11):
        assert client.get(URL_AN_LAO).status_code == 200
    for i in range(41):
        ct = factories.tao_chi_tieu(f"Z{i:02d}")
        dat_thuc_hien(danh_muc.an_lao, ct, danh_muc.ky_2023_6t, i)
    with django_assert_num_queries(11):
        assert client.get(URL_AN_LAO).status_code == 200
