"""Writes: permission, validation, all-or-nothing, history, and no lost updates."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User

from chitieu import services
from chitieu.models import KeHoach, ThucHien, TrangThaiNop
from chitieu.services import OKeHoach, ONhap
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien, nguon


def _luu(dm, nguoi, gia_tri, **kw):
    return services.thuc_hien_luu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, gia_tri=gia_tri, nguoi=nguoi,
                                  ly_do="Nhập trên form", **kw)


def test_it_creates_changes_and_clears_values_with_history(danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01_2, dm.ky_2023_6t, "1")
    dat_thuc_hien(dm.an_lao, dm.ct01_3, dm.ky_2023_6t, "2")
    ket_qua = _luu(dm, nhap_lieu_an_lao, {
        dm.ct01_1: ONhap(D("184510"), la_uoc=True, ghi_chu="  Ước tính  "),
        dm.ct01_2: ONhap(D("141004")),
        dm.ct01_3: ONhap(None),
    })
    assert (len(ket_qua.tao), len(ket_qua.sua), len(ket_qua.xoa)) == (1, 1, 1)
    moi = ThucHien.objects.get(don_vi=dm.an_lao, chi_tieu=dm.ct01_1)
    assert (moi.gia_tri, moi.la_uoc, moi.ghi_chu, moi.nguoi_cap_nhat) == (D("184510"), True, "Ước tính",
                                                                           nhap_lieu_an_lao)
    assert not ThucHien.objects.filter(chi_tieu=dm.ct01_3).exists()
    lich_su = ThucHien.history.filter(history_change_reason="Nhập trên form")
    assert sorted(lich_su.values_list("history_type", flat=True)) == ["+", "-", "~"]
    assert set(lich_su.values_list("history_user__username", flat=True)) == {"nhap_lieu_an_lao"}
    sua = lich_su.get(history_type="~")
    assert (sua.prev_record.gia_tri, sua.gia_tri) == (D("1"), D("141004"))


def test_unchanged_values_are_not_written_again(danh_muc, nhap_lieu_an_lao):
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct03, danh_muc.ky_2023_6t, "12.5")
    ket_qua = _luu(danh_muc, nhap_lieu_an_lao, {danh_muc.ct03: ONhap(D("12.50"))})
    assert ket_qua.so_thay_doi == 0
    assert ThucHien.history.count() == 1


def test_it_refuses_another_districts_values(danh_muc, nhap_lieu_tuy_phuoc, lanh_dao):
    for nguoi in (nhap_lieu_tuy_phuoc, lanh_dao):
        with pytest.raises(services.KhongCoQuyen):
            _luu(danh_muc, nguoi, {danh_muc.ct01: ONhap(D(1))})
    assert not ThucHien.objects.exists()


@pytest.mark.parametrize("trang_thai", ["da_gui", "da_duyet"])
def test_sent_or_approved_periods_are_locked_even_for_admins(danh_muc, quan_tri, nhap_lieu_an_lao, trang_thai):
    TrangThaiNop.objects.create(don_vi=danh_muc.an_lao, ky=danh_muc.ky_2023_6t, trang_thai=trang_thai)
    for nguoi in (nhap_lieu_an_lao, quan_tri):
        with pytest.raises(services.KhongCoQuyen):
            _luu(danh_muc, nguoi, {danh_muc.ct01: ONhap(D(1))})
        with pytest.raises(services.KhongCoQuyen):
            services.ke_hoach_luu(don_vi=danh_muc.an_lao, nam=2023, nguoi=nguoi, ly_do="x",
                                  gia_tri={(danh_muc.ct01, nguon("kh-tinh"), date(2023, 1, 1)): OKeHoach(D(1))})
    assert not ThucHien.objects.exists() and not KeHoach.objects.exists()


def test_one_bad_value_stops_the_whole_save_and_every_bad_cell_is_named(danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    with pytest.raises(services.LoiDuLieu) as loi:
        _luu(dm, nhap_lieu_an_lao, {
            dm.ct01: ONhap(D("447142")),
            dm.ct01_1: ONhap(D("-5")),
            dm.ct01_2: ONhap(D("1.5")),
            dm.ct03: ONhap(D("1.2345")),
            dm.ct03_1: ONhap(D("1e20")),
            dm.ct05: ONhap(None, ghi_chu="chưa có"),
        })
    assert set(loi.value.loi) == {dm.ct01_1, dm.ct01_2, dm.ct03, dm.ct03_1, dm.ct05}
    assert "không nhận số âm" in loi.value.loi[dm.ct01_1]
    assert "số nguyên" in loi.value.loi[dm.ct01_2]
    assert "tối đa 3 chữ số thập phân" in loi.value.loi[dm.ct03]
    assert "quá lớn" in loi.value.loi[dm.ct03_1]
    assert not ThucHien.objects.exists()


def test_growth_rates_may_be_negative(danh_muc, nhap_lieu_an_lao):
    _luu(danh_muc, nhap_lieu_an_lao, {danh_muc.ct02: ONhap(D("-1.25"))})
    assert ThucHien.objects.get(chi_tieu=danh_muc.ct02).gia_tri == D("-1.25")


def test_a_cell_changed_by_someone_else_is_a_conflict_and_nothing_is_written(danh_muc, nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "100")
    da_thay = {dm.ct01_1: ONhap(D(100)), dm.ct01_2: ONhap(None)}
    _luu(dm, tong_hop, {dm.ct01_1: ONhap(D(200))})  # someone else saves first
    with pytest.raises(services.XungDot) as xung_dot:
        _luu(dm, nhap_lieu_an_lao, {dm.ct01_1: ONhap(D(150)), dm.ct01_2: ONhap(D(7))}, da_thay=da_thay)
    assert xung_dot.value.o == [dm.ct01_1]
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D(200)
    assert not ThucHien.objects.filter(chi_tieu=dm.ct01_2).exists()


def test_cells_the_person_did_not_touch_keep_the_other_persons_edit(danh_muc, nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "100")
    da_thay = {dm.ct01_1: ONhap(D(100)), dm.ct01_2: ONhap(None)}
    _luu(dm, tong_hop, {dm.ct01_1: ONhap(D(200))})
    _luu(dm, nhap_lieu_an_lao, {dm.ct01_1: ONhap(D(100)), dm.ct01_2: ONhap(D(7))}, da_thay=da_thay)
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D(200)
    assert ThucHien.objects.get(chi_tieu=dm.ct01_2).gia_tri == D(7)


def test_typing_the_same_value_someone_else_saved_is_not_a_conflict(danh_muc, nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    _luu(dm, tong_hop, {dm.ct01_1: ONhap(D(200))})
    _luu(dm, nhap_lieu_an_lao, {dm.ct01_1: ONhap(D(200))}, da_thay={dm.ct01_1: ONhap(None)})
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D(200)


def test_plans_are_saved_per_level_with_their_legal_basis(danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, huyen="1")
    ket_qua = services.ke_hoach_luu(
        don_vi=dm.an_lao, nam=2023, nguoi=nhap_lieu_an_lao, ly_do="Nhập trên form",
        gia_tri={(dm.ct01, nguon("kh-tinh"), date(2023, 1, 1)): OKeHoach(D("843000"),
                                                                       "Quyết định 19/QĐ-UBND ngày 04/01/2023"),
                 (dm.ct01, nguon("kh-huyen"), date(2023, 1, 1)): OKeHoach(D("848700"))},
    )
    assert (len(ket_qua.tao), len(ket_qua.sua)) == (1, 1)
    assert KeHoach.objects.get(nguon__ma="kh-tinh").can_cu == "Quyết định 19/QĐ-UBND ngày 04/01/2023"
    assert KeHoach.objects.get(nguon__ma="kh-huyen").gia_tri == D("848700")
    with pytest.raises(services.LoiDuLieu):  # a version of 2023 takes effect in 2023
        services.ke_hoach_luu(don_vi=dm.an_lao, nam=2023, nguoi=nhap_lieu_an_lao, ly_do="x",
                              gia_tri={(dm.ct01, nguon("kh-tinh"), date(2024, 1, 1)): OKeHoach(D(1))})


def test_plans_lock_once_a_period_of_the_year_is_sent(danh_muc, nhap_lieu_an_lao):
    TrangThaiNop.objects.create(don_vi=danh_muc.an_lao, ky=danh_muc.ky_2022_6t, trang_thai="da_duyet")
    assert services.ke_hoach_bi_khoa(danh_muc.an_lao, 2022)
    assert not services.ke_hoach_bi_khoa(danh_muc.an_lao, 2023)
    services.ke_hoach_luu(don_vi=danh_muc.an_lao, nam=2023, nguoi=nhap_lieu_an_lao, ly_do="x",
                          gia_tri={(danh_muc.ct01, nguon("kh-tinh"), date(2023, 1, 1)): OKeHoach(D(1))})
    with pytest.raises(services.KhongCoQuyen):
        services.ke_hoach_luu(don_vi=danh_muc.an_lao, nam=2022, nguoi=nhap_lieu_an_lao, ly_do="x",
                              gia_tri={(danh_muc.ct01, nguon("kh-tinh"), date(2022, 1, 1)): OKeHoach(D(1))})


def test_saving_a_full_grid_takes_a_fixed_number_of_queries(danh_muc, nhap_lieu_an_lao, django_assert_num_queries):
    dm = danh_muc
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t)

    def luu_ca_bang(chi_tieu, lan: int):
        # half the cells change, half are new: one bulk write of each kind, with history
        for ct in chi_tieu[: len(chi_tieu) // 2]:
            dat_thuc_hien(dm.an_lao, ct, dm.ky_2023_6t, "1")
        ThucHien.objects.filter(chi_tieu__in=chi_tieu[len(chi_tieu) // 2:]).delete()
        nguoi = User.objects.get(pk=nhap_lieu_an_lao.pk)  # as in a new request: nothing cached
        # savepoint ×2, roles, assignments, the year's lock, workflow row, rows, the magnitude rule's
        # references (the unit's set: 4 for the sets and the unit's ancestors; units below, plans, actuals of
        # both years), insert + history, update + history
        with django_assert_num_queries(19):
            _luu(dm, nguoi, {ct: ONhap(D(i + lan)) for i, ct in enumerate(chi_tieu)})

    luu_ca_bang(dm.chi_tieu(), 10)
    nhieu = dm.chi_tieu() + [factories.tao_chi_tieu(f"X{i:02d}") for i in range(30)]
    luu_ca_bang(nhieu, 50)
    assert ThucHien.history.filter(history_change_reason="Nhập trên form").count() == 10 + 40


# -- the magnitude rule: a value 100× off the plan and last year waits for a person ----------


@pytest.fixture
def ngan_sach(danh_muc):
    """CT03 (tỷ đồng): KH tỉnh giao 180 for 2023 (90 expected after 6 months), 76 in 6 tháng 2022."""
    dat_ke_hoach(danh_muc.an_lao, danh_muc.ct03, 2023, tinh="180")
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct03, danh_muc.ky_2022_6t, "76")
    return danh_muc


def test_92500_for_a_budget_planned_at_180_is_held_until_confirmed(ngan_sach, nhap_lieu_an_lao):
    dm = ngan_sach
    with pytest.raises(services.CanXacNhan) as loi:
        _luu(dm, nhap_lieu_an_lao, {dm.ct03: ONhap(D("92500")), dm.ct01: ONhap(D("447142"))})
    bac_do = loi.value.o[dm.ct03]
    assert (bac_do.gia_tri, bac_do.huong, bac_do.moc.muc_ky_vong, bac_do.moc.cung_ky) == (
        D("92500"), "lon", D("90"), D("76"))
    assert list(loi.value.o) == [dm.ct03]
    assert not ThucHien.objects.filter(ky=dm.ky_2023_6t).exists()  # not even the good cell
    _luu(dm, nhap_lieu_an_lao, {dm.ct03: ONhap(D("92500"), da_xac_nhan=True), dm.ct01: ONhap(D("447142"))})
    assert ThucHien.objects.get(ky=dm.ky_2023_6t, chi_tieu=dm.ct03).gia_tri == D("92500")


@pytest.mark.parametrize(("gia_tri", "giu_lai"), [("92.5", False), ("92500", True), ("0.5", True), ("0.9", False),
                                                   ("0", False)])
def test_only_values_100_times_off_both_references_are_held(ngan_sach, nhap_lieu_an_lao, gia_tri, giu_lai):
    dm = ngan_sach
    try:
        _luu(dm, nhap_lieu_an_lao, {dm.ct03: ONhap(D(gia_tri))})
    except services.CanXacNhan:
        assert giu_lai
    else:
        assert not giu_lai
        assert ThucHien.objects.get(ky=dm.ky_2023_6t, chi_tieu=dm.ct03).gia_tri == D(gia_tri)


def test_a_confirmed_value_already_stored_needs_no_confirmation_to_change_its_note(ngan_sach, nhap_lieu_an_lao):
    dm = ngan_sach
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "92500")
    _luu(dm, nhap_lieu_an_lao, {dm.ct03: ONhap(D("92500"), ghi_chu="Đúng: có khoản thu đột biến")})
    assert ThucHien.objects.get(ky=dm.ky_2023_6t, chi_tieu=dm.ct03).ghi_chu == "Đúng: có khoản thu đột biến"


def test_the_bulk_save_holds_the_same_values_against_the_plans_it_writes(ngan_sach, tong_hop):
    dm = ngan_sach
    ky = dm.ky_2023_6t

    def luu(th, kh=None):
        return services.luu_hang_loat(thuc_hien={(dm.an_lao, ky): th}, ke_hoach=kh or {}, nguoi=tong_hop,
                                      ly_do="Nhập từ Excel: x.xlsx")

    with pytest.raises(services.CanXacNhan) as loi:
        luu({dm.ct03: ONhap(D("92500")), dm.ct01: ONhap(D("447142"))})
    assert list(loi.value.o) == [(dm.an_lao, ky, dm.ct03)]
    assert not ThucHien.objects.filter(ky=ky).exists()
    # The same file raising the plan to 185.000 (92.500 expected) makes 92.500 plausible.
    luu({dm.ct03: ONhap(D("92500"))},
        {(dm.an_lao, 2023): {(dm.ct03, nguon("kh-tinh"), date(2023, 1, 1)): OKeHoach(D("185000"))}})
    assert ThucHien.objects.get(ky=ky, chi_tieu=dm.ct03).gia_tri == D("92500")
    # …and confirmed, it is saved whatever the plan.
    luu({dm.ct03: ONhap(D("9250000"), da_xac_nhan=True)})
    assert ThucHien.objects.get(ky=ky, chi_tieu=dm.ct03).gia_tri == D("9250000")
