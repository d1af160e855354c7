"""The optimistic check sees A → B → A: a cell someone else changed and changed back
after the page was opened is a conflict too, because the grid carries each cell's
version (its last history record), not only its value. Actuals and plans alike."""

import re
from datetime import date
from decimal import Decimal as D

import pytest

from chitieu import selectors, services
from chitieu.models import KeHoach, ThucHien
from tests.chitieu.test_nhap_lieu import URL, _form
from tests.factories import dat_ke_hoach, nguon
from tests.html import chu, du_lieu_form

URL_KH = "/ke-hoach/an-lao/2023/"


def _qua_lai(dm, nguoi, *gia_tri):
    for x in gia_tri:
        services.thuc_hien_luu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nguoi, ly_do="Nhập trên form",
                               gia_tri={dm.ct01_1: services.ONhap(None if x is None else D(x))})


def test_an_actual_changed_and_changed_back_since_the_page_was_opened_is_a_conflict(client, danh_muc,
                                                                                   nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    _qua_lai(dm, tong_hop, "100")
    client.force_login(nhap_lieu_an_lao)
    mo_trang = _form(client)
    _qua_lai(dm, tong_hop, "200", "100")  # A → B → A by the province office
    tra_loi = client.post(URL, mo_trang | {"th-CT01.1": "150"})
    html = tra_loi.content.decode()
    assert "vừa sửa ô này thành 100" in chu(html)
    assert re.search(r'name="th-CT01\.1" value="150"', html)  # the person's input is kept
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == 100
    client.post(URL, du_lieu_form(html))  # saving again overwrites, knowingly
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == 150


def test_a_cell_filled_and_cleared_again_since_the_page_was_opened_is_a_conflict(client, danh_muc,
                                                                                 nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    client.force_login(nhap_lieu_an_lao)
    mo_trang = _form(client)
    _qua_lai(dm, tong_hop, "200", None)  # empty → 200 → empty
    html = client.post(URL, mo_trang | {"th-CT01.1": "150"}).content.decode()
    assert "Người khác vừa xóa số liệu này" in chu(html)
    assert not ThucHien.objects.filter(chi_tieu=dm.ct01_1).exists()


def test_an_untouched_cell_changed_meanwhile_is_not_a_conflict_and_is_not_overwritten(client, danh_muc,
                                                                                       nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    client.force_login(nhap_lieu_an_lao)
    mo_trang = _form(client)
    _qua_lai(dm, tong_hop, "200", "300")
    tra_loi = client.post(URL, mo_trang | {"th-CT01.2": "141004"})
    assert tra_loi.status_code == 302
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == 300


def _luu_ke_hoach(dm, nguoi, x, hieu_luc_tu=date(2023, 1, 1), can_cu=""):
    services.ke_hoach_luu(don_vi=dm.an_lao, nam=2023, nguoi=nguoi, ly_do="Nhập trên form",
                          gia_tri={(dm.ct01, nguon("kh-tinh"), hieu_luc_tu): services.OKeHoach(D(x), can_cu)})


def test_a_plan_changed_and_changed_back_since_the_page_was_opened_is_a_conflict(client, danh_muc,
                                                                                 nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    client.force_login(nhap_lieu_an_lao)
    mo_trang = du_lieu_form(client.get(URL_KH).content.decode())
    for x in ("900000", "843000"):
        _luu_ke_hoach(dm, tong_hop, x)
    html = client.post(URL_KH, mo_trang | {"kh-kh-tinh__CT01": "850000"}).content.decode()
    assert "Người khác vừa sửa thành 843.000" in chu(html)
    assert KeHoach.objects.get(chi_tieu=dm.ct01, nguon__ma="kh-tinh").gia_tri == 843000
    client.post(URL_KH, du_lieu_form(html))
    assert KeHoach.objects.get(chi_tieu=dm.ct01, nguon__ma="kh-tinh").gia_tri == 850000


def test_a_revision_added_since_the_grid_was_opened_is_a_conflict_not_overwritten(client, danh_muc,
                                                                                  nhap_lieu_an_lao, tong_hop):
    # The grid's cell edits the latest version: opened on the January plan, saved after a
    # revision of the same value came in — the cell now means another version.
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    client.force_login(nhap_lieu_an_lao)
    mo_trang = du_lieu_form(client.get(URL_KH).content.decode())
    _luu_ke_hoach(dm, tong_hop, "843000", hieu_luc_tu=date(2023, 10, 1))
    html = client.post(URL_KH, mo_trang | {"kh-kh-tinh__CT01": "850000"}).content.decode()
    assert "Người khác vừa sửa thành 843.000" in chu(html)
    assert [kh.gia_tri for kh in KeHoach.objects.filter(chi_tieu=dm.ct01).order_by("hieu_luc_tu")] == [843000, 843000]


def test_phases_are_set_on_the_version_shown_and_a_change_and_back_is_a_conflict(client, danh_muc,
                                                                                 nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    url = "/ke-hoach/an-lao/2023/CT01/kh-tinh/"
    client.force_login(nhap_lieu_an_lao)
    mo_trang = du_lieu_form(client.get(url).content.decode())
    assert mo_trang["cu_hieu_luc_tu"] == "2023-01-01" and mo_trang["cu_phien_ban"]
    for x in ("900000", "843000"):
        _luu_ke_hoach(dm, tong_hop, x)
    tra_loi = client.post(url, mo_trang | {"hanh_dong": "tien_do", "tien_do": "3: 20; 6: 45"}, follow=True)
    html = chu(tra_loi.content.decode())
    assert "Người khác vừa sửa kế hoạch này" in html
    assert KeHoach.objects.get(chi_tieu=dm.ct01).tien_do == {}
    # The page now shows the version as stored, with what was typed: saving again sets it.
    client.post(url, du_lieu_form(tra_loi.content.decode()) | {"hanh_dong": "tien_do"})
    assert KeHoach.objects.get(chi_tieu=dm.ct01).tien_do == {"3": "20", "6": "45"}


def test_the_service_compares_versions_when_it_is_given_them(danh_muc, nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    _qua_lai(dm, tong_hop, "100")
    phien_ban = selectors.phien_ban_thuc_hien(dm.an_lao, dm.ky_2023_6t)[dm.ct01_1.id]
    da_thay = {dm.ct01_1: services.ONhap(D("100"), phien_ban=phien_ban)}
    _qua_lai(dm, tong_hop, "200", "100")
    with pytest.raises(services.XungDot) as xung_dot:
        services.thuc_hien_luu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao, ly_do="x",
                               gia_tri={dm.ct01_1: services.ONhap(D("150"))}, da_thay=da_thay)
    assert xung_dot.value.o == [dm.ct01_1]
    # Without a version (a caller that shows none) the values alone are compared, as before.
    services.thuc_hien_luu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao, ly_do="x",
                           gia_tri={dm.ct01_1: services.ONhap(D("150"))}, da_thay={dm.ct01_1: services.ONhap(D("100"))})
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == 150
