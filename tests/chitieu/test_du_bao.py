"""The forecast's reads (chitieu.du_bao): which history each row's forecast uses — the
unit's own years, else the units beside it, for a province the units below it — built
by the rules of every table, only from years before the one forecast, in a fixed number
of queries."""

from decimal import Decimal as D

import pytest

from chitieu import du_bao, selectors, tinh_toan
from chitieu.models import DonVi, TrangThaiNop
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien


def _nam(dv, ct, nam: int, thang_6, ca_nam) -> None:
    """Figures of 6 months and the whole year of `nam`."""
    if thang_6 is not None:
        dat_thuc_hien(dv, ct, factories.ky(nam, 6), thang_6)
    if ca_nam is not None:
        dat_thuc_hien(dv, ct, factories.ky(nam, 12), ca_nam)


def _dong(dv, ma: str, ky, chi_da_duyet: bool = False):
    bang = selectors.bang_don_vi(dv, ky, chi_da_duyet=chi_da_duyet)
    du_bao.gan_du_bao(ky, [(dv, d) for d in bang.dong], chi_da_duyet=chi_da_duyet)
    return next(d for d in bang.dong if d.chi_tieu.ma == ma)


def _duyet(dv, *cac_ky, trang_thai=TrangThaiNop.TrangThai.DA_DUYET) -> None:
    for ky in cac_ky:
        TrangThaiNop.objects.update_or_create(don_vi=dv, ky=ky, defaults={"trang_thai": trang_thai})


@pytest.fixture
def ngan_sach(danh_muc):
    """Budget revenue of An Lão, 40 % of the year by June in 2019–2022, and its plan of 2023."""
    dm = danh_muc
    for nam, thang_6 in ((2019, "40"), (2020, "42"), (2021, "38"), (2022, "40")):
        _nam(dm.an_lao, dm.ct03, nam, thang_6, "100")
    dat_ke_hoach(dm.an_lao, dm.ct03, 2023, tinh="95", huyen="130")
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2023, 6), "42")
    return dm


def test_a_unit_with_its_own_years_is_forecast_by_its_own_season(ngan_sach):
    dm = ngan_sach
    dong = _dong(dm.an_lao, "CT03", dm.ky_2023_6t)
    d = dong.du_bao.du_bao
    assert d.cach == tinh_toan.MUA_VU_RIENG
    assert [nam for nam, _ in d.mua_vu.cac_mau] == [2019, 2020, 2021, 2022]
    assert d.gia_tri == D(105)  # 42 / 40 %, where n/12 would say 84
    assert D(95) < d.thap < d.gia_tri < d.cao < D(130)
    # KH tỉnh 95 is met by the whole range; KH huyện 130 by none of it.
    assert dong.du_bao.theo("kh-tinh").ket_luan == tinh_toan.DU_KIEN_DAT
    assert dong.du_bao.theo("kh-huyen").ket_luan == tinh_toan.NGUY_CO
    assert dong.du_bao.chinh is dong.du_bao.theo("kh-tinh")
    assert dong.du_bao.theo("kh-tinh").phan_tram_thap >= D(100)
    # The track record: each of 2019–2022 forecast with the years before it.
    assert [lan.nam for lan in dong.du_bao.kiem_dinh.cac_lan] == [2019, 2020, 2021, 2022]


def test_only_years_before_the_period_count_never_the_year_itself_or_later(ngan_sach):
    dm = ngan_sach
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2023, 12), "500")  # the year being forecast has ended
    _nam(dm.an_lao, dm.ct03, 2024, "1", "1000")
    d = _dong(dm.an_lao, "CT03", dm.ky_2023_6t).du_bao.du_bao
    assert [nam for nam, _ in d.mua_vu.cac_mau] == [2019, 2020, 2021, 2022] and d.gia_tri == D(105)
    # Seen from June 2021, only 2019 and 2020 are history: too few, n/12 (38 × 12 / 6).
    truoc = _dong(dm.an_lao, "CT03", factories.ky(2021, 6)).du_bao.du_bao
    assert truoc.cach == tinh_toan.DEU and truoc.gia_tri == D(76)


def test_with_only_approved_figures_the_forecast_starts_from_and_learns_from_approved_figures_only(ngan_sach):
    dm = ngan_sach
    for nam in (2019, 2020, 2021):
        _duyet(dm.an_lao, factories.ky(nam, 6), factories.ky(nam, 12))
    _duyet(dm.an_lao, factories.ky(2022, 6), factories.ky(2022, 12), trang_thai=TrangThaiNop.TrangThai.DA_GUI)
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2022, 6), "20")  # sent, not approved: 20 % by June
    # Every figure counts by default: 2022's 20 % pulls the share down and the forecast up.
    assert [nam for nam, _ in _dong(dm.an_lao, "CT03", dm.ky_2023_6t).du_bao.du_bao.mua_vu.cac_mau] == [
        2019, 2020, 2021, 2022]
    # Only approved: 2023's own figure is not approved yet, so there is nothing to forecast from.
    chua_duyet = _dong(dm.an_lao, "CT03", dm.ky_2023_6t, chi_da_duyet=True)
    assert chua_duyet.th.gia_tri is None and chua_duyet.du_bao.du_bao.ly_do == tinh_toan.THIEU_TH
    # Approved, it is forecast from the approved years alone (40 %, 42 %, 38 %: 42 / 40 % = 105).
    _duyet(dm.an_lao, dm.ky_2023_6t)
    d = _dong(dm.an_lao, "CT03", dm.ky_2023_6t, chi_da_duyet=True).du_bao
    assert [nam for nam, _ in d.du_bao.mua_vu.cac_mau] == [2019, 2020, 2021]
    assert d.du_bao.gia_tri == D(105)
    assert [lan.nam for lan in d.kiem_dinh.cac_lan] == [2019, 2020, 2021]  # the track record too
    # The units beside it count only approved years as well: An Lão with one approved year
    # takes the season of Tuy Phước's approved years, never of its drafts.
    for nam in (2019, 2020, 2021):
        _duyet(dm.an_lao, factories.ky(nam, 6), factories.ky(nam, 12), trang_thai=TrangThaiNop.TrangThai.TRA_LAI)
    for nam, thang_6 in ((2019, "30"), (2020, "30"), (2021, "30"), (2022, "90")):
        _nam(dm.tuy_phuoc, dm.ct03, nam, thang_6, "100")
        if nam < 2022:
            _duyet(dm.tuy_phuoc, factories.ky(nam, 6), factories.ky(nam, 12))
    d = _dong(dm.an_lao, "CT03", dm.ky_2023_6t, chi_da_duyet=True).du_bao.du_bao
    assert d.cach == tinh_toan.MUA_VU_CUNG_CAP
    assert sorted(d.mua_vu.cac_mau) == [(2019, D("0.3")), (2020, D("0.3")), (2021, D("0.3"))]
    assert d.gia_tri == D(140)  # 42 / 30 %


def test_fewer_than_three_own_years_take_the_season_of_the_units_beside_it(danh_muc):
    dm = danh_muc
    phu_cat = factories.tao_don_vi("phu-cat", "Phù Cát", cha=dm.tinh, thu_tu=3)
    for nam in (2020, 2021, 2022):
        _nam(dm.tuy_phuoc, dm.ct03, nam, "30", "100")
        _nam(phu_cat, dm.ct03, nam, "60", "200")
    _nam(dm.an_lao, dm.ct03, 2022, "27", "90")  # An Lão itself: one year
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "33")
    d = _dong(dm.an_lao, "CT03", dm.ky_2023_6t).du_bao.du_bao
    assert d.cach == tinh_toan.MUA_VU_CUNG_CAP
    assert len(d.mua_vu.cac_mau) == 7 and d.mua_vu.gia_tri == D("0.3")
    assert d.gia_tri == D(110)
    # Another province's units are not "beside" An Lão.
    khac = factories.tao_don_vi("gia-lai", "Gia Lai", cap=DonVi.Cap.TINH)
    ia_grai = factories.tao_don_vi("ia-grai", "Ia Grai", cha=khac)
    for nam in (2019, 2020, 2021, 2022):
        _nam(ia_grai, dm.ct03, nam, "90", "100")
    assert _dong(dm.an_lao, "CT03", dm.ky_2023_6t).du_bao.du_bao.gia_tri == D(110)


def test_without_enough_history_anywhere_the_forecast_is_n_12_and_says_so(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "33")
    d = _dong(dm.an_lao, "CT03", dm.ky_2023_6t).du_bao.du_bao
    assert d.cach == tinh_toan.DEU and d.gia_tri == D(66) and not d.co_khoang


def test_a_province_is_forecast_from_its_sums_and_else_from_the_units_below_it(danh_muc):
    dm = danh_muc
    for nam in (2021, 2022):
        _nam(dm.an_lao, dm.ct03, nam, "30", "100")
        _nam(dm.tuy_phuoc, dm.ct03, nam, "20", "50")
    for dv, th in ((dm.an_lao, "33"), (dm.tuy_phuoc, "21")):
        dat_thuc_hien(dv, dm.ct03, dm.ky_2023_6t, th)
    dong = _dong(dm.tinh, "CT03", dm.ky_2023_6t)
    assert dong.th.gia_tri == D(54) and dong.th.tong_tu_don_vi_con
    d = dong.du_bao.du_bao
    # Two own years (the sums 50 / 150) are too few: the four unit-years below it, 30 % and 40 %.
    assert d.cach == tinh_toan.MUA_VU_CUNG_CAP and sorted(x for _, x in d.mua_vu.cac_mau) == [
        D("0.3"), D("0.3"), D("0.4"), D("0.4")]
    _nam(dm.an_lao, dm.ct03, 2020, "30", "100")
    _nam(dm.tuy_phuoc, dm.ct03, 2020, "20", "50")
    d = _dong(dm.tinh, "CT03", dm.ky_2023_6t).du_bao.du_bao
    assert d.cach == tinh_toan.MUA_VU_RIENG and len(d.mua_vu.cac_mau) == 3
    assert all(abs(x - D(1) / 3) < D("1E-20") for _, x in d.mua_vu.cac_mau)  # 50 of 150 each year
    # A year where a unit below lacks its figure is no sum, and no year of the province.
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2019, 6), "30")
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2019, 12), "100")
    d = _dong(dm.tinh, "CT03", dm.ky_2023_6t).du_bao.du_bao
    assert [nam for nam, _ in d.mua_vu.cac_mau] == [2020, 2021, 2022]


def test_a_unit_that_ended_is_not_part_of_a_later_years_sum(danh_muc):
    dm = danh_muc
    cu = factories.tao_don_vi("huyen-cu", "Huyện cũ", cha=dm.tinh, ngay_ngung_hoat_dong="2021-07-01")
    for nam in (2019, 2020, 2021, 2022):
        _nam(dm.an_lao, dm.ct03, nam, "30", "100")
        _nam(dm.tuy_phuoc, dm.ct03, nam, "30", "100")
    for nam in (2019, 2020, 2021):
        _nam(cu, dm.ct03, nam, "90", "100")
    lich_su = du_bao.LichSu(2023, 6, [dm.tinh], {dm.ct03.id})
    assert lich_su.cua(dm.tinh.id, dm.ct03, 2021, 12) == D(300)
    assert lich_su.cua(dm.tinh.id, dm.ct03, 2022, 12) == D(200)  # ended in 2021: not expected in 2022


def test_a_growth_rate_is_carried_forward_with_its_usual_change_computed_from_its_base(danh_muc):
    dm = danh_muc
    # CT01 grows 5 % by June and 10 % over each whole year: the rate rises 5 points by December.
    tong = {2018: (D(100), D(200))}
    for nam in range(2019, 2023):
        truoc = tong[nam - 1]
        tong[nam] = (truoc[0] * D("1.05"), truoc[1] * D("1.10"))
    for nam, (thang_6, ca_nam) in tong.items():
        _nam(dm.an_lao, dm.ct01, nam, thang_6, ca_nam)
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, tong[2022][0] * D("1.06"))
    dat_ke_hoach(dm.an_lao, dm.ct02, 2023, tinh="10")
    dong = _dong(dm.an_lao, "CT02", dm.ky_2023_6t)
    assert dong.th.gia_tri == D("6.00")
    d = dong.du_bao.du_bao
    assert d.cach == tinh_toan.MUA_VU_RIENG and [x for _, x in d.mua_vu.cac_mau] == [D(5)] * 4
    assert d.gia_tri == D(11) and dong.du_bao.theo("kh-tinh").ket_luan == tinh_toan.DU_KIEN_DAT


def test_a_row_without_a_figure_gets_no_forecast_and_the_full_year_none_at_all(danh_muc):
    dm = danh_muc
    assert _dong(dm.an_lao, "CT03", dm.ky_2023_6t).du_bao.du_bao.ly_do == tinh_toan.THIEU_TH
    bang = selectors.bang_don_vi(dm.an_lao, factories.ky(2023, 12))
    du_bao.gan_du_bao(factories.ky(2023, 12), [(dm.an_lao, d) for d in bang.dong])
    assert all(d.du_bao is None for d in bang.dong)


def test_forecasts_take_two_queries_however_many_units_and_years(danh_muc, django_assert_num_queries):
    dm = danh_muc
    ky = dm.ky_2023_6t

    def dem() -> None:
        cac_don_vi = list(DonVi.objects.all())
        bang = selectors.bang_chi_tieu(ky, cac_don_vi)
        with django_assert_num_queries(2):
            du_bao.gan_du_bao(ky, [(dv, d) for dv in cac_don_vi for d in bang[dv.id].dong])
        with django_assert_num_queries(0):  # the track record is computed from what was read
            assert all(d.du_bao.kiem_dinh is not None for dv in cac_don_vi for d in bang[dv.id].dong)

    dem()
    for i in range(8):
        dv = factories.tao_don_vi(f"xa-{i}", f"Xã {i}", cap=DonVi.Cap.XA, cha=dm.an_lao)
        for nam in range(2015, 2023):
            _nam(dv, dm.ct03, nam, "40", "100")
    dem()


def test_the_full_year_grid_is_offered_the_forecast_of_the_latest_earlier_period(ngan_sach):
    dm = ngan_sach
    ky_12 = factories.ky(2023, 12)
    assert du_bao.ky_du_bao_ca_nam(dm.an_lao, ky_12) == dm.ky_2023_6t
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2023, 9), "70")
    assert du_bao.ky_du_bao_ca_nam(dm.an_lao, ky_12) == factories.ky(2023, 9)
    assert du_bao.ky_du_bao_ca_nam(dm.tinh, ky_12) == factories.ky(2023, 9)  # from the units below
    assert du_bao.ky_du_bao_ca_nam(dm.tuy_phuoc, ky_12) is None
    bang = selectors.bang_don_vi(dm.an_lao, ky_12)
    theo_ct = du_bao.du_bao_tu_ky(dm.an_lao, dm.ky_2023_6t, bang.dong)
    assert theo_ct[dm.ct03.id].th == D(42) and theo_ct[dm.ct03.id].du_bao.gia_tri == D(105)


def test_the_track_record_of_an_indicator_pools_every_unit_and_year(ngan_sach):
    dm = ngan_sach
    kd = du_bao.kiem_dinh_theo_chi_tieu(6, [dm.an_lao, dm.tuy_phuoc], [dm.ct03])[dm.ct03.id]
    # An Lão's 2019–2023 (2023 has no full year yet: left out); Tuy Phước has no figures.
    assert [lan.nam for lan in kd.cac_lan] == [2019, 2020, 2021, 2022]
