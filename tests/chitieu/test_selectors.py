"""The indicator table: every comparison, the rollup rule, and a fixed number of queries."""

from datetime import date
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu import selectors, tinh_toan
from chitieu.models import ChiTieu, DonVi
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien, ky


def _dong(bang, ma):
    return next(d for d in bang.dong if d.chi_tieu.ma == ma)


def test_it_reproduces_the_an_lao_report(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    bang = selectors.bang_don_vi(danh_muc.an_lao, danh_muc.ky_2023_6t)
    ky_vong = {
        "CT01": ("447142", "53.04", "52.69"),
        "CT01.1": ("184510", "54.33", "54.18"),
        "CT01.2": ("141004", "51.63", "51.15"),
        "CT01.3": ("121628", "52.80", "52.32"),
        "CT03": ("32.454", "77.59", "32.91"),
        "CT03.1": ("12.5", "125.00", "19.23"),
    }
    for ma, (th, pt_tinh, pt_huyen) in ky_vong.items():
        dong = _dong(bang, ma)
        assert dong.th.gia_tri == D(th)
        assert (dong.theo_nguon("kh-tinh").danh_gia.phan_tram, dong.theo_nguon("kh-huyen").danh_gia.phan_tram) == (D(pt_tinh), D(pt_huyen))
        assert dong.trang_thai == tinh_toan.DAT
    assert _dong(bang, "CT01").th.la_uoc and not _dong(bang, "CT03").th.la_uoc


def test_rows_follow_the_catalog_with_sub_indicators_under_their_parent(danh_muc):
    bang = selectors.bang_don_vi(danh_muc.an_lao, danh_muc.ky_2023_6t)
    assert [(d.chi_tieu.ma, d.cap) for d in bang.dong] == [
        ("CT01", 0), ("CT01.1", 1), ("CT01.2", 1), ("CT01.3", 1), ("CT02", 0), ("CT03", 0), ("CT03.1", 1),
        ("CT05", 0), ("CT08", 0), ("CT16", 0),
    ]
    assert [ten for ten, _ in bang.theo_linh_vuc()] == ["Kinh tế", "Văn hóa – xã hội", "Môi trường"]


def test_missing_and_zero_plans_give_no_percentage_and_missing_status(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="0")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "100")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "5")
    dat_ke_hoach(dm.an_lao, dm.ct05, 2023, tinh="40")
    bang = selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t)
    zero_plan, no_plan, no_actual = _dong(bang, "CT01"), _dong(bang, "CT03"), _dong(bang, "CT05")
    for dong in (zero_plan, no_plan, no_actual):
        assert dong.theo_nguon("kh-tinh").danh_gia.phan_tram is None
        assert dong.theo_nguon("kh-huyen").danh_gia.phan_tram is None
        assert dong.trang_thai == tinh_toan.THIEU_SO_LIEU
    assert no_actual.th.gia_tri is None


def test_status_uses_the_provinces_plan_and_falls_back_to_the_districts(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct03, 2023, huyen="100")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "20")
    dong = _dong(selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t), "CT03")
    assert dong.theo_nguon("kh-tinh").danh_gia.trang_thai == tinh_toan.THIEU_SO_LIEU
    assert dong.trang_thai == tinh_toan.CHAM_NHIEU


def test_comparisons_a_page_does_not_read_are_made_when_first_read_and_are_the_same(danh_muc):
    """A row reads last year's figure and compares with a source other than the status's
    only when a page asks (the overview of 130 communes asks neither): what it then gives
    is what `tinh_toan` gives for the same numbers."""
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000", huyen="848700")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "422509")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "447142")
    dong = _dong(selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t), "CT01")
    huyen = dong.theo_nguon("kh-huyen")
    assert callable(dong.cung_ky) and huyen._danh_gia is None  # not made yet
    assert dong.trang_thai == tinh_toan.DAT and dong.nguon_trang_thai.nguon.ma == "kh-tinh"
    assert dong.th_cung_ky.gia_tri == D("422509") and dong.ghi_chu_dia_gioi == ""
    assert not callable(dong.cung_ky)  # read once, kept
    assert dong.so_cung_ky == tinh_toan.so_cung_ky(loai=dm.ct01.loai, la_ty_le=False, th=D("447142"),
                                                   th_cung_ky=D("422509"))
    assert dong.so_cung_ky.phan_tram == D("105.83")
    assert huyen.danh_gia == tinh_toan.danh_gia(loai=dm.ct01.loai, chieu=dm.ct01.chieu, la_ty_le=False,
                                                th=D("447142"), kh=D("848700"), so_thang=6)
    assert huyen.danh_gia.phan_tram == D("52.69") and huyen._tham_so is None


def test_same_period_last_year_and_growth(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01_1, dm.ky_2022_6t, "1052340")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01_1, dm.ky_2023_6t, "1092593")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct08, dm.ky_2022_6t, "5.10")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct08, dm.ky_2023_6t, "4.60")
    bang = selectors.bang_don_vi(dm.tuy_phuoc, dm.ky_2023_6t)
    nong_nghiep = _dong(bang, "CT01.1")
    assert nong_nghiep.th_cung_ky.gia_tri == D("1052340")
    assert nong_nghiep.so_cung_ky.tang == D("3.83")
    assert nong_nghiep.so_cung_ky.phan_tram == D("103.83")
    ho_ngheo = _dong(bang, "CT08")
    assert ho_ngheo.so_cung_ky.chenh_lech == D("-0.50")
    assert ho_ngheo.so_cung_ky.phan_tram is None


def test_the_growth_indicator_is_computed_from_its_base_when_both_years_exist(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "420000")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "447142", la_uoc=True)
    dat_thuc_hien(dm.an_lao, dm.ct02, dm.ky_2023_6t, "9.99")  # entered, but computable: computed wins
    dat_ke_hoach(dm.an_lao, dm.ct02, 2023, tinh="7")
    dong = _dong(selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t), "CT02")
    assert dong.th.gia_tri == D("6.46") and dong.th_tinh_tu_goc and dong.th.la_uoc
    assert dong.theo_nguon("kh-tinh").danh_gia.chenh_lech == D("-0.54")
    assert dong.theo_nguon("kh-tinh").danh_gia.phan_tram is None
    assert dong.th_cung_ky.gia_tri is None


def test_the_growth_indicator_takes_the_entered_value_when_it_cannot_be_computed(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct02, dm.ky_2022_6t, "6.25")
    dong = _dong(selectors.bang_don_vi(dm.an_lao, dm.ky_2022_6t), "CT02")
    assert dong.th.gia_tri == D("6.25") and not dong.th_tinh_tu_goc


def test_the_province_sums_its_units_when_every_unit_reported(danh_muc):
    dm = danh_muc
    for dv, th, kh in ((dm.an_lao, "447142", "843000"), (dm.tuy_phuoc, "4000000", "7000000")):
        dat_thuc_hien(dv, dm.ct01, dm.ky_2023_6t, th, la_uoc=dv == dm.an_lao)
        dat_ke_hoach(dv, dm.ct01, 2023, tinh=kh)
    dong = _dong(selectors.bang_don_vi(dm.tinh, dm.ky_2023_6t), "CT01")
    assert dong.th.gia_tri == D("4447142") and dong.th.tong_tu_don_vi_con and dong.th.la_uoc
    assert dong.theo_nguon("kh-tinh").kh.gia_tri == D("7843000")
    assert dong.theo_nguon("kh-tinh").danh_gia.phan_tram == D("56.70")


def test_the_province_total_is_missing_not_partial_when_a_unit_has_not_reported(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "447142")
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    dat_ke_hoach(dm.tuy_phuoc, dm.ct01, 2023, tinh="7000000")
    dong = _dong(selectors.bang_don_vi(dm.tinh, dm.ky_2023_6t), "CT01")
    assert dong.th.gia_tri is None
    assert (dong.th.so_don_vi_thieu, dong.th.so_don_vi_con) == (1, 2)
    assert dong.theo_nguon("kh-tinh").danh_gia.phan_tram is None
    assert dong.trang_thai == tinh_toan.THIEU_SO_LIEU


def test_an_entered_province_figure_wins_over_the_sum_and_rates_are_never_summed(danh_muc):
    dm = danh_muc
    for dv in (dm.an_lao, dm.tuy_phuoc):
        dat_thuc_hien(dv, dm.ct01, dm.ky_2023_6t, "100")
        dat_thuc_hien(dv, dm.ct16, dm.ky_2023_6t, "50")
    dat_thuc_hien(dm.tinh, dm.ct01, dm.ky_2023_6t, "250")
    bang = selectors.bang_don_vi(dm.tinh, dm.ky_2023_6t)
    assert _dong(bang, "CT01").th.gia_tri == D("250") and not _dong(bang, "CT01").th.tong_tu_don_vi_con
    assert _dong(bang, "CT16").th.gia_tri is None


def test_the_units_plans_are_read_only_where_the_province_has_none(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.tinh, dm.ct01, 2023, tinh="9000000")
    for dv, kh in ((dm.an_lao, "843000"), (dm.tuy_phuoc, "7000000")):
        dat_ke_hoach(dv, dm.ct01, 2023, tinh=kh, huyen=kh)
    so_lieu = selectors.SoLieu(dm.ky_2023_6t, [dm.tinh])
    kh_tinh, kh_huyen = factories.nguon("kh-tinh").id, factories.nguon("kh-huyen").id
    assert {k for k in so_lieu.ke_hoach if k[0] != dm.tinh.id} == {
        (dm.an_lao.id, dm.ct01.id, kh_huyen), (dm.tuy_phuoc.id, dm.ct01.id, kh_huyen)}
    dong = _dong(selectors.bang_don_vi(dm.tinh, dm.ky_2023_6t), "CT01")
    rieng, tong = dong.theo_nguon("kh-tinh").kh, dong.theo_nguon("kh-huyen").kh
    assert (rieng.gia_tri, rieng.tong_tu_don_vi_con) == (D("9000000"), False)
    assert (tong.gia_tri, tong.tong_tu_don_vi_con) == (D("7843000"), True)
    # A unit on the page keeps all its plans; a caller about to replace plans reads them all.
    assert len([k for k in selectors.SoLieu(dm.ky_2023_6t, [dm.tinh, dm.an_lao]).ke_hoach if k[0] == dm.an_lao.id]) == 2
    assert len(selectors.SoLieu(dm.ky_2023_6t, [dm.tinh], moi_ke_hoach_cap_duoi=True).ke_hoach) == 5


def test_a_new_plan_removing_the_provinces_own_is_held_against_the_units_sum(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.tinh, dm.ct01, 2023, tinh="9000000")
    for dv, kh in ((dm.an_lao, "843000"), (dm.tuy_phuoc, "7000000")):
        dat_ke_hoach(dv, dm.ct01, 2023, tinh=kh)
    ky_ = dm.ky_2023_6t
    assert selectors.moc_bac_do(ky_, {dm.tinh: [dm.ct01]})[(dm.tinh.id, dm.ct01.id)].muc_ky_vong == D("4500000")
    bo_di = {(dm.tinh.id, dm.ct01.id, factories.nguon("kh-tinh").id, date(2023, 1, 1)): None}
    assert selectors.moc_bac_do(ky_, {dm.tinh: [dm.ct01]}, bo_di)[(dm.tinh.id, dm.ct01.id)].muc_ky_vong == D("3921500")


def test_a_retired_unit_counts_for_the_years_it_existed_only(danh_muc):
    dm = danh_muc
    dm.tuy_phuoc.ngay_ngung_hoat_dong = "2023-01-01"
    dm.tuy_phuoc.save()
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "447142")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "400000")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, dm.ky_2022_6t, "1000000")
    assert _dong(selectors.bang_don_vi(dm.tinh, dm.ky_2023_6t), "CT01").th.gia_tri == D("447142")
    assert _dong(selectors.bang_don_vi(dm.tinh, dm.ky_2022_6t), "CT01").th.gia_tri == D("1400000")
    # Its own history stays reportable.
    assert _dong(selectors.bang_don_vi(dm.tuy_phuoc, dm.ky_2022_6t), "CT01").th.gia_tri == D("1000000")


def test_only_indicators_in_force_that_year_are_listed(danh_muc):
    factories.tao_chi_tieu("CT99", tu_nam=2023)
    factories.tao_chi_tieu("CT98", den_nam=2022)
    ma_2022 = [d.chi_tieu.ma for d in selectors.bang_don_vi(danh_muc.an_lao, danh_muc.ky_2022_6t).dong]
    ma_2023 = [d.chi_tieu.ma for d in selectors.bang_don_vi(danh_muc.an_lao, danh_muc.ky_2023_6t).dong]
    assert "CT98" in ma_2022 and "CT99" not in ma_2022
    assert "CT99" in ma_2023 and "CT98" not in ma_2023


def test_status_counts_cover_top_level_indicators_only(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    dem = selectors.bang_don_vi(danh_muc.an_lao, danh_muc.ky_2023_6t).dem_trang_thai()
    assert dem == {tinh_toan.DAT: 2, tinh_toan.THIEU_SO_LIEU: 4}


def test_latest_period_with_data(danh_muc):
    assert selectors.ky_moi_nhat_co_so_lieu() is None
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, danh_muc.ky_2022_6t, "1")
    dat_thuc_hien(danh_muc.tuy_phuoc, danh_muc.ct01, ky(2023, 3), "1")
    assert selectors.ky_moi_nhat_co_so_lieu() == ky(2023, 3)
    assert selectors.ky_moi_nhat_co_so_lieu(danh_muc.an_lao) == danh_muc.ky_2022_6t


def _dem_truy_van(ham) -> int:
    with CaptureQueriesContext(connection) as truy_van:
        ham()
    return len(truy_van)


def _them_chi_tieu_va_don_vi(dm, so_chi_tieu: int, so_don_vi: int, tien_to: str) -> list[DonVi]:
    for i in range(so_chi_tieu):
        ct = factories.tao_chi_tieu(f"{tien_to}{i:03d}", tong_hop=ChiTieu.TongHop.TONG)
        dat_thuc_hien(dm.an_lao, ct, dm.ky_2023_6t, i)
        dat_ke_hoach(dm.an_lao, ct, 2023, tinh=i + 1)
    return [factories.tao_don_vi(f"dv-{tien_to.lower()}-{i}", f"Đơn vị {i}", cha=dm.tinh) for i in range(so_don_vi)]


def test_the_table_takes_the_same_number_of_queries_with_19_or_60_indicators_and_any_number_of_units(danh_muc):
    dm = danh_muc
    _them_chi_tieu_va_don_vi(dm, 9, 0, "X")  # 10 + 9 = 19 indicators
    it = _dem_truy_van(lambda: selectors.bang_don_vi(dm.tinh, dm.ky_2023_6t))
    _them_chi_tieu_va_don_vi(dm, 41, 50, "Y")  # 60 indicators, 52 units under the province
    assert ChiTieu.objects.count() == 60
    nhieu = _dem_truy_van(lambda: selectors.bang_don_vi(dm.tinh, dm.ky_2023_6t))
    cac_don_vi = list(DonVi.objects.all())
    tat_ca = _dem_truy_van(lambda: selectors.bang_chi_tieu(dm.ky_2023_6t, cac_don_vi))
    assert it == nhieu == tat_ca == 8
