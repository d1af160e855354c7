"""The benchmark data generator: the size asked for, deterministic from its seed."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum

from chitieu import selectors
from chitieu.models import ChiTieu, DonVi, KeHoach, KeThua, KyBaoCao, ThucHien


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


def _sinh_hai_cap(**kw) -> str:
    ra = StringIO()
    call_command("tao_du_lieu_mau", stdout=ra, **{"hai_cap": True, "tinh": 5, "huyen": 3, "chi_tieu": 19, "nam": 2,
                                                  **kw})
    return ra.getvalue()


@pytest.mark.django_db
def test_two_tier_builds_both_trees_and_their_succession():
    _sinh_hai_cap(tinh_moi=2, xa=40)
    cai_cach = date(2025, 7, 1)
    tinh_cu = DonVi.objects.filter(cap="tinh", ngay_ngung_hoat_dong=cai_cach)
    huyen_cu = DonVi.objects.filter(cap="huyen", ngay_ngung_hoat_dong=cai_cach)
    tinh_moi = DonVi.objects.filter(cap="tinh", ngay_thanh_lap=cai_cach, ngay_ngung_hoat_dong__isnull=True)
    cac_xa = DonVi.objects.filter(cap="xa", ngay_thanh_lap=cai_cach, cha__in=tinh_moi)
    assert (tinh_cu.count(), huyen_cu.count(), tinh_moi.count(), cac_xa.count()) == (5, 15, 2, 40)
    assert DonVi.objects.count() == 5 + 15 + 2 + 40
    # Each new province merges 1–3 old ones whole; each old province goes into exactly one.
    so_cu = dict(KeThua.objects.filter(don_vi_moi__in=tinh_moi).values_list("don_vi_moi").annotate(n=Count("id")))
    assert set(so_cu) == set(tinh_moi.values_list("id", flat=True)) and all(1 <= n <= 3 for n in so_cu.values())
    assert sorted(KeThua.objects.filter(don_vi_moi__in=tinh_moi).values_list("don_vi_cu__ma", flat=True)) == \
        sorted(tinh_cu.values_list("ma", flat=True))
    assert set(KeThua.objects.filter(don_vi_moi__in=tinh_moi).values_list("ty_le", flat=True)) == {Decimal(1)}
    # Each commune ← 1–2 old districts of its own province's predecessors; each district's shares add up to 1.
    so_tien_than = dict(KeThua.objects.filter(don_vi_moi__in=cac_xa).values_list("don_vi_moi").annotate(n=Count("id")))
    assert len(so_tien_than) == 40 and set(so_tien_than.values()) <= {1, 2} and 2 in so_tien_than.values()
    tong = dict(KeThua.objects.filter(don_vi_moi__in=cac_xa).values_list("don_vi_cu").annotate(s=Sum("ty_le")))
    assert set(tong) == set(huyen_cu.values_list("id", flat=True)) and set(tong.values()) == {Decimal(1)}
    for kt in KeThua.objects.filter(don_vi_moi__in=cac_xa).select_related("don_vi_moi", "don_vi_cu"):
        assert KeThua.objects.filter(don_vi_moi_id=kt.don_vi_moi.cha_id, don_vi_cu_id=kt.don_vi_cu.cha_id).exists()
    assert KeThua.objects.count() == 5 + sum(so_tien_than.values())
    # Monthly periods; the old districts report to 6 tháng 2025, the communes from 7 tháng 2025.
    assert sorted(KyBaoCao.objects.values_list("nam", "so_thang")) == [(n, t) for n in (2025, 2026)
                                                                       for t in range(1, 13)]
    assert set(ThucHien.objects.filter(don_vi__in=huyen_cu).values_list("ky__nam", "ky__so_thang")) == \
        {(2025, t) for t in range(1, 7)}
    assert set(ThucHien.objects.filter(don_vi__in=cac_xa).values_list("ky__nam", "ky__so_thang")) == \
        {(2025, t) for t in range(7, 13)} | {(2026, t) for t in range(1, 13)}
    so_chi_tieu = ChiTieu.objects.count()  # the default catalog, extended to 19 when it has fewer
    assert so_chi_tieu >= 19
    assert ThucHien.objects.count() == (15 * 6 + 40 * 18) * so_chi_tieu
    assert not ThucHien.objects.filter(don_vi__in=[*tinh_cu, *tinh_moi]).exists()  # provinces sum their units
    # The communes' own set, measured against KH tỉnh giao and NQ HĐND xã giao.
    xa = cac_xa.first()
    bo = selectors.bo_chi_tieu_cua(xa, 2026)
    assert bo.cap == "xa" and [n.ten for n, _ in selectors.nguon_cua_bo(bo)] == ["KH tỉnh giao", "NQ HĐND xã giao"]
    assert KeHoach.objects.filter(don_vi=xa, nam=2026, nguon__ma="nq-xa").count() == so_chi_tieu


@pytest.mark.django_db
def test_two_tier_is_deterministic_from_its_seed():
    def so_lieu():
        return sorted(ThucHien.objects.values_list("don_vi__ma", "chi_tieu__ma", "ky__nam", "ky__so_thang",
                                                   "gia_tri"))

    def ke_thua():
        return sorted(KeThua.objects.values_list("don_vi_moi__ma", "don_vi_cu__ma", "ty_le"))

    nho = {"tinh": 2, "huyen": 2, "xa": 6}
    _sinh_hai_cap(hat_giong=3, **nho)
    lan_1 = so_lieu(), ke_thua()
    _sinh_hai_cap(hat_giong=3, xoa_truoc=True, **nho)
    assert (so_lieu(), ke_thua()) == lan_1
    _sinh_hai_cap(hat_giong=4, xoa_truoc=True, **nho)
    assert ke_thua() != lan_1[1]


@pytest.mark.django_db
@pytest.mark.parametrize("tham_so, loi", [
    ({"tinh": 7, "tinh_moi": 2}, "Mỗi tỉnh mới hợp nhất từ 1 đến 3 tỉnh cũ: --tinh-moi 2 không hợp với --tinh 7."),
    ({"tinh": 2, "tinh_moi": 3}, "Mỗi tỉnh mới hợp nhất từ 1 đến 3 tỉnh cũ: --tinh-moi 3 không hợp với --tinh 2."),
    ({"tinh": 2, "xa": 5}, "Số xã mới (--xa 5) phải ít nhất bằng số huyện cũ (2 × 3)."),
    ({"tu_nam": 2020, "nam": 3}, "Với --hai-cap, các năm (--tu-nam, --nam) phải gồm cả 2025 và 2026."),
])
def test_two_tier_refuses_sizes_it_cannot_build_and_writes_nothing(tham_so, loi):
    with pytest.raises(CommandError) as loi_that:
        _sinh_hai_cap(**tham_so)
    assert str(loi_that.value) == loi
    assert not DonVi.objects.exists() and not KyBaoCao.objects.exists()


def _dau_van_tay() -> dict:
    """Counts, sums and a digest of every generated row, by codes (not ids)."""
    import hashlib

    def bam(dong) -> str:
        return hashlib.sha256(repr(sorted(dong)).encode()).hexdigest()[:16]

    return {
        "don_vi": DonVi.objects.count(), "ke_thua": KeThua.objects.count(), "ky": KyBaoCao.objects.count(),
        "ke_hoach": KeHoach.objects.count(), "thuc_hien": ThucHien.objects.count(),
        "tong_ke_hoach": KeHoach.objects.aggregate(s=Sum("gia_tri"))["s"],
        "tong_thuc_hien": ThucHien.objects.aggregate(s=Sum("gia_tri"))["s"],
        "so_uoc": ThucHien.objects.filter(la_uoc=True).count(),
        "bam_ke_hoach": bam(KeHoach.objects.values_list("don_vi__ma", "chi_tieu__ma", "nguon__ma", "nam",
                                                        "hieu_luc_tu", "gia_tri", "kieu", "can_cu")),
        "bam_thuc_hien": bam(ThucHien.objects.values_list("don_vi__ma", "chi_tieu__ma", "ky__nam", "ky__so_thang",
                                                          "gia_tri", "la_uoc", "ghi_chu", "tinh_lai_dia_gioi")),
        "bam_ke_thua": bam(KeThua.objects.values_list("don_vi_moi__ma", "don_vi_cu__ma", "ty_le")),
    }


def _rang_buoc_va_chi_muc() -> set:
    from django.db import connection

    with connection.cursor() as con_tro:
        con_tro.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid IN ('chitieu_thuchien'::regclass, 'chitieu_kehoach'::regclass)")
        co = set(con_tro.fetchall())
        con_tro.execute("SELECT tablename, indexname, indexdef FROM pg_indexes "
                        "WHERE tablename IN ('chitieu_thuchien', 'chitieu_kehoach')")
        return co | set(con_tro.fetchall())


@pytest.mark.django_db
def test_the_fast_load_writes_the_same_rows_as_before_and_restores_every_constraint():
    """The rows, values and sums of both generators at a small size are those the row-by-row
    loader (COPY under deferred foreign-key checks, commit 4dc15de) wrote for the same
    arguments and seed; the foreign keys, unique constraints and indexes the fast load drops
    are all back afterwards, and checked."""
    truoc = _rang_buoc_va_chi_muc()
    assert len(truoc) > 20
    _sinh_hai_cap(tinh=4, huyen=3, tinh_moi=2, xa=30)
    assert _dau_van_tay() == {
        "don_vi": 48, "ke_thua": 38, "ky": 24, "ke_hoach": 3312, "thuc_hien": 14076,
        "tong_ke_hoach": Decimal("5238085.400000"), "tong_thuc_hien": Decimal("9569881.133000"), "so_uoc": 2346,
        "bam_ke_hoach": "dba6ab2b59682850", "bam_thuc_hien": "f9491ddfc8aa59c6", "bam_ke_thua": "d360bd958af66c91"}
    assert _rang_buoc_va_chi_muc() == truoc
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=2, huyen=3, chi_tieu=25, nam=2, tu_nam=2022,
                 xoa_truoc=True)
    assert _dau_van_tay() == {
        "don_vi": 8, "ke_thua": 0, "ky": 8, "ke_hoach": 600, "thuc_hien": 1200,
        "tong_ke_hoach": Decimal("2313332.800000"), "tong_thuc_hien": Decimal("3002661.927000"), "so_uoc": 600,
        "bam_ke_hoach": "0174b89de9d8172e", "bam_thuc_hien": "bef386dbe5d30c95", "bam_ke_thua": "4f53cda18c2baa0c"}
    assert _rang_buoc_va_chi_muc() == truoc
