"""A province of many communes stays readable (issue 13): the overview and the ranking
group the communes by their former district (from the succession rows), count each
status per group, show one group (`?nhom=`) and sort (`?sap_xep=`)."""

import re

from baocao.selectors import don_vi_cu_cua
from chitieu.models import DonVi
from tests import factories
from tests.chitieu.test_ke_thua import CAI_CACH, cai_cach, noi  # noqa: F401 (a fixture)
from tests.factories import dat_ke_hoach, dat_thuc_hien, ky, tao_don_vi
from tests.html import chu


def _hang(html: str) -> list[str]:
    """Group headers ("nhom-…") and unit rows ("…") in the order of the page."""
    return [("nhom-" if m.group(1) == "nhom" else "") + m.group(2)
            for m in re.finditer(r'<tr (?:class="dong-nhom" )?id="(dv|nhom)-([a-z0-9-]+)"', html)]


def _tinh_moi(cai_cach):
    """The reform of `cai_cach` plus two more communes of Tuy Phước — Tây (half of it) and
    Bắc (a quarter, no figures yet) — and 6 tháng 2026 figures: Tuy Phước Đông on track on
    CT01 and a little behind on CT03, Tuy Phước Tây far behind on both, An Lão without
    figures. In the tree's order: Đông, Tây, Bắc."""
    dm, gia_lai, _, tpd, xa_an_lao = cai_cach
    tpt = tao_don_vi("tuy-phuoc-tay", "Tuy Phước Tây", cap=DonVi.Cap.XA, cha=gia_lai, ngay_thanh_lap=CAI_CACH,
                     thu_tu=1)
    tpb = tao_don_vi("tuy-phuoc-bac", "Tuy Phước Bắc", cap=DonVi.Cap.XA, cha=gia_lai, ngay_thanh_lap=CAI_CACH,
                     thu_tu=3)
    noi(tpt, dm.tuy_phuoc, "0.5")
    noi(tpb, dm.tuy_phuoc, "0.25")
    for xa in (tpd, tpt, xa_an_lao):
        dat_ke_hoach(xa, dm.ct01, 2026, tinh="1000")
        dat_ke_hoach(xa, dm.ct03, 2026, tinh="10")
    dat_thuc_hien(tpd, dm.ct01, ky(2026, 6), "600")  # 60 %: ahead of 50 %
    dat_thuc_hien(tpd, dm.ct03, ky(2026, 6), "4.6")  # 46 %: chậm
    dat_thuc_hien(tpt, dm.ct01, ky(2026, 6), "100")  # 10 %: chậm nhiều
    dat_thuc_hien(tpt, dm.ct03, ky(2026, 6), "1")  # 10 %: chậm nhiều
    return dm, gia_lai, tpd, tpt, tpb, xa_an_lao


def test_a_commune_is_grouped_under_the_old_unit_whose_largest_share_went_into_it(cai_cach):
    dm, gia_lai, _, tpd, xa_an_lao = cai_cach
    # Tuy Phước Đông took 25 % of Tuy Phước and 10 % of An Lão: it stands under Tuy Phước.
    assert don_vi_cu_cua([tpd, xa_an_lao, gia_lai]) == {tpd.id: dm.tuy_phuoc, xa_an_lao.id: dm.an_lao,
                                                       gia_lai.id: dm.tinh}
    # A commune made of old communes stands under their district.
    xa_cu = tao_don_vi("phuoc-son", "Phước Sơn", cap=DonVi.Cap.XA, cha=dm.tuy_phuoc,
                       ngay_ngung_hoat_dong=CAI_CACH)
    xa_moi = tao_don_vi("xa-moi", "Mới", cap=DonVi.Cap.XA, cha=gia_lai, ngay_thanh_lap=CAI_CACH)
    noi(xa_moi, xa_cu)
    assert don_vi_cu_cua([xa_moi]) == {xa_moi.id: dm.tuy_phuoc}


def test_the_2026_overview_groups_communes_by_former_district_with_counts_per_status(client, cai_cach):
    _tinh_moi(cai_cach)
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    html = client.get("/?ky=2026-6t").content.decode()
    # An Lão (thu_tu 1) before Tuy Phước (2); each group's communes in the tree's order.
    assert _hang(html) == ["gia-lai", "nhom-an-lao", "xa-an-lao", "nhom-tuy-phuoc", "tuy-phuoc-dong", "tuy-phuoc-tay",
                           "tuy-phuoc-bac"]
    nhom = chu(re.search(r'<tr class="dong-nhom" id="nhom-tuy-phuoc">.*?</tr>', html, re.S).group(0))
    # Cells of CT01, CT03 and CT08 of the three communes: Đ 1 (CT01 of Đông), C 1 (CT03 of Đông),
    # CN 2 (Tây), – 5 (CT08 of Đông and Tây, all three of Bắc: no figure).
    assert nhom == "Huyện Tuy Phước (cũ) · 3 đơn vị CN 2 C 1 Đ 1 – 5"
    assert "Huyện An Lão (cũ) · 1 đơn vị – 3" in chu(html)
    # 2023 is not grouped: districts have no predecessors.
    assert "dong-nhom" not in client.get("/?ky=2023-6t").content.decode()


def test_the_overview_shows_one_group_and_sorts_within_groups(client, cai_cach):
    _tinh_moi(cai_cach)
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    html = client.get("/?ky=2026-6t&nhom=tuy-phuoc").content.decode()
    assert _hang(html) == ["gia-lai", "nhom-tuy-phuoc", "tuy-phuoc-dong", "tuy-phuoc-tay", "tuy-phuoc-bac"]
    assert '<option value="tuy-phuoc" selected>Huyện Tuy Phước (cũ) (3)</option>' in html
    # By name (Bắc, Đông, Tây: Vietnamese order, Đ after D), by status (fewest on track first),
    # by the gap to the expected progress (furthest behind first); units without figures last.
    assert _hang(client.get("/?ky=2026-6t&sap_xep=ten").content.decode())[-3:] == [
        "tuy-phuoc-bac", "tuy-phuoc-dong", "tuy-phuoc-tay"]
    assert _hang(client.get("/?ky=2026-6t&sap_xep=trang_thai").content.decode())[-3:] == [
        "tuy-phuoc-tay", "tuy-phuoc-dong", "tuy-phuoc-bac"]
    assert _hang(client.get("/?ky=2026-6t&sap_xep=chenh_lech&nhom=tuy-phuoc").content.decode()) == [
        "gia-lai", "nhom-tuy-phuoc", "tuy-phuoc-tay", "tuy-phuoc-dong", "tuy-phuoc-bac"]
    # A group or a sort that does not exist is not found (its reason is the 404's message).
    assert client.get("/?ky=2026-6t&nhom=khong-co").status_code == 404
    assert client.get("/?ky=2026-6t&sap_xep=lung_tung").status_code == 404


def test_the_ranking_groups_filters_and_sorts_communes_and_keeps_their_overall_place(client, cai_cach):
    _tinh_moi(cai_cach)
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    html = client.get("/chi-tieu/CT01/2026-6t/").content.decode()
    assert _hang(html) == ["gia-lai", "nhom-an-lao", "xa-an-lao", "nhom-tuy-phuoc", "tuy-phuoc-dong", "tuy-phuoc-tay",
                           "tuy-phuoc-bac"]
    assert "Huyện Tuy Phước (cũ) · 3 đơn vị 1 chậm nhiều 1 đạt tiến độ 1 chưa có số liệu" in chu(html)
    html = client.get("/chi-tieu/CT01/2026-6t/?nhom=tuy-phuoc&sap_xep=chenh_lech").content.decode()
    assert _hang(html) == ["gia-lai", "nhom-tuy-phuoc", "tuy-phuoc-tay", "tuy-phuoc-dong", "tuy-phuoc-bac"]
    xep = dict(re.findall(r'<tr id="dv-([a-z-]+)" data-ma="[^"]+">\s*<td class="so xep-thu"[^>]*>(\d+)</td>', html))
    assert xep == {"tuy-phuoc-tay": "2", "tuy-phuoc-dong": "1"}  # the place in the whole province
    html = client.get("/chi-tieu/CT01/2026-6t/?sap_xep=trang_thai").content.decode()
    assert _hang(html)[-3:] == ["tuy-phuoc-tay", "tuy-phuoc-dong", "tuy-phuoc-bac"]
    assert client.get("/chi-tieu/CT01/2026-6t/?nhom=khong-co").status_code == 404
    # The download keeps every unit, ungrouped.
    assert client.get("/chi-tieu/CT01/2026-6t/?nhom=khong-co&dang=xlsx").status_code == 200
