"""Succession in the admin (issue 13): the unit's predecessors on its page, the list
with its share warning, and the long-format import that refuses a bad row whole."""

import io
from datetime import date
from decimal import Decimal

import openpyxl

from chitieu.models import DonVi, KeThua
from tests.factories import tao_don_vi
from tests.html import du_lieu_form

CAI_CACH = date(2025, 7, 1)


def _xlsx(dong: list[list]) -> io.BytesIO:
    sach = openpyxl.Workbook()
    for hang in dong:
        sach.active.append(hang)
    tep = io.BytesIO()
    sach.save(tep)
    tep.seek(0)
    tep.name = "ke-thua.xlsx"
    return tep


def _xa(ma, ten):
    return tao_don_vi(ma, ten, cap=DonVi.Cap.XA, ngay_thanh_lap=CAI_CACH)


def _nhap(client, dong):
    tra_loi = client.post("/admin/chitieu/kethua/import/", {"import_file": _xlsx(dong), "format": "0",
                                                              "resource": "0"})
    return tra_loi, tra_loi.content.decode()


def test_nhap_ke_thua_dang_dai_tu_choi_ca_tep_khi_mot_dong_sai(client, danh_muc, quan_tri):
    client.force_login(quan_tri)
    _xa("tuy-phuoc-dong", "Tuy Phước Đông")
    _xa("tuy-phuoc-tay", "Tuy Phước Tây")
    tieu_de = ["ma_don_vi_moi", "ma_don_vi_cu", "ty_le", "ngay_hieu_luc", "can_cu"]
    can_cu = "Nghị quyết 1664/NQ-UBTVQH15"
    # The second row would give Tuy Phước 25 % + 90 %: over 100 %. Nothing is imported.
    _, html = _nhap(client, [tieu_de, ["tuy-phuoc-dong", "tuy-phuoc", 0.25, "01/07/2025", can_cu],
                             ["tuy-phuoc-tay", "tuy-phuoc", 0.9, "01/07/2025", can_cu]])
    assert "vượt 100 %" in html
    assert 'name="import_file_name"' not in html  # no confirm button
    assert not KeThua.objects.exists()
    # A valid file: preview, confirm, written.
    _, html = _nhap(client, [tieu_de, ["tuy-phuoc-dong", "tuy-phuoc", 0.25, "01/07/2025", can_cu],
                             ["tuy-phuoc-tay", "tuy-phuoc", 0.3, "01/07/2025", can_cu]])
    xac_nhan = du_lieu_form(html[html.index("process_import"):])
    assert client.post("/admin/chitieu/kethua/process_import/", xac_nhan).status_code == 302
    assert sorted(KeThua.objects.values_list("don_vi_moi__ma", "ty_le")) == [
        ("tuy-phuoc-dong", Decimal("0.250000")), ("tuy-phuoc-tay", Decimal("0.300000"))]
    # Shares short of 100 %: a warning on the list, not an error.
    html = client.get("/admin/chitieu/kethua/").content.decode()
    assert "Tổng tỷ lệ chuyển sang đơn vị mới chưa đủ 100 % ở: Huyện Tuy Phước (55 %)" in html
    assert "25 %" in html


def test_nhap_ke_thua_tu_choi_vong(client, danh_muc, quan_tri):
    client.force_login(quan_tri)
    a = _xa("xa-a", "A")
    KeThua.objects.create(don_vi_moi=a, don_vi_cu=danh_muc.an_lao, ty_le=1, ngay_hieu_luc=CAI_CACH)
    _, html = _nhap(client, [["ma_don_vi_moi", "ma_don_vi_cu", "ty_le", "ngay_hieu_luc", "can_cu"],
                             ["an-lao", "xa-a", 1, "01/07/2025", ""]])
    assert "vòng kế thừa" in html
    assert KeThua.objects.count() == 1


def test_trang_don_vi_trong_quan_tri_co_tien_than_va_ma_dvhc(client, danh_muc, quan_tri):
    client.force_login(quan_tri)
    xa = _xa("xa-an-lao", "An Lão")
    KeThua.objects.create(don_vi_moi=xa, don_vi_cu=danh_muc.an_lao, ty_le=Decimal("0.9"), ngay_hieu_luc=CAI_CACH,
                          can_cu="NQ 1664")
    html = client.get(f"/admin/chitieu/donvi/{xa.pk}/change/").content.decode()
    assert "tiền thân (kế thừa)" in html and "NQ 1664" in html and 'name="ma_dvhc"' in html
    assert 'name="ngay_thanh_lap"' in html
    assert client.get("/admin/chitieu/donvi/?q=an").status_code == 200
