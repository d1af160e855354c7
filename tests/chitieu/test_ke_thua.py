"""Succession of units across the 2025 reform (issue 13): the rules of `chitieu.ke_thua`
and the comparable history every table reads (`SoLieu`)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from chitieu import ke_thua, selectors
from chitieu.models import DonVi, KeThua, ThucHien
from tests import factories
from tests.factories import dat_thuc_hien, ky, tao_don_vi

CAI_CACH = date(2025, 7, 1)


def noi(moi, cu, ty_le="1") -> KeThua:
    kt = KeThua(don_vi_moi=moi, don_vi_cu=cu, ty_le=Decimal(ty_le), ngay_hieu_luc=CAI_CACH,
                can_cu="Nghị quyết 1664/NQ-UBTVQH15 ngày 16/6/2025")
    kt.full_clean()
    kt.save()
    return kt


@pytest.fixture
def cai_cach(danh_muc):
    """Bình Định's two districts end on 1/7/2025. A new province (Gia Lai) succeeds Bình
    Định and an old Gia Lai; commune Tuy Phước Đông takes 25 % of Tuy Phước and 10 % of
    An Lão; commune An Lão takes the rest of An Lão."""
    dm = danh_muc
    gia_lai_cu = tao_don_vi("gia-lai-cu", "Gia Lai (cũ)", cap=DonVi.Cap.TINH, thu_tu=5)
    for dv in (dm.tinh, dm.an_lao, dm.tuy_phuoc, gia_lai_cu):
        dv.ngay_ngung_hoat_dong = CAI_CACH
        dv.save()
    gia_lai = tao_don_vi("gia-lai", "Gia Lai", cap=DonVi.Cap.TINH, ngay_thanh_lap=CAI_CACH, ma_dvhc="52")
    tpd = tao_don_vi("tuy-phuoc-dong", "Tuy Phước Đông", cap=DonVi.Cap.XA, cha=gia_lai, ngay_thanh_lap=CAI_CACH)
    xa_an_lao = tao_don_vi("xa-an-lao", "An Lão", cap=DonVi.Cap.XA, cha=gia_lai, ngay_thanh_lap=CAI_CACH, thu_tu=2)
    noi(gia_lai, dm.tinh)
    noi(gia_lai, gia_lai_cu)
    noi(tpd, dm.tuy_phuoc, "0.25")
    noi(tpd, dm.an_lao, "0.1")
    noi(xa_an_lao, dm.an_lao, "0.9")
    factories.tao_bo("Bộ xã 2026", [dm.ct01, dm.ct03, dm.ct08], [factories.nguon("kh-tinh")], pham_vi=gia_lai,
                     tu_nam=2025)
    for so_thang in (6,):
        ky(2025, so_thang), ky(2026, so_thang)
    return dm, gia_lai, gia_lai_cu, tpd, xa_an_lao


def dong(don_vi, ky_bc, chi_tieu):
    bang = selectors.bang_don_vi(don_vi, ky_bc)
    return next(d for d in bang.dong if d.chi_tieu == chi_tieu)


def test_xa_moi_tu_hai_huyen_cong_theo_ty_le(cai_cach):
    dm, _, _, tpd, _ = cai_cach
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2025, 6), "1000")
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2025, 6), "400")
    dat_thuc_hien(tpd, dm.ct01, ky(2026, 6), "300")
    d = dong(tpd, ky(2026, 6), dm.ct01)
    assert d.th_cung_ky.gia_tri == Decimal("290")  # 25 % × 1000 + 10 % × 400
    assert d.ghi_chu_dia_gioi == ("cùng kỳ tính theo địa giới mới, từ: Huyện Tuy Phước (25 %), "
                                  "Huyện An Lão (10 %)")
    assert d.so_cung_ky.phan_tram == Decimal("103.45")  # 300 / 290


def test_ty_le_khong_cong_theo_phan(cai_cach):
    dm, _, _, tpd, _ = cai_cach
    dat_thuc_hien(dm.tuy_phuoc, dm.ct08, ky(2025, 6), "3.1")
    dat_thuc_hien(dm.an_lao, dm.ct08, ky(2025, 6), "20.5")
    dat_thuc_hien(tpd, dm.ct08, ky(2026, 6), "2.9")
    d = dong(tpd, ky(2026, 6), dm.ct08)
    assert d.th_cung_ky.gia_tri is None and d.th_cung_ky.khong_so_sanh_duoc
    assert d.ghi_chu_dia_gioi == "không có số liệu so sánh được"
    # The office enters the recomputed base: it is used and said so.
    ThucHien.objects.create(ky=ky(2025, 6), don_vi=tpd, chi_tieu=dm.ct08, gia_tri=Decimal("3.4"),
                            tinh_lai_dia_gioi=True)
    d = dong(tpd, ky(2026, 6), dm.ct08)
    assert d.th_cung_ky.gia_tri == Decimal("3.4") and d.th_cung_ky.tinh_lai
    assert "tính lại theo địa giới mới" in d.ghi_chu_dia_gioi
    assert d.so_cung_ky.chenh_lech == Decimal("-0.50")  # 2,9 − 3,4 điểm %


def test_so_tinh_lai_thang_so_cong(cai_cach):
    dm, _, _, tpd, _ = cai_cach
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2025, 6), "1000")
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2025, 6), "400")
    ThucHien.objects.create(ky=ky(2025, 6), don_vi=tpd, chi_tieu=dm.ct01, gia_tri=Decimal("301"),
                            tinh_lai_dia_gioi=True)
    assert dong(tpd, ky(2026, 6), dm.ct01).th_cung_ky.gia_tri == Decimal("301")


def test_thieu_so_cua_mot_tien_than_thi_khong_co_cung_ky(cai_cach):
    dm, _, _, tpd, _ = cai_cach
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2025, 6), "1000")
    d = dong(tpd, ky(2026, 6), dm.ct01)
    assert d.th_cung_ky.gia_tri is None and d.th_cung_ky.so_don_vi_thieu == 1
    assert d.ghi_chu_dia_gioi.startswith("chưa đủ số liệu của các đơn vị tiền thân")


def test_tinh_moi_cung_ky_bang_tong_hai_tinh_cu(cai_cach):
    dm, gia_lai, gia_lai_cu, _, _ = cai_cach
    # Bình Định's figure is the sum of its districts (nothing entered for the province itself).
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2025, 6), "1000")
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2025, 6), "400")
    dat_thuc_hien(gia_lai_cu, dm.ct01, ky(2025, 6), "5000")
    d = dong(gia_lai, ky(2026, 6), dm.ct01)
    assert d.th_cung_ky.gia_tri == Decimal("6400")
    assert d.ghi_chu_dia_gioi == "cùng kỳ tính theo địa giới mới, từ: Tỉnh Bình Định, Tỉnh Gia Lai (cũ)"


def test_chuoi_a_b_c(cai_cach):
    dm, gia_lai, _, tpd, _ = cai_cach
    # C founded 2026 from all of B (Tuy Phước Đông, founded 2025): its 6 tháng 2025 comes from B's predecessors.
    c = tao_don_vi("xa-c", "C", cap=DonVi.Cap.XA, cha=gia_lai, ngay_thanh_lap=date(2026, 1, 1))
    noi(c, tpd)
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2025, 6), "1000")
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2025, 6), "400")
    ky(2027, 6)
    assert ke_thua.tien_than_tai([c.id], ky(2025, 6).ngay_cuoi)[c.id] == [
        ke_thua.PhanTienThan(dm.tuy_phuoc.id, "Huyện Tuy Phước", Decimal("0.25")),
        ke_thua.PhanTienThan(dm.an_lao.id, "Huyện An Lão", Decimal("0.1"))]
    assert dong(c, ky(2026, 6), dm.ct01).th_cung_ky.gia_tri == Decimal("290")
    # 2027 against 2026: C existed in 2026, so its own (missing) figure is what counts.
    assert ke_thua.tien_than_tai([c.id], ky(2026, 6).ngay_cuoi) == {}


def test_don_vi_khong_co_tien_than(cai_cach):
    dm, gia_lai, _, _, _ = cai_cach
    moi = tao_don_vi("xa-moi", "Xã mới", cap=DonVi.Cap.XA, cha=gia_lai, ngay_thanh_lap=CAI_CACH)
    assert ke_thua.tien_than_tai([moi.id], ky(2025, 6).ngay_cuoi) == {}
    d = dong(moi, ky(2026, 6), dm.ct01)
    assert d.th_cung_ky.gia_tri is None and d.ghi_chu_dia_gioi == ""


def test_don_vi_cu_giu_nguyen_trang(cai_cach):
    dm, *_ = cai_cach
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2025, 6), "400")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "447142")
    for k in (dm.ky_2023_6t, ky(2025, 6)):
        d = dong(dm.an_lao, k, dm.ct01)
        assert d.ghi_chu_dia_gioi == "" and not d.th_cung_ky.theo_dia_gioi_moi


def test_tong_ty_le_vuot_1_bi_tu_choi_duoi_1_canh_bao(cai_cach):
    dm, _, _, tpd, xa_an_lao = cai_cach
    # An Lão is shared 10 % + 90 %: full. Tuy Phước 25 %: a warning only.
    assert [(dv.ma, tong) for dv, tong in ke_thua.ty_le_chua_du()] == [("tuy-phuoc", Decimal("0.25"))]
    khac = tao_don_vi("xa-khac", "Khác", cap=DonVi.Cap.XA, ngay_thanh_lap=CAI_CACH)
    with pytest.raises(ValidationError) as loi:
        noi(khac, dm.an_lao, "0.05")
    assert "vượt 100 %" in str(loi.value) and "105,00 %" in str(loi.value)
    noi(khac, dm.tuy_phuoc, "0.75")
    assert ke_thua.ty_le_chua_du() == []


def test_vong_ke_thua_bi_tu_choi(cai_cach):
    dm, gia_lai, _, tpd, _ = cai_cach
    c = tao_don_vi("xa-c", "C", cap=DonVi.Cap.XA, ngay_thanh_lap=date(2026, 1, 1))
    noi(c, tpd)
    with pytest.raises(ValidationError, match="vòng kế thừa"):
        noi(dm.tuy_phuoc, c)
    with pytest.raises(ValidationError, match="không kế thừa chính nó"):
        noi(c, c)
    with pytest.raises(IntegrityError), transaction.atomic():
        KeThua.objects.create(don_vi_moi=c, don_vi_cu=c, ty_le=1, ngay_hieu_luc=CAI_CACH)


def test_mot_dong_ke_thua_da_luu_van_hop_le_khi_kiem_tra_lai(cai_cach):
    # Editing a saved row (the admin checks it again) is not a cycle with itself.
    for kt in KeThua.objects.all():
        kt.full_clean()
    kt = KeThua.objects.get(don_vi_moi__ma="tuy-phuoc-dong", don_vi_cu__ma="tuy-phuoc")
    kt.ty_le = Decimal("0.3")
    kt.full_clean()


@pytest.mark.parametrize("ty_le", ["0", "1.5", "-0.2"])
def test_ty_le_ngoai_0_1_bi_tu_choi(cai_cach, ty_le):
    dm, gia_lai, *_ = cai_cach
    moi = tao_don_vi("xa-moi", "Xã mới", cap=DonVi.Cap.XA, ngay_thanh_lap=CAI_CACH)
    with pytest.raises(ValidationError):
        noi(moi, gia_lai, ty_le)
    with pytest.raises(IntegrityError), transaction.atomic():
        KeThua.objects.create(don_vi_moi=moi, don_vi_cu=dm.an_lao, ty_le=Decimal(ty_le), ngay_hieu_luc=CAI_CACH)


def test_ma_dvhc_duy_nhat_giua_don_vi_cung_ton_tai(cai_cach):
    dm, gia_lai, *_ = cai_cach
    # Bình Định's code 52 went to the new Gia Lai: allowed, their lifetimes do not overlap.
    dm.tinh.ma_dvhc = "52"
    dm.tinh.full_clean()
    dm.tinh.save()
    trung = DonVi(ma="khac", ten="Tỉnh Khác", ten_ngan="Khác", cap="tinh", ma_dvhc="52")
    with pytest.raises(ValidationError, match="Mã ĐVHC 52 đã là mã của Tỉnh"):
        trung.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        trung.save()


def test_cay_theo_nam(cai_cach):
    dm, gia_lai, gia_lai_cu, tpd, _ = cai_cach
    assert dm.an_lao.hoat_dong_trong_nam(2025) and not dm.an_lao.hoat_dong_trong_nam(2026)
    assert tpd.hoat_dong_trong_nam(2025) and not tpd.hoat_dong_trong_nam(2024)
    assert tpd.ton_tai_ngay(CAI_CACH) and not tpd.ton_tai_ngay(date(2025, 6, 30))
    assert not dm.an_lao.ton_tai_ngay(CAI_CACH)


def test_so_nhap_cho_ky_truoc_thanh_lap_la_cung_ky_tinh_lai(cai_cach, client, quan_tri):
    """Typed into the grid of a period before the founding: stored flagged, said so on the
    grid, and used as the cùng kỳ of the next year."""
    from tests.html import du_lieu_form
    dm, _, _, tpd, _ = cai_cach
    client.force_login(quan_tri)
    url = f"/nhap-lieu/{tpd.ma}/2025-6t/"
    html = client.get(url).content.decode()
    assert "thành lập ngày 01/07/2025" in html and "cùng kỳ tính lại theo địa giới mới" in html
    du_lieu = du_lieu_form(html)
    assert "th-CT08" in du_lieu, sorted(du_lieu)
    du_lieu["th-CT08"] = "3,4"
    assert client.post(url, du_lieu).status_code in (200, 302)
    th = ThucHien.objects.get(don_vi=tpd, chi_tieu=dm.ct08, ky=ky(2025, 6))
    assert th.tinh_lai_dia_gioi and th.gia_tri == Decimal("3.4")
    assert "tính lại theo địa giới mới" in dong(tpd, ky(2026, 6), dm.ct08).ghi_chu_dia_gioi
    # A period after the founding is an ordinary figure.
    assert "truoc-thanh-lap" not in client.get(f"/nhap-lieu/{tpd.ma}/2026-6t/").content.decode()


def test_bieu_mau_excel_cua_xa_moi_ghi_cung_ky_tinh_tu_tien_than(cai_cach):
    from io import BytesIO

    from openpyxl import load_workbook

    from chitieu import bieu_mau

    dm, _, _, tpd, _ = cai_cach
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2025, 6), "1000")
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2025, 6), "400")
    dat_thuc_hien(dm.an_lao, dm.ct08, ky(2025, 6), "20.5")
    ws = load_workbook(BytesIO(bieu_mau.ghi_bieu_mau(ky(2026, 6), [tpd]))).active
    tieu_de = next(h for h in ws.iter_rows() if any(o.value == "TH cùng kỳ 2025" for o in h))
    cot = next(o.column for o in tieu_de if o.value == "TH cùng kỳ 2025")
    o = {ws.cell(h, 4).value: ws.cell(h, cot) for h in range(1, ws.max_row + 1)}
    assert o["CT01"].value == 290
    assert o["CT01"].comment.text == ("cùng kỳ tính theo địa giới mới, từ: Huyện Tuy Phước (25 %), "
                                      "Huyện An Lão (10 %)")
    # A rate: no district's rate in the cell, and the note says why.
    assert o["CT08"].value is None and o["CT08"].comment.text == "không có số liệu so sánh được"
    # An old unit's form is as it was: its own figure, no note.
    ws = load_workbook(BytesIO(bieu_mau.ghi_bieu_mau(ky(2025, 6), [dm.an_lao]))).active
    assert not any(o.comment for h in ws.iter_rows() for o in h)
