"""The benchmark data generator: the size asked for, deterministic from its seed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chitieu import selectors
from chitieu.models import ChiTieu, DonVi, KeHoach, KyBaoCao, ThucHien


def _sinh(**kw) -> None:
    call_command("tao_du_lieu_mau", stdout=StringIO(), **{"tinh": 2, "huyen": 3, "chi_tieu": 25, "nam": 2,
                                                          "tu_nam": 2022, **kw})


@pytest.mark.django_db
def test_it_generates_the_size_asked_for():
    _sinh()
    assert DonVi.objects.filter(cap="tinh").count() == 2
    assert DonVi.objects.filter(cap="huyen").count() == 6
    assert ChiTieu.objects.count() == 25
    assert KyBaoCao.objects.count() == 8
    assert ThucHien.objects.count() == 6 * 25 * 8
    assert KeHoach.objects.count() == 6 * 25 * 2 * 2
    # …and the pages' selectors read it: a province sums its units.
    tinh = DonVi.objects.get(ma="tinh-01")
    bang = selectors.bang_don_vi(tinh, KyBaoCao.objects.get(nam=2023, so_thang=6))
    ct01 = next(d for d in bang.dong if d.chi_tieu.ma == "CT01")
    assert ct01.th.tong_tu_don_vi_con and ct01.th.gia_tri > 0 and ct01.theo_nguon("kh-tinh").danh_gia.phan_tram is not None


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_refuses_to_mix_with_existing_units():
    _sinh(hat_giong=7)
    lan_1 = sorted(ThucHien.objects.values_list("don_vi__ma", "chi_tieu__ma", "ky__nam", "ky__so_thang", "gia_tri"))
    with pytest.raises(CommandError):
        _sinh(hat_giong=7)
    _sinh(hat_giong=7, xoa_truoc=True)
    lan_2 = sorted(ThucHien.objects.values_list("don_vi__ma", "chi_tieu__ma", "ky__nam", "ky__so_thang", "gia_tri"))
    assert lan_1 == lan_2
    _sinh(hat_giong=8, xoa_truoc=True)
    assert sorted(ThucHien.objects.values_list("don_vi__ma", "chi_tieu__ma", "ky__nam", "ky__so_thang",
                                               "gia_tri")) != lan_1
