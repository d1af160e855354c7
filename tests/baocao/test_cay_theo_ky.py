"""The tree of a period (issue 13, DESIGN §7): the overview and the ranking of a period
list the units that existed in it — 2023 Bình Định and its districts, 2026 the new Gia
Lai and its communes — and offer only the provinces of that period."""

from baocao.selectors import goc_va_pham_vi
from chitieu.models import DonVi
from tests import factories
from tests.chitieu.test_ke_thua import cai_cach  # noqa: F401 (a fixture)
from tests.factories import dat_ke_hoach, dat_thuc_hien, ky
from tests.html import chu


def _ma(cac_don_vi) -> list[str]:
    return [dv.ma for dv in cac_don_vi]


def test_the_tree_of_a_period_has_only_the_units_that_existed_in_it(cai_cach):
    dm, gia_lai, gia_lai_cu, tpd, xa_an_lao = cai_cach
    cac_don_vi = list(DonVi.objects.order_by("thu_tu", "ten_ngan"))
    goc, chon, cay = goc_va_pham_vi(cac_don_vi, "", ky(2023, 6))
    assert _ma(goc) == ["binh-dinh", "gia-lai-cu"] and chon == dm.tinh
    assert set(_ma(cay)) == {"binh-dinh", "an-lao", "tuy-phuoc"}
    goc, chon, cay = goc_va_pham_vi(cac_don_vi, "", ky(2026, 6))
    assert _ma(goc) == ["gia-lai"] and chon == gia_lai
    assert set(_ma(cay)) == {"gia-lai", "tuy-phuoc-dong", "xa-an-lao"}
    # 6 tháng 2025 ends the day before the reform; 9 tháng 2025 spans it and has both trees.
    assert _ma(goc_va_pham_vi(cac_don_vi, "", ky(2025, 6))[0]) == ["binh-dinh", "gia-lai-cu"]
    assert set(_ma(goc_va_pham_vi(cac_don_vi, "", ky(2025, 9))[0])) == {"binh-dinh", "gia-lai-cu", "gia-lai"}
    # Without a period, the first province that still exists opens.
    assert goc_va_pham_vi(cac_don_vi)[1] == gia_lai


def test_the_2023_overview_lists_binh_dinh_and_its_districts_and_offers_the_provinces_of_2023(client, cai_cach):
    dm, *_ = cai_cach
    factories.so_lieu_an_lao_2023(dm)
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    html = client.get("/?ky=2023-6t").content.decode()
    assert 'id="dv-binh-dinh"' in html and 'id="dv-an-lao"' in html and 'id="dv-tuy-phuoc"' in html
    assert 'id="dv-gia-lai"' not in html and 'id="dv-tuy-phuoc-dong"' not in html
    assert '<option value="binh-dinh" selected>' in html and '<option value="gia-lai-cu">' in html
    assert '<option value="gia-lai"' not in html


def test_the_2026_overview_lists_the_new_province_and_its_communes_only(client, cai_cach):
    dm, gia_lai, _, tpd, xa_an_lao = cai_cach
    dat_thuc_hien(tpd, dm.ct01, ky(2026, 6), "300")
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    for url in ("/?ky=2026-6t", "/"):  # the home page opens on the province that exists today
        html = client.get(url).content.decode()
        assert "Tổng quan · 6 tháng đầu năm 2026" in chu(html), url
        assert 'id="dv-gia-lai"' in html and 'id="dv-tuy-phuoc-dong"' in html and 'id="dv-xa-an-lao"' in html
        assert 'id="dv-binh-dinh"' not in html and 'id="dv-tuy-phuoc"' not in html
        assert 'id="chon-tinh"' not in html  # one province in 2026


def test_a_link_to_a_province_that_ended_opens_the_one_that_succeeded_it_and_says_so(client, cai_cach):
    dm, gia_lai, *_ = cai_cach
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    for url in ("/?ky=2026-6t&tinh=binh-dinh", "/chi-tieu/CT01/2026-6t/?tinh=binh-dinh"):
        tra_loi = client.get(url)
        assert tra_loi.status_code == 200, url
        html = tra_loi.content.decode()
        assert ("Tỉnh Bình Định không còn trong kỳ 6 tháng đầu năm 2026 (ngừng hoạt động từ ngày 01/07/2025): "
                "đang xem Tỉnh Gia Lai.") in chu(html), url
        assert 'id="dv-tuy-phuoc-dong"' in html and 'id="dv-an-lao"' not in html, url
    html = client.get("/chi-tieu/CT01/2023-6t/?tinh=gia-lai").content.decode()
    assert "Tỉnh Gia Lai chưa được thành lập trong kỳ 6 tháng đầu năm 2023 (thành lập ngày 01/07/2025)" in chu(html)
    assert client.get("/?ky=2026-6t&tinh=khong-co").status_code == 404


def test_a_leader_of_the_new_province_asking_for_2023_is_told_nothing_existed_then(client, cai_cach):
    _, gia_lai, *_ = cai_cach
    client.force_login(factories.tao_nguoi_dung("lanh_dao_gia_lai", factories.LANH_DAO, [gia_lai]))
    html = chu(client.get("/?ky=2023-6t").content.decode())
    assert "Trong kỳ 6 tháng đầu năm 2023 chưa có đơn vị nào thuộc phạm vi bạn được xem" in html
    assert "chưa được phân quyền" not in html


def test_the_2026_ranking_ranks_the_communes_and_totals_the_new_province(client, cai_cach):
    dm, gia_lai, _, tpd, xa_an_lao = cai_cach
    dat_ke_hoach(tpd, dm.ct01, 2026, tinh="1000")
    dat_ke_hoach(xa_an_lao, dm.ct01, 2026, tinh="1000")
    dat_thuc_hien(tpd, dm.ct01, ky(2026, 6), "600")
    dat_thuc_hien(xa_an_lao, dm.ct01, ky(2026, 6), "400")
    client.force_login(factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO))
    html = client.get("/chi-tieu/CT01/2026-6t/").content.decode()
    assert 'id="dv-tuy-phuoc-dong"' in html and 'id="dv-xa-an-lao"' in html
    assert 'id="dv-tuy-phuoc"' not in html and 'id="dv-an-lao"' not in html
    assert "Tỉnh Gia Lai</strong> (tổng các đơn vị)" in html and "1.000" in chu(html)
