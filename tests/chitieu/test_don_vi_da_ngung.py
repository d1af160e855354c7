"""A unit merged or dissolved before a period's last day does not report that period:
its successors do (DESIGN §7). Huyện An Lão, ended 1/7/2025, still enters 6 tháng 2025
and nothing later — on the page, in the list of where to enter, and through the Excel
import's service — so no figure is typed where no page of the period would show it."""

from decimal import Decimal as D

import pytest

from chitieu import services
from chitieu.models import ThucHien
from tests.chitieu.test_ke_thua import cai_cach  # noqa: F401  (fixture)
from tests.factories import ky
from tests.html import du_lieu_form


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
