"""The plans grid takes one legal basis per plan source and year, typed once at the top
of the source's column: it goes to every plan row of that source without a basis of its
own; a cell's own basis wins; the year's lock still holds."""

import re
from datetime import date

from chitieu.models import KeHoach, TrangThaiNop
from tests import factories
from tests.chitieu import excel
from tests.html import chu, du_lieu_form

URL = "/ke-hoach/an-lao/2023/"
QD = "Quyết định 19/QĐ-UBND ngày 04/01/2023 của UBND tỉnh"
NQ = "Nghị quyết 15/NQ-HĐND ngày 20/12/2022 của HĐND huyện"


def _luoi(client) -> dict:
    return du_lieu_form(client.get(URL).content.decode())


def test_one_basis_per_source_reaches_every_plan_row_of_it_and_a_cells_own_basis_wins(client, danh_muc,
                                                                                      nhap_lieu_an_lao):
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)  # six indicators with both plans, no basis yet
    client.force_login(nhap_lieu_an_lao)
    du_lieu = _luoi(client) | {"cc-chung-kh-tinh": QD, "cc-chung-kh-huyen": NQ,
                               "kh-kh-tinh__CT05": "32,5",  # a new plan takes the column's basis too
                               "cc-kh-huyen__CT03": "Nghị quyết 7/NQ-HĐND (điều chỉnh dự toán)"}
    tra_loi = client.post(URL, du_lieu)
    assert tra_loi.status_code == 302
    tinh = KeHoach.objects.filter(don_vi=dm.an_lao, nam=2023, nguon__ma="kh-tinh")
    huyen = KeHoach.objects.filter(don_vi=dm.an_lao, nam=2023, nguon__ma="kh-huyen")
    assert tinh.count() == 7 and huyen.count() == 6
    assert set(tinh.values_list("can_cu", flat=True)) == {QD}
    assert {kh.chi_tieu.ma: kh.can_cu for kh in huyen.select_related("chi_tieu")} == {
        "CT01": NQ, "CT01.1": NQ, "CT01.2": NQ, "CT01.3": NQ, "CT03.1": NQ,
        "CT03": "Nghị quyết 7/NQ-HĐND (điều chỉnh dự toán)"}
    # Each row's history says why it changed, as any change of a plan.
    assert KeHoach.history.filter(can_cu=QD).count() == 7

    # Opened again: the basis sits once at the top of each column; only the override shows in its cell.
    html = client.get(URL).content.decode()
    form = du_lieu_form(html)
    assert form["cc-chung-kh-tinh"] == QD and form["cc-chung-kh-huyen"] == NQ
    assert form["cc-kh-tinh__CT01"] == "" and form["cc-kh-huyen__CT03"] == "Nghị quyết 7/NQ-HĐND (điều chỉnh dự toán)"
    assert "Căn cứ chung của năm 2023" in chu(html)
    # Saved unchanged, nothing changes.
    so_lich_su = KeHoach.history.count()
    assert client.post(URL, form).status_code == 302
    assert KeHoach.history.count() == so_lich_su

    # The column's basis changed: every row that followed it follows; the override stays.
    client.post(URL, form | {"cc-chung-kh-huyen": "Nghị quyết 16/NQ-HĐND"})
    assert set(huyen.exclude(chi_tieu=dm.ct03).values_list("can_cu", flat=True)) == {"Nghị quyết 16/NQ-HĐND"}
    assert huyen.get(chi_tieu=dm.ct03).can_cu == "Nghị quyết 7/NQ-HĐND (điều chỉnh dự toán)"


def test_a_cell_without_a_plan_takes_no_basis(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    factories.dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    client.force_login(nhap_lieu_an_lao)
    assert client.post(URL, _luoi(client) | {"cc-chung-kh-tinh": QD, "cc-chung-kh-huyen": NQ}).status_code == 302
    assert list(KeHoach.objects.values_list("chi_tieu__ma", "nguon__ma", "can_cu")) == [("CT01", "kh-tinh", QD)]


def test_a_basis_too_long_is_refused_at_the_top_of_its_column_and_changes_nothing(client, danh_muc,
                                                                                  nhap_lieu_an_lao):
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)
    client.force_login(nhap_lieu_an_lao)
    truoc = excel.anh_csdl()
    html = client.post(URL, _luoi(client) | {"cc-chung-kh-tinh": "Q" * 501}).content.decode()
    loi = chu(re.search(r'id="loi-cc-chung-kh-tinh"[^>]*>(.*?)</div>', html, re.S).group(1))
    assert "Căn cứ chung (KH tỉnh giao)" in loi and "500" in loi
    assert "Q" * 501 in html  # what was typed is shown back
    assert excel.anh_csdl() == truoc


def test_the_basis_of_a_locked_year_cannot_change(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)
    client.force_login(nhap_lieu_an_lao)
    du_lieu = _luoi(client) | {"cc-chung-kh-tinh": QD}
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    truoc = excel.anh_csdl()
    assert client.post(URL, du_lieu).status_code == 403
    assert excel.anh_csdl() == truoc
    assert 'name="cc-chung-kh-tinh"' in (html := client.get(URL).content.decode())
    assert re.search(r'<textarea name="cc-chung-kh-tinh"[^>]*disabled', html)


def test_a_revision_after_a_sent_period_takes_the_basis_while_the_locked_version_keeps_its_own(
        client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    tinh = factories.nguon("kh-tinh")
    factories.dat_ke_hoach_nguon(dm.an_lao, dm.ct01, 2023, tinh, "843000", can_cu="QĐ 19")
    factories.dat_ke_hoach_nguon(dm.an_lao, dm.ct01, 2023, tinh, "900000", hieu_luc_tu=date(2023, 7, 1))
    factories.dat_ke_hoach_nguon(dm.an_lao, dm.ct03, 2023, tinh, "41.83", can_cu="QĐ 19")
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    client.force_login(nhap_lieu_an_lao)
    client.post(URL, _luoi(client) | {"cc-chung-kh-tinh": "QĐ 2345 điều chỉnh"})
    # The July revision of CT01 (a later version, open) takes it; CT03's version, which the sent
    # period is compared with, is locked and keeps its basis.
    assert KeHoach.objects.get(chi_tieu=dm.ct01, hieu_luc_tu=date(2023, 7, 1)).can_cu == "QĐ 2345 điều chỉnh"
    assert KeHoach.objects.get(chi_tieu=dm.ct01, hieu_luc_tu=date(2023, 1, 1)).can_cu == "QĐ 19"
    assert KeHoach.objects.get(chi_tieu=dm.ct03).can_cu == "QĐ 19"
