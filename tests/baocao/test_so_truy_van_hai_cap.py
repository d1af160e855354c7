"""At two-tier scale (`tao_du_lieu_mau --hai-cap`): the pages of a commune and of a new
province across the 2025 reform, and the overview of a new province, run the same number
of SQL queries whatever the size of the country; and the cùng kỳ they show is the
share-weighted sum of the predecessors' figures of that period."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from chitieu import selectors, tinh_toan
from chitieu.models import ChiTieu, DonVi, KeThua, KyBaoCao, ThucHien
from tests import factories


def _sinh(so_tinh: int) -> None:
    call_command("tao_du_lieu_mau", stdout=StringIO(), hai_cap=True, tinh=so_tinh, huyen=2, chi_tieu=19, nam=2)


def _xa_tu_hai_huyen() -> DonVi:
    ma = (KeThua.objects.filter(don_vi_moi__cap=DonVi.Cap.XA).values("don_vi_moi__ma")
          .annotate(so=Count("id")).filter(so=2).order_by("don_vi_moi__ma").values_list("don_vi_moi__ma", flat=True)
          .first())
    return DonVi.objects.get(ma=ma)


# The pages across the reform read, beyond the pages of 2023 (tests/baocao/test_so_truy_van.py: unit page 20,
# overview 23, of which 2 find the default period where these ask for one: 1), the predecessors, the units below
# them, the id of the cùng kỳ period and their figures of it (`SoLieu._doc_tien_than`: 4); a unit page also the
# unit's own succession rows, to say where it came from (`ke_thua.nguon_goc`: 1); the overview the succession rows
# of the units shown, to group communes by former district (1).
SO_TRUY_VAN = {
    "/don-vi/{xa}/2026-6t/": 25,
    "/don-vi/tinh-moi-01/2026-6t/": 25,
    "/?tinh=tinh-moi-01&ky=2026-6t": 27,
}


@pytest.mark.parametrize("so_tinh, so_tinh_moi", [(2, 1), (4, 2)], ids=["2-tinh-cu", "4-tinh-cu"])
def test_pages_across_the_reform_take_the_same_number_of_queries(client, db, so_tinh, so_tinh_moi):
    _sinh(so_tinh)
    assert DonVi.objects.filter(cap=DonVi.Cap.TINH, ngay_thanh_lap__isnull=False).count() == so_tinh_moi
    ma_xa = _xa_tu_hai_huyen().ma
    client.force_login(factories.tao_nguoi_dung("lanh_dao_hai_cap", factories.LANH_DAO))
    client.get("/")
    da_chay = {}
    for mau in SO_TRUY_VAN:
        with CaptureQueriesContext(connection) as truy_van:
            tra_loi = client.get(mau.format(xa=ma_xa))
        assert tra_loi.status_code == 200, mau
        da_chay[mau] = len(truy_van.captured_queries)
    assert da_chay == SO_TRUY_VAN


def _th(don_vi_ids, ky: KyBaoCao, chi_tieu: ChiTieu) -> dict[int, Decimal]:
    return dict(ThucHien.objects.filter(don_vi_id__in=don_vi_ids, ky=ky, chi_tieu=chi_tieu)
                .values_list("don_vi_id", "gia_tri"))


@pytest.mark.django_db
def test_a_communes_and_a_new_provinces_cung_ky_are_built_from_their_predecessors():
    _sinh(4)
    ky_nay, cung_ky = KyBaoCao.objects.get(nam=2026, so_thang=6), KyBaoCao.objects.get(nam=2025, so_thang=6)
    ct01 = ChiTieu.objects.get(ma="CT01")
    xa = _xa_tu_hai_huyen()
    phan = list(KeThua.objects.filter(don_vi_moi=xa).select_related("don_vi_cu"))
    assert len(phan) == 2 and all(p.don_vi_cu.cap == DonVi.Cap.HUYEN for p in phan)
    cu = _th([p.don_vi_cu_id for p in phan], cung_ky, ct01)
    mong_doi = tinh_toan.lam_tron(sum(p.ty_le * cu[p.don_vi_cu_id] for p in phan), ct01.so_le)
    dong = next(d for d in selectors.bang_don_vi(xa, ky_nay).dong if d.chi_tieu == ct01)
    assert dong.th_cung_ky.gia_tri == mong_doi
    assert {p.don_vi_id for p in dong.th_cung_ky.tu_tien_than} == {p.don_vi_cu_id for p in phan}
    assert dong.ghi_chu_dia_gioi.startswith("cùng kỳ tính theo địa giới mới, từ: Huyện mẫu ")
    assert dong.th.gia_tri == _th([xa.id], ky_nay, ct01)[xa.id]  # its own figure of 2026, as entered

    # The new province: the sum of every district of the old provinces it merged.
    tinh = DonVi.objects.get(ma="tinh-moi-01")
    tinh_cu = list(KeThua.objects.filter(don_vi_moi=tinh).values_list("don_vi_cu_id", flat=True))
    assert tinh_cu and all(t == 1 for t in KeThua.objects.filter(don_vi_moi=tinh).values_list("ty_le", flat=True))
    huyen_cu = DonVi.objects.filter(cha_id__in=tinh_cu).values_list("id", flat=True)
    dong = next(d for d in selectors.bang_don_vi(tinh, ky_nay).dong if d.chi_tieu == ct01)
    assert dong.th_cung_ky.gia_tri == sum(_th(huyen_cu, cung_ky, ct01).values())
    assert dong.th.gia_tri == sum(_th(DonVi.objects.filter(cha=tinh).values_list("id", flat=True), ky_nay,
                                      ct01).values())
    # A rate has no comparable figure across the reform.
    ct08 = ChiTieu.objects.get(ma="CT08")
    dong = next(d for d in selectors.bang_don_vi(xa, ky_nay).dong if d.chi_tieu == ct08)
    assert dong.th_cung_ky.gia_tri is None and dong.th_cung_ky.khong_so_sanh_duoc
