"""One indicator across units: ranking ("xếp thứ"), sorted chart, province total."""

import json
import re
from html import unescape

import pytest

from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu


def _dong(html: str) -> list[list[str]]:
    """The rows of the ranking table as cell texts, totals first."""
    bang = re.search(r'<table[^>]*id="bang-xep-hang".*?</table>', html, re.S).group(0)
    return [[chu(o) for o in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", dong, re.S)]
            for dong in re.findall(r'<tr id="dv-[^"]+"[^>]*>.*?</tr>', bang, re.S)]


def _bieu_do(html: str) -> dict:
    return json.loads(re.search(r'<script id="bieu-do-xep-hang-du-lieu" type="application/json">(.*?)</script>',
                                html, re.S).group(1))["data_layout"]


@pytest.fixture
def ba_huyen(danh_muc):
    """An Lão (53,04 % of KH tỉnh), Tuy Phước (60 %) and Hoài Ân (no figure)."""
    factories.so_lieu_an_lao_2023(danh_muc)
    dat_ke_hoach(danh_muc.tuy_phuoc, danh_muc.ct01, 2023, tinh="1000", huyen="1100")
    dat_thuc_hien(danh_muc.tuy_phuoc, danh_muc.ct01, danh_muc.ky_2023_6t, "600")
    danh_muc.hoai_an = factories.tao_don_vi("hoai-an", "Hoài Ân", cha=danh_muc.tinh, thu_tu=3)
    dat_ke_hoach(danh_muc.hoai_an, danh_muc.ct01, 2023, tinh="500")
    return danh_muc


def test_units_are_ranked_best_first_and_missing_data_is_left_out(client, ba_huyen, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/chi-tieu/CT01/2023-6t/").content.decode()
    dong = _dong(html)
    assert [(d[0], d[1]) for d in dong[1:]] == [("1", "Huyện Tuy Phước"), ("2", "Huyện An Lão"), ("–", "Huyện Hoài Ân")]
    assert dong[1][5] == "60,00 %" and dong[2][5] == "53,04 %"
    assert dong[3][4] == "chưa có số liệu" and dong[3][5] == "—"
    # The chart holds the ranked units only, in the table's order, with the same values.
    ve = _bieu_do(html)
    assert ve["data"][0]["y"] == ["1. Tuy Phước", "2. An Lão"]
    assert ve["data"][0]["x"] == [60.0, 53.04]
    assert ve["layout"]["separators"] == ",."
    # The expected-progress line: 6/12 of the plan.
    assert [s["x0"] for s in ve["layout"]["shapes"]] == [50.0]


def test_the_province_total_is_the_sum_of_units_against_the_sum_of_plans_only_when_all_report(
        client, ba_huyen, lanh_dao):
    client.force_login(lanh_dao)
    tong = _dong(client.get("/chi-tieu/CT01/2023-6t/").content.decode())[0]
    assert tong[:2] == ["Tổng", "Tỉnh Bình Định"]
    assert tong[4] == "thiếu 1/3 đơn vị"  # Hoài Ân has not reported: no partial sum
    dat_thuc_hien(ba_huyen.hoai_an, ba_huyen.ct01, ba_huyen.ky_2023_6t, "300")
    html = client.get("/chi-tieu/CT01/2023-6t/").content.decode()
    tong = _dong(html)[0]
    # (447.142 + 600 + 300) / (843.000 + 1.000 + 500) = 53,05 %; An Lão estimated, so the sum is too (ư)
    assert (tong[2], tong[4], tong[5]) == ("844.500", "448.042 ư", "53,05 %")
    assert "Tỉnh Bình Định (tổng các đơn vị): 448.042 triệu đồng, đạt 53,05 % KH tỉnh giao" in chu(html)


def test_an_indicator_that_does_not_sum_has_no_total(client, ba_huyen, lanh_dao):
    dat_ke_hoach(ba_huyen.an_lao, ba_huyen.ct05, 2023, tinh="40")
    dat_thuc_hien(ba_huyen.an_lao, ba_huyen.ct05, ba_huyen.ky_2023_6t, "38")
    client.force_login(lanh_dao)
    html = client.get("/chi-tieu/CT05/2023-6t/").content.decode()
    assert [d[0] for d in _dong(html)] == ["1", "–", "–"]
    assert "tổng các đơn vị" not in html
    # A level is compared with the whole plan: the line is at 100 %.
    assert [s["x0"] for s in _bieu_do(html)["layout"]["shapes"]] == [100.0]


def test_a_decreasing_indicator_ranks_the_lowest_gap_first_and_ties_share_a_place(client, ba_huyen, lanh_dao):
    for dv, kh, th in ((ba_huyen.an_lao, "12", "11.5"), (ba_huyen.tuy_phuoc, "10", "10.2"),
                       (ba_huyen.hoai_an, "9", "9.2")):
        dat_ke_hoach(dv, ba_huyen.ct08, 2023, tinh=kh)
        dat_thuc_hien(dv, ba_huyen.ct08, ba_huyen.ky_2023_6t, th)
    client.force_login(lanh_dao)
    html = client.get("/chi-tieu/CT08/2023-6t/").content.decode()
    assert [(d[0], d[1], d[5]) for d in _dong(html)] == [
        ("1", "Huyện An Lão", "-0,50 điểm %"), ("2", "Huyện Hoài Ân", "+0,20 điểm %"),
        ("2", "Huyện Tuy Phước", "+0,20 điểm %")]
    ve = _bieu_do(html)
    assert ve["data"][1]["texttemplate"] == "%{customdata:+,.2f}" and "điểm %" in ve["data"][0]["hovertemplate"]
    assert [s["x0"] for s in ve["layout"]["shapes"]] == [0.0]


def test_a_leader_of_one_unit_sees_only_that_unit(client, ba_huyen, lanh_dao_an_lao):
    client.force_login(lanh_dao_an_lao)
    html = client.get("/chi-tieu/CT01/2023-6t/").content.decode()
    assert [d[1] for d in _dong(html)] == ["Huyện An Lão"]
    assert "Tuy Phước" not in html


@pytest.mark.parametrize("url", ["/chi-tieu/KHONG/2023-6t/", "/chi-tieu/CT01/2031-6t/", "/chi-tieu/CT01/sai/"])
def test_unknown_indicators_and_periods_are_not_found(client, ba_huyen, lanh_dao, url):
    client.force_login(lanh_dao)
    assert client.get(url).status_code == 404


def test_the_overview_links_each_indicator_to_its_ranking(client, ba_huyen, lanh_dao):
    client.force_login(lanh_dao)
    assert 'href="/chi-tieu/CT01.1/2023-6t/"' not in client.get("/").content.decode()  # top-level only
    assert 'href="/chi-tieu/CT01/2023-6t/"' in client.get("/").content.decode()
    assert client.get("/chi-tieu/CT01.1/2023-6t/").status_code == 200


def test_plan_source_colours_never_reuse_a_status_colour():
    from baocao.charts import MAU_NGUON, MAU_TRANG_THAI

    def rgb(mau):
        return tuple(int(mau[i:i + 2], 16) for i in (1, 3, 5))

    for nguon in MAU_NGUON:
        for trang_thai in MAU_TRANG_THAI.values():
            khoang_cach = sum((a - b) ** 2 for a, b in zip(rgb(nguon), rgb(trang_thai))) ** 0.5
            assert khoang_cach > 80, (nguon, trang_thai)


def test_names_in_the_ranking_are_escaped(client, ba_huyen, lanh_dao):
    """The ranking's rows are written in Python (`bang_dieu_khien.dong_xep_hang`): a unit's
    name is text, never markup, there as in a template."""
    ba_huyen.tuy_phuoc.ten = 'Huyện <b>Tuy</b> "Phước" & Co'
    ba_huyen.tuy_phuoc.save()
    client.force_login(lanh_dao)
    html = client.get("/chi-tieu/CT01/2023-6t/").content.decode()
    assert "<b>Tuy</b>" not in html
    dong = re.search(r'<tr id="dv-tuy-phuoc".*?</tr>', html, re.S).group(0)
    assert ('<a href="/don-vi/tuy-phuoc/2023-6t/#ct-CT01">'
            'Huyện &lt;b&gt;Tuy&lt;/b&gt; &quot;Phước&quot; &amp; Co</a>') in dong
    assert [unescape(chu(o)) for o in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", dong, re.S)][:2] == [
        "1", 'Huyện <b>Tuy</b> "Phước" & Co']
