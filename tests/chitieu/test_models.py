"""What the database itself guarantees: natural keys, ranges, and a protected catalog."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from chitieu.models import (BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KeHoach, KyBaoCao, NguonCuaBo, NguonKeHoach,
                            PhanCong, ThucHien, TrangThaiNop)
from tests.factories import dat_ke_hoach, dat_thuc_hien, nguon, tao_chi_tieu


def _vi_pham(tao):
    with pytest.raises(IntegrityError), transaction.atomic():
        tao()


def test_natural_keys_are_unique_in_the_database(danh_muc, lanh_dao):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "1")
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="1")
    _vi_pham(lambda: ThucHien.objects.create(ky=dm.ky_2023_6t, don_vi=dm.an_lao, chi_tieu=dm.ct01, gia_tri=2))
    _vi_pham(lambda: KeHoach.objects.create(nam=2023, don_vi=dm.an_lao, chi_tieu=dm.ct01, nguon=nguon("kh-tinh"),
                                            hieu_luc_tu=date(2023, 1, 1), gia_tri=2))
    bo = BoChiTieu.objects.get()
    _vi_pham(lambda: ChiTieuTrongBo.objects.create(bo=bo, chi_tieu=dm.ct01, thu_tu=1))
    _vi_pham(lambda: NguonCuaBo.objects.create(bo=bo, nguon=nguon("kh-tinh")))
    _vi_pham(lambda: NguonKeHoach.objects.create(ma="kh-tinh", ten="khác", ten_ngan="khác"))
    _vi_pham(lambda: KyBaoCao.objects.create(nam=2023, so_thang=6))
    _vi_pham(lambda: DonVi.objects.create(ma="an-lao", ten="x", ten_ngan="x", cap="huyen"))
    _vi_pham(lambda: ChiTieu.objects.create(ma="CT01", ten="x", don_vi_tinh="x", linh_vuc="kinh_te"))
    PhanCong.objects.create(nguoi_dung=lanh_dao, don_vi=dm.an_lao)
    _vi_pham(lambda: PhanCong.objects.create(nguoi_dung=lanh_dao, don_vi=dm.an_lao))
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t)
    _vi_pham(lambda: TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t))


def test_ranges_are_checked_in_the_database(danh_muc):
    dm = danh_muc
    _vi_pham(lambda: KyBaoCao.objects.create(nam=2023, so_thang=13))
    _vi_pham(lambda: KyBaoCao.objects.create(nam=2023, so_thang=0))
    _vi_pham(lambda: KyBaoCao.objects.create(nam=1999, so_thang=6))
    def ke_hoach(**kw):
        return KeHoach.objects.create(**({"nam": 2023, "don_vi": dm.an_lao, "chi_tieu": dm.ct01,
                                          "nguon": nguon("kh-tinh"), "hieu_luc_tu": date(2023, 1, 1), "gia_tri": 1}
                                         | kw))

    _vi_pham(lambda: ke_hoach(kieu="xa"))
    _vi_pham(lambda: ke_hoach(hieu_luc_tu=date(2024, 1, 1)))  # a version of 2023 takes effect in 2023
    _vi_pham(lambda: ke_hoach(kieu="khoang"))  # a range needs its upper end
    _vi_pham(lambda: ke_hoach(kieu="khoang", gia_tri=5, gia_tri_den=4))
    _vi_pham(lambda: ke_hoach(kieu="toi_thieu", gia_tri_den=4))
    bo = BoChiTieu.objects.get()
    _vi_pham(lambda: NguonCuaBo.objects.create(bo=bo, nguon=nguon("nq-xa"), chinh=True))  # one driving source
    _vi_pham(lambda: BoChiTieu.objects.create(ten="Bộ ngược năm", tu_nam=2025, den_nam=2024))
    _vi_pham(lambda: ChiTieuTrongBo.objects.create(bo=bo, chi_tieu=tao_chi_tieu("CT93", vao_bo=False), thu_tu=1,
                                                   tu_nam=2025, den_nam=2024))
    _vi_pham(lambda: TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2022_6t, trang_thai="bi_xoa"))
    _vi_pham(lambda: tao_chi_tieu("CT90", so_le=7))
    _vi_pham(lambda: tao_chi_tieu("CT92", chi_tieu_goc=dm.ct01))  # only growth rates have a base


def test_catalog_rows_in_use_cannot_be_deleted(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct05, dm.ky_2023_6t, "40")
    for xoa in (dm.ct05.delete, dm.an_lao.delete, dm.ky_2023_6t.delete, dm.ct01.delete, dm.tinh.delete):
        with pytest.raises(ProtectedError), transaction.atomic():
            xoa()


def test_every_change_to_a_value_is_kept_with_who_and_why(danh_muc, nhap_lieu_an_lao):
    th = dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, danh_muc.ky_2023_6t, "447000")
    th.gia_tri = D("447142")
    th._change_reason = "Nhập trên form"
    th._history_user = nhap_lieu_an_lao
    th.save()
    moi, cu = th.history.all()[:2]
    assert (cu.gia_tri, moi.gia_tri) == (D("447000"), D("447142"))
    assert moi.history_change_reason == "Nhập trên form"
    assert moi.history_user == nhap_lieu_an_lao
    assert [thay_doi.field for thay_doi in moi.diff_against(cu).changes] == ["gia_tri"]


def test_period_slugs_and_names():
    ky = KyBaoCao(nam=2023, so_thang=6)
    assert ky.slug == "2023-6t"
    assert ky.ten == "6 tháng đầu năm 2023"
    assert KyBaoCao(nam=2023, so_thang=3).ten == "Quý I 2023"
    assert KyBaoCao(nam=2023, so_thang=12).ten == "Cả năm 2023"
    assert KyBaoCao(nam=2023, so_thang=5).ten == "5 tháng 2023"
    assert KyBaoCao.tu_slug("2023-6t") == (2023, 6)
    for sai in ("2023", "2023-6", "abcd-6t", "2023-t", "２０２３-6t", "2023-６t"):
        assert KyBaoCao.tu_slug(sai) is None


def test_rates_are_percentages_that_are_not_growth_rates(danh_muc):
    assert danh_muc.ct16.la_ty_le and danh_muc.ct08.la_ty_le
    assert not danh_muc.ct02.la_ty_le and not danh_muc.ct01.la_ty_le
    trong_bo = ChiTieuTrongBo.objects.get(chi_tieu=danh_muc.ct01)
    assert trong_bo.ap_dung_nam(2023)
    trong_bo.tu_nam = 2024
    assert not trong_bo.ap_dung_nam(2023) and trong_bo.ap_dung_nam(2030)
