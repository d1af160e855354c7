"""The top of the overview (issue 16): the indicators' short names over the heatmap's
columns, and "Đang chậm" — each unit with indicators behind plan, those indicators with
their % of plan (or gap), worst first, each a link to the unit's page — made from the
same cells as the heatmap, so the two never disagree."""

import re

import pytest

from tests import factories
from tests.baocao.test_nhom_xa import _tinh_moi
from tests.chitieu.test_ke_thua import cai_cach, noi  # noqa: F401 (fixtures)
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu


def _dang_cham(html: str) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """The list as read: [(unit code, [(indicator code, short name, figure, status), …]), …]."""
    khoi = re.search(r'<section class="mb-3 dang-cham".*?</section>', html, re.S)
    assert khoi, "không thấy khối Đang chậm"
    ket_qua = []
    for dv in re.finditer(r'<li class="don-vi-cham" data-ma="([\w-]+)">(.*?)\n    </li>', khoi.group(0), re.S):
        cac_o = [(m.group("ma"), chu(m.group("ten")), chu(m.group("so")), m.group("tt")) for m in re.finditer(
            r'data-ma="(?P<ma>[\w.]+)".*?tt-(?P<tt>\w+)".*?<span class="ten-ct-cham">(?P<ten>.*?)</span>'
            r'\s*<strong class="pt-cham">(?P<so>.*?)</strong>', dv.group(2), re.S)]
        ket_qua.append((dv.group(1), cac_o))
    return ket_qua


def _o_nhiet(html: str, ma_don_vi: str) -> dict[str, str]:
    dong = re.search(rf'<tr id="dv-{ma_don_vi}">.*?</tr>', html, re.S).group(0)
    return dict((m.group(2), m.group(1)) for m in re.finditer(
        r'<a class="o-nhiet tt-(\w+)" href="[^"]+"\s+title="([\w.]+) ', dong))


@pytest.fixture
def cham(danh_muc):
    """An Lão's report figures (on track on CT01 and CT03) and a little behind on forest
    cover; Tuy Phước far behind on CT03, behind on CT01, and above its poverty plan."""
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)
    dm.ct16.ten_ngan = "Che phủ rừng"
    dm.ct16.save()
    dm.ct08.ten_ngan = "Tỷ lệ hộ nghèo"
    dm.ct08.save()
    dat_ke_hoach(dm.an_lao, dm.ct16, 2023, tinh="50")
    dat_thuc_hien(dm.an_lao, dm.ct16, dm.ky_2023_6t, "49")  # one point short of a rate: chậm
    dat_ke_hoach(dm.tuy_phuoc, dm.ct03, 2023, tinh="100")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct03, dm.ky_2023_6t, "10")  # 10 % against 50 % expected: chậm nhiều
    dat_ke_hoach(dm.tuy_phuoc, dm.ct01, 2023, tinh="100")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, dm.ky_2023_6t, "45")  # 45 % against 50 %: chậm
    dat_ke_hoach(dm.tuy_phuoc, dm.ct08, 2023, tinh="5")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct08, dm.ky_2023_6t, "6")  # one point above a "lower is better" plan
    return dm


def test_the_list_names_each_behind_unit_and_its_indicators_worst_first(client, cham, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    assert _dang_cham(html) == [
        ("tuy-phuoc", [("CT03", "CT03", "10,00 %", "cham_nhieu"),
                       ("CT08", "Tỷ lệ hộ nghèo", "+1,00 điểm %", "cham_nhieu"),
                       ("CT01", "CT01", "45,00 %", "cham")]),
        # The province's total of CT03 (its units' figures over their plans) is behind too.
        ("binh-dinh", [("CT03", "CT03", "29,93 %", "cham_nhieu")]),
        # A rate is compared by its gap, in points.
        ("an-lao", [("CT16", "Che phủ rừng", "-1,0 điểm %", "cham")]),
    ]
    van_ban = chu(html)
    assert "Đang chậm tiến độ · 6 tháng đầu năm 2023 · 3 đơn vị" in van_ban
    assert "Huyện Tuy Phước · 3 chỉ tiêu chậm, 2 chậm nhiều" in van_ban
    # Each unit and each indicator links to the unit's page (the indicator to its row).
    khoi = re.search(r'<section class="mb-3 dang-cham".*?</section>', html, re.S).group(0)
    assert '<a class="ten-don-vi-cham" href="/don-vi/tuy-phuoc/2023-6t/">Huyện Tuy Phước</a>' in khoi
    assert 'href="/don-vi/an-lao/2023-6t/#ct-CT16"' in khoi
    # Said in words for a screen reader, the full name on hover.
    assert "so với KH tỉnh giao, chậm nhiều" in khoi and 'title="CT16 · Tỷ lệ che phủ rừng' in khoi


def test_the_list_says_what_the_heatmap_says(client, cham, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    trong_danh_sach = {(dv, ma, tt) for dv, cac_o in _dang_cham(html) for ma, _, _, tt in cac_o}
    tren_bang = {(dv, ma, tt) for dv in ("binh-dinh", "an-lao", "tuy-phuoc")
                 for ma, tt in _o_nhiet(html, dv).items() if tt in ("cham", "cham_nhieu")}
    assert trong_danh_sach == tren_bang and len(tren_bang) == 5


def test_the_list_follows_the_linh_vuc_filter_and_the_approved_only_switch(client, cham, lanh_dao):
    client.force_login(lanh_dao)
    assert _dang_cham(client.get("/?linh_vuc=moi_truong").content.decode()) == [
        ("an-lao", [("CT16", "Che phủ rừng", "-1,0 điểm %", "cham")])]
    # Nothing approved yet: with only approved figures nobody is behind, and the list says so.
    html = client.get("/?duyet=1").content.decode()
    assert _dang_cham(html) == []
    assert "Không có đơn vị nào chậm tiến độ ở các chỉ tiêu đang xem." in chu(html)


def test_units_beyond_the_first_five_are_one_tap_away(client, cham, lanh_dao):
    for i in range(5):
        xa = factories.tao_don_vi(f"xa-{i}", f"Xã {i}", cha=cham.tinh, thu_tu=10 + i)
        dat_ke_hoach(xa, cham.ct03, 2023, tinh="100")
        dat_thuc_hien(xa, cham.ct03, cham.ky_2023_6t, str(20 + i))
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    # One unit far behind on one indicator each: the smallest share of the expected progress
    # first (the province's total, 152,454 of 641,83, is 23,75 % against 50 %).
    assert [dv for dv, _ in _dang_cham(html)] == ["tuy-phuoc", "xa-0", "xa-1", "xa-2", "xa-3", "binh-dinh", "xa-4",
                                                  "an-lao"]
    an = html[html.index('<details class="xem-them-cham">\n    <summary>Xem thêm'):]
    assert "Xem thêm 3 đơn vị đang chậm" in chu(an) and 'data-ma="xa-4"' in an and 'data-ma="xa-3"' not in an


def test_the_list_keeps_to_the_chosen_group_of_communes(client, cai_cach):  # noqa: F811
    _tinh_moi(cai_cach)
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    assert [(dv, [(ma, tt) for ma, _, _, tt in o]) for dv, o in
            _dang_cham(client.get("/?ky=2026-6t").content.decode())] == [
        ("tuy-phuoc-tay", [("CT01", "cham_nhieu"), ("CT03", "cham_nhieu")]),
        ("tuy-phuoc-dong", [("CT03", "cham")]),
    ]
    assert _dang_cham(client.get("/?ky=2026-6t&nhom=an-lao").content.decode()) == []


def test_heatmap_columns_show_the_short_name_with_the_full_name_for_hover_and_screen_readers(client, cham,
                                                                                             lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    dau = re.search(r"<thead.*?</thead>", html[html.index('id="bang-nhiet"'):], re.S).group(0)
    assert ('title="CT16 · Tỷ lệ che phủ rừng" aria-label="CT16 Tỷ lệ che phủ rừng"><span class="ma-cot">CT16</span>'
            '<span class="ten-cot">Che phủ rừng</span></a>') in dau
    # No short name: the code alone.
    assert '<span class="ma-cot">CT05</span></a>' in dau


def test_names_in_the_heatmap_and_the_list_are_escaped(client, cham, lanh_dao):
    """The heatmap's rows and the "Đang chậm" list are written in Python
    (`baocao/templatetags/bang_dieu_khien.py`): a unit's or an indicator's name is text,
    never markup, there as in a template."""
    cham.tuy_phuoc.ten = 'Huyện <b>Tuy</b> "Phước" & Co'
    cham.tuy_phuoc.save()
    cham.ct03.ten, cham.ct03.ten_ngan = "<i>Tỷ lệ</i>", "<script>x</script>"
    cham.ct03.save()
    client.force_login(lanh_dao)
    html = client.get("/").content.decode()
    assert "<b>Tuy</b>" not in html and "<i>Tỷ lệ</i>" not in html and "<script>x</script>" not in html
    bang = re.search(r'<tr id="dv-tuy-phuoc">.*?</tr>', html, re.S).group(0)
    assert ">Huyện &lt;b&gt;Tuy&lt;/b&gt; &quot;Phước&quot; &amp; Co</a>" in bang
    khoi = re.search(r'<section class="mb-3 dang-cham".*?</section>', html, re.S).group(0)
    assert '<a class="ten-don-vi-cham" href="/don-vi/tuy-phuoc/2023-6t/">Huyện &lt;b&gt;Tuy&lt;/b&gt; ' in khoi
    assert 'title="CT03 · &lt;i&gt;Tỷ lệ&lt;/i&gt; · ' in khoi
    assert '<span class="ten-ct-cham">&lt;script&gt;x&lt;/script&gt;</span>' in khoi
