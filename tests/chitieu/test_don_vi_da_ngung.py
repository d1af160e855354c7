"""A unit merged or dissolved before a period's last day does not report that period:
its successors do (DESIGN §7). Huyện An Lão, ended 1/7/2025, still enters 6 tháng 2025
and nothing later — on the page, in the list of where to enter, and through the Excel
import's service — so no figure is typed where no page of the period would show it."""

from datetime import date
from decimal import Decimal as D

import pytest

from chitieu import services
from chitieu.models import KeHoach, NguonKeHoach, ThucHien
from tests.chitieu import excel
from tests.chitieu.test_ke_thua import cai_cach  # noqa: F401  (fixture)
from tests.factories import ky
from tests.html import chu, du_lieu_form


def _so_dong():
    return ThucHien.objects.count(), ThucHien.history.count()


def test_the_entry_page_of_a_period_after_the_end_points_to_the_successors(client, cai_cach, nhap_lieu_an_lao):
    dm, *_ = cai_cach
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.get("/nhap-lieu/an-lao/2026-6t/")
    html = tra_loi.content.decode()
    assert tra_loi.status_code == 200
    assert "đã ngừng hoạt động từ <strong>01/07/2025</strong>" in html
    assert 'name="th-' not in html  # no grid to type into
    # Its successors, with their shares, each a link to its own entry page of the period.
    assert 'href="/nhap-lieu/xa-an-lao/2026-6t/"' in html
    assert "/nhap-lieu/tuy-phuoc-dong/2026-6t/" in html and "nhận 10 %" in html and "nhận 90 %" in html
    # …and the last period the district reports itself.
    assert 'href="/nhap-lieu/an-lao/2025-6t/"' in html


def test_a_form_sent_for_a_period_after_the_end_saves_nothing(client, cai_cach, nhap_lieu_an_lao):
    dm, *_ = cai_cach
    client.force_login(nhap_lieu_an_lao)
    du_lieu = du_lieu_form(client.get("/nhap-lieu/an-lao/2025-6t/").content.decode())
    truoc = _so_dong()
    tra_loi = client.post("/nhap-lieu/an-lao/2026-6t/", du_lieu | {"th-CT01": "1000"})
    assert tra_loi.status_code == 409
    assert "Chưa lưu." in tra_loi.content.decode() and "Không số nào được lưu." in tra_loi.content.decode()
    assert _so_dong() == truoc


def test_the_last_period_before_the_end_is_still_entered(client, cai_cach, nhap_lieu_an_lao):
    dm, *_ = cai_cach
    client.force_login(nhap_lieu_an_lao)
    du_lieu = du_lieu_form(client.get("/nhap-lieu/an-lao/2025-6t/").content.decode())
    tra_loi = client.post("/nhap-lieu/an-lao/2025-6t/", du_lieu | {"th-CT01": "1.000"}, follow=True)
    assert "Đã lưu 1 thay đổi." in tra_loi.content.decode()
    assert ThucHien.objects.get(don_vi=dm.an_lao, ky=ky(2025, 6), chi_tieu=dm.ct01).gia_tri == D("1000")


def test_the_services_refuse_a_period_after_the_end(cai_cach, nhap_lieu_an_lao):
    dm, *_ = cai_cach
    truoc = _so_dong()
    with pytest.raises(services.KhongCoQuyen, match="đã ngừng hoạt động từ 01/07/2025"):
        services.thuc_hien_luu(don_vi=dm.an_lao, ky=ky(2026, 6), gia_tri={dm.ct01: services.ONhap(D("5"))},
                               nguoi=nhap_lieu_an_lao, ly_do="thử")
    # The Excel import's path: all or nothing, the valid period of the same file included.
    with pytest.raises(services.KhongCoQuyen, match="không báo cáo 6 tháng đầu năm 2026"):
        services.luu_hang_loat(thuc_hien={(dm.an_lao, ky(2025, 6)): {dm.ct01: services.ONhap(D("5"))},
                                          (dm.an_lao, ky(2026, 6)): {dm.ct01: services.ONhap(D("6"))}},
                               ke_hoach={}, nguoi=nhap_lieu_an_lao, ly_do="thử")
    assert _so_dong() == truoc


def test_where_to_enter_marks_the_periods_after_the_end(client, cai_cach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    nam_2026 = client.get("/nhap-lieu/?nam=2026").content.decode()
    assert "/nhap-lieu/an-lao/2026-6t/" not in nam_2026 and "Đã ngừng" in nam_2026
    nam_2025 = client.get("/nhap-lieu/?nam=2025").content.decode()
    assert "/nhap-lieu/an-lao/2025-6t/" in nam_2025


# -- plans: a unit that did not exist in a year has none of it ---------------------------------


def _so_ke_hoach():
    return KeHoach.objects.count(), KeHoach.history.count()


def test_the_plans_page_of_a_year_after_the_end_points_to_the_successors(client, cai_cach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    for url in ("/ke-hoach/an-lao/2026/", "/ke-hoach/an-lao/2026/CT01/kh-tinh/"):
        tra_loi = client.get(url)
        html = tra_loi.content.decode()
        assert tra_loi.status_code == 200, url
        assert "Huyện An Lão không có kế hoạch năm 2026" in html
        assert "đã ngừng hoạt động từ 01/07/2025 nên không có kế hoạch năm 2026" in html
        assert "Không kế hoạch nào được lưu." not in html  # nothing was sent
        assert 'name="kh-' not in html and 'name="gia_tri"' not in html  # nothing to type into
        # The successors' plans of the year, with their shares, and the district's last year.
        assert 'href="/ke-hoach/xa-an-lao/2026/"' in html and 'href="/ke-hoach/tuy-phuoc-dong/2026/"' in html
        assert "nhận 10 %" in html and "nhận 90 %" in html
        assert 'href="/ke-hoach/an-lao/2025/"' in html and "Kế hoạch năm cuối cùng" in html


def test_plans_sent_for_a_year_after_the_end_save_nothing(client, cai_cach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    du_lieu = du_lieu_form(client.get("/ke-hoach/an-lao/2025/").content.decode())
    assert "kh-kh-tinh__CT01" in du_lieu
    truoc = _so_ke_hoach()
    for url, gui in (("/ke-hoach/an-lao/2026/", du_lieu | {"kh-kh-tinh__CT01": "900.000"}),
                     ("/ke-hoach/an-lao/2026/CT01/kh-tinh/", {"hieu_luc_tu": "2026-07-01", "gia_tri": "900.000"})):
        tra_loi = client.post(url, gui)
        assert tra_loi.status_code == 409, url
        assert "Chưa lưu." in tra_loi.content.decode() and "Không kế hoạch nào được lưu." in tra_loi.content.decode()
    assert _so_ke_hoach() == truoc
    # The district's last year is planned as before.
    assert client.post("/ke-hoach/an-lao/2025/", du_lieu | {"kh-kh-tinh__CT01": "900.000"}).status_code == 302
    assert KeHoach.objects.get(don_vi__ma="an-lao", nam=2025, chi_tieu__ma="CT01", nguon__ma="kh-tinh").gia_tri == D(
        "900000")


def test_the_services_refuse_plans_of_a_year_the_unit_did_not_exist_in(cai_cach, quan_tri):
    dm, _, _, tpd, _ = cai_cach
    kh_tinh = dm.ct01, NguonKeHoach.objects.get(ma="kh-tinh"), date(2026, 1, 1)
    truoc = _so_ke_hoach()
    with pytest.raises(services.KhongCoQuyen, match="đã ngừng hoạt động từ 01/07/2025 nên không có kế hoạch năm 2026"):
        services.ke_hoach_luu(don_vi=dm.an_lao, nam=2026, gia_tri={kh_tinh: services.OKeHoach(D("5"))},
                              nguoi=quan_tri, ly_do="thử")
    # A commune founded on 1/7/2025 has plans of 2025 on, none of 2024.
    kh_2024 = (dm.ct01, kh_tinh[1], date(2024, 1, 1))
    with pytest.raises(services.KhongCoQuyen, match="thành lập từ 01/07/2025 nên không có kế hoạch năm 2024"):
        services.ke_hoach_luu(don_vi=tpd, nam=2024, gia_tri={kh_2024: services.OKeHoach(D("5"))},
                              nguoi=quan_tri, ly_do="thử")
    # The Excel import's path: all or nothing, the valid year of the same file included.
    with pytest.raises(services.KhongCoQuyen, match="không có kế hoạch năm 2026"):
        services.luu_hang_loat(thuc_hien={}, ke_hoach={
            (dm.an_lao, 2025): {(dm.ct01, kh_tinh[1], date(2025, 1, 1)): services.OKeHoach(D("5"))},
            (dm.an_lao, 2026): {kh_tinh: services.OKeHoach(D("6"))}}, nguoi=quan_tri, ly_do="thử")
    assert _so_ke_hoach() == truoc
    kh_2025 = (dm.ct01, kh_tinh[1], date(2025, 1, 1))
    services.ke_hoach_luu(don_vi=tpd, nam=2025, gia_tri={kh_2025: services.OKeHoach(D("5"))}, nguoi=quan_tri,
                          ly_do="thử")
    assert KeHoach.objects.get(don_vi=tpd, nam=2025).gia_tri == D("5")


def test_where_to_enter_has_no_plans_link_for_a_year_after_the_end(client, cai_cach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    nam_2026 = client.get("/nhap-lieu/?nam=2026").content.decode()
    assert "/ke-hoach/an-lao/2026/" not in nam_2026 and "không hoạt động trong năm 2026" in nam_2026
    assert "/ke-hoach/an-lao/2025/" in client.get("/nhap-lieu/?nam=2025").content.decode()


def test_an_excel_file_with_a_plan_of_a_year_after_the_end_is_refused_where_it_is(client, cai_cach, quan_tri):
    tep = excel.dai(["nam", "ma_don_vi", "ma_chi_tieu", "nguon", "gia_tri", "can_cu"],
                    [2025, "an-lao", "CT01", "kh-tinh", 900000, "QĐ 2025"],
                    [2026, "an-lao", "CT01", "kh-tinh", 950000, "QĐ 2026"], ten="kh")
    client.force_login(quan_tri)
    truoc = excel.anh_csdl()
    html = excel.tai_len(client, tep, "ke-hoach.xlsx").content.decode()
    assert excel.url_xac_nhan(html) is None  # nothing to confirm: the file is refused whole
    loi = chu(html)
    assert "dòng 3" in loi and "đã ngừng hoạt động từ 01/07/2025 nên không có kế hoạch năm 2026" in loi
    assert excel.anh_csdl() == truoc
