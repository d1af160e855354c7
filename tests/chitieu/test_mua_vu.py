"""The synthetic seasons of generated data (chitieu.mua_vu): every cumulative series builds
up to its year's total, each kind has its own shape, the same seed gives the same data —
and on such data the seasonal forecast beats n/12 at month 6 for every seasonal kind
(the acceptance rule `bench/du_bao.py` checks at national size)."""

import random
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from chitieu import du_bao, mua_vu, tinh_toan
from chitieu.models import ChiTieu, DonVi, ThucHien


@pytest.mark.parametrize("mau", list(mua_vu.MAU.values()), ids=list(mua_vu.MAU))
def test_every_series_builds_up_month_by_month_to_its_years_total(mau):
    sinh = mua_vu.SinhMuaVu(random.Random(5))
    for nam in (2020, 2021):
        cac_thang = [sinh.luy_ke(mau, ("an-lao", "CT03"), nam, thang, D(1000), 3) for thang in range(1, 13)]
        assert cac_thang == sorted(cac_thang) and cac_thang[0] >= 0
        assert D(880) <= cac_thang[-1] <= D(1120)  # the plan ± 12 %
    assert mau.ty_trong(12) == 1 and 0 <= mau.ty_trong(6) <= 1


def test_the_seasonal_kinds_differ_from_an_even_year_and_the_even_kind_does_not():
    for ten, mau in mua_vu.MAU.items():
        lech = abs(mau.ty_trong(6) - 0.5)
        assert (lech > 0.02) == mau.theo_mua_vu, ten
    assert mua_vu.MAU["luong_thuc"].ty_trong(6) > 0.5  # the Đông Xuân harvest is in by June
    assert mua_vu.MAU["ngan_sach"].ty_trong(9) < 0.7 and mua_vu.MAU["dau_tu"].ty_trong(6) < 0.45


def test_each_catalog_indicator_has_a_pattern_and_extra_indicators_take_them_in_turn():
    assert mua_vu.mau_cua("CT06").ten == "luong_thuc" and mua_vu.mau_cua("CT03").ten == "ngan_sach"
    assert {mua_vu.mau_cua(f"BT{i}", i).ten for i in range(len(mua_vu.MAU))} == set(mua_vu.MAU)


def test_the_same_random_state_gives_the_same_values():
    a, b = mua_vu.SinhMuaVu(random.Random(3)), mua_vu.SinhMuaVu(random.Random(3))
    mau = mua_vu.MAU["dat"]
    assert ([a.luy_ke(mau, 1, 2020, t, D(500), 0) for t in (3, 6, 9, 12)]
            == [b.luy_ke(mau, 1, 2020, t, D(500), 0) for t in (3, 6, 9, 12)])


@pytest.mark.django_db
def test_on_generated_data_the_seasonal_forecast_beats_n_12_at_month_6_for_every_seasonal_kind():
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=2, huyen=6, chi_tieu=19, nam=6, tu_nam=2018)
    # The generator's cumulative figures follow their season: 6 months of the budget are well
    # under half of the year, 6 months of rice over half.
    ct03, ct06 = ChiTieu.objects.get(ma="CT03"), ChiTieu.objects.get(ma="CT06")
    huyen = DonVi.objects.get(ma="tinh-01-huyen-01")

    def ty_trong(ct, nam=2020):
        gia_tri = dict(ThucHien.objects.filter(don_vi=huyen, chi_tieu=ct, ky__nam=nam).values_list(
            "ky__so_thang", "gia_tri"))
        return gia_tri[6] / gia_tri[12]

    assert ty_trong(ct03) < D("0.48") and ty_trong(ct06) > D("0.5")

    cac_don_vi = list(DonVi.objects.all())
    cac_chi_tieu = list(ChiTieu.objects.all())
    theo_mau = mua_vu.theo_mau(cac_chi_tieu, du_bao.kiem_dinh_theo_chi_tieu(6, cac_don_vi, cac_chi_tieu))
    theo_mua_vu = [ten for ten, mau in mua_vu.MAU.items() if mau.theo_mua_vu]
    assert set(theo_mua_vu) <= set(theo_mau)  # the default catalog has every seasonal kind
    for ten in theo_mua_vu:
        kd = theo_mau[ten]
        assert kd.so_lan >= 14 * 5, ten  # 14 units × the years with a year before them
        assert kd.mape < kd.mape_don_gian, (ten, kd.mape, kd.mape_don_gian)
        assert kd.so_lan_trong_khoang >= kd.so_lan_co_khoang // 2, ten
    assert all(lan.du_bao.cach in (tinh_toan.MUA_VU_RIENG, tinh_toan.MUA_VU_CUNG_CAP, tinh_toan.DEU)
               for lan in theo_mau["ngan_sach"].cac_lan)
