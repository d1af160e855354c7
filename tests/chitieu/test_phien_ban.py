"""The optimistic check sees A → B → A: a cell someone else changed and changed back
after the page was opened is a conflict too, because the grid carries each cell's
version (its last history record), not only its value. Actuals and plans alike."""

import re
from decimal import Decimal as D

import pytest

from chitieu import selectors, services
from chitieu.models import KeHoach, ThucHien
from tests.chitieu.test_nhap_lieu import URL, _form
from tests.factories import dat_ke_hoach
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


def test_a_plan_changed_and_changed_back_since_the_page_was_opened_is_a_conflict(client, danh_muc,
                                                                                 nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    client.force_login(nhap_lieu_an_lao)
    mo_trang = du_lieu_form(client.get(URL_KH).content.decode())
    for x in ("900000", "843000"):
        services.ke_hoach_luu(don_vi=dm.an_lao, nam=2023, nguoi=tong_hop, ly_do="Nhập trên form",
                              gia_tri={(dm.ct01, "tinh"): services.OKeHoach(D(x))})
    html = client.post(URL_KH, mo_trang | {"kh-tinh-CT01": "850000"}).content.decode()
    assert "Người khác vừa sửa thành 843.000" in chu(html)
    assert KeHoach.objects.get(chi_tieu=dm.ct01, cap_giao="tinh").gia_tri == 843000
    client.post(URL_KH, du_lieu_form(html))
    assert KeHoach.objects.get(chi_tieu=dm.ct01, cap_giao="tinh").gia_tri == 850000


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
