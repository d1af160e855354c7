"""Reads. Every figure a page shows comes from here, computed by `tinh_toan`.

`bang_chi_tieu` is the core: for one period and any number of units it returns, per
unit, one row per indicator with the plans, the actual, the same period last year and
every comparison — in a fixed number of SQL queries, however many units and
indicators there are.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import tinh_toan
from .models import ChiTieu, DonVi, KeHoach, KyBaoCao, ThucHien, TrangThaiNop

TINH = KeHoach.CapGiao.TINH
HUYEN = KeHoach.CapGiao.HUYEN


@dataclass
class GiaTri:
    """A value of one unit, entered or summed from the units below it."""

    gia_tri: Decimal | None = None
    la_uoc: bool = False
    ghi_chu: str = ""
    tong_tu_don_vi_con: bool = False  # summed from the units below
    so_don_vi_thieu: int = 0  # units below without a value, when the sum is incomplete
    so_don_vi_con: int = 0


@dataclass
class DongChiTieu:
    """One indicator of one unit in one period, with every comparison a report makes."""

    chi_tieu: ChiTieu
    cap: int  # 0 for an indicator, 1 for a sub-indicator, …
    kh_tinh: GiaTri
    kh_huyen: GiaTri
    th: GiaTri
    th_cung_ky: GiaTri
    so_kh_tinh: tinh_toan.DanhGia
    so_kh_huyen: tinh_toan.DanhGia
    so_cung_ky: tinh_toan.SoCungKy
    trang_thai: str  # against KH tỉnh giao, or KH huyện giao where the province set none
    th_tinh_tu_goc: bool = False  # a growth rate computed from its base indicator

    @property
    def so_bang_chenh_lech(self) -> bool:
        return self.so_kh_tinh.so_bang_chenh_lech


@dataclass
class BangDonVi:
    """The indicator table of one unit in one period."""

    don_vi: DonVi
    ky: KyBaoCao
    dong: list[DongChiTieu] = field(default_factory=list)

    @property
    def tien_do_ky_vong(self) -> Decimal:
        return tinh_toan.tien_do_ky_vong(self.ky.so_thang)

    def theo_linh_vuc(self) -> list[tuple[str, list[DongChiTieu]]]:
        """Rows grouped by lĩnh vực, in catalog order."""
        nhom: dict[str, list[DongChiTieu]] = {}
        for dong in self.dong:
            nhom.setdefault(dong.chi_tieu.get_linh_vuc_display(), []).append(dong)
        return list(nhom.items())

    def dem_trang_thai(self) -> dict[str, int]:
        """How many top-level indicators are in each status."""
        dem: dict[str, int] = defaultdict(int)
        for dong in self.dong:
            if dong.cap == 0:
                dem[dong.trang_thai] += 1
        return dict(dem)


def lay_ky(slug: str) -> KyBaoCao:
    """The period of a URL slug such as `2023-6t`, or 404."""
    nam_thang = KyBaoCao.tu_slug(slug)
    if nam_thang is None:
        raise Http404("Kỳ báo cáo không hợp lệ.")
    return get_object_or_404(KyBaoCao, nam=nam_thang[0], so_thang=nam_thang[1])


def ky_moi_nhat_co_so_lieu(don_vi: DonVi | None = None) -> KyBaoCao | None:
    """The latest period with at least one reported value (for this unit, or any)."""
    co_so_lieu = ThucHien.objects.all() if don_vi is None else ThucHien.objects.filter(don_vi=don_vi)
    return KyBaoCao.objects.filter(id__in=co_so_lieu.values("ky_id")).order_by("-nam", "-so_thang").first()


def chi_tieu_trong_nam(nam: int) -> list[tuple[ChiTieu, int]]:
    """The catalog applicable in `nam`, each indicator followed by its sub-indicators,
    with its depth (0, 1, …). One query."""
    chi_tieu = list(
        ChiTieu.objects.filter(Q(tu_nam__isnull=True) | Q(tu_nam__lte=nam))
        .filter(Q(den_nam__isnull=True) | Q(den_nam__gte=nam))
        .order_by("thu_tu", "ma")
    )
    co_mat = {ct.id for ct in chi_tieu}
    con_cua: dict[int | None, list[ChiTieu]] = defaultdict(list)
    for ct in chi_tieu:
        con_cua[ct.cha_id if ct.cha_id in co_mat else None].append(ct)
    ket_qua: list[tuple[ChiTieu, int]] = []

    def them(cha_id: int | None, cap: int) -> None:
        for ct in con_cua.get(cha_id, []):
            ket_qua.append((ct, cap))
            them(ct.id, cap + 1)

    them(None, 0)
    return ket_qua


class _SoLieu:
    """Plans and actuals of a set of units and the units directly below them, fetched
    once, with the rollup rule: an entered value wins; otherwise a `tong` indicator is
    the sum of the units below — only when every one of them has a value."""

    def __init__(self, ky: KyBaoCao, cac_don_vi: Sequence[DonVi]):
        self.ky = ky
        ids = [dv.id for dv in cac_don_vi]
        self.con: dict[int, list[int]] = defaultdict(list)
        for id_, cha_id, ngay_ngung in DonVi.objects.filter(cha_id__in=ids).values_list(
            "id", "cha_id", "ngay_ngung_hoat_dong"
        ):
            if DonVi(ngay_ngung_hoat_dong=ngay_ngung).hoat_dong_trong_nam(ky.nam):
                self.con[cha_id].append(id_)
        tat_ca = set(ids).union(*self.con.values())
        self.ke_hoach: dict[tuple[int, int, str], Decimal] = {
            (dv, ct, cap): gia_tri
            for dv, ct, cap, gia_tri in KeHoach.objects.filter(nam=ky.nam, don_vi_id__in=tat_ca).values_list(
                "don_vi_id", "chi_tieu_id", "cap_giao", "gia_tri"
            )
        }
        self.thuc_hien: dict[tuple[int, int, int], tuple[Decimal, bool, str]] = {
            (dv, ct, nam): (gia_tri, la_uoc, ghi_chu)
            for dv, ct, nam, gia_tri, la_uoc, ghi_chu in ThucHien.objects.filter(
                don_vi_id__in=tat_ca, ky__so_thang=ky.so_thang, ky__nam__in=[ky.nam, ky.nam - 1]
            ).values_list("don_vi_id", "chi_tieu_id", "ky__nam", "gia_tri", "la_uoc", "ghi_chu")
        }

    def _cong_don_vi_con(self, don_vi_id: int, chi_tieu: ChiTieu, doc) -> GiaTri:
        con = self.con.get(don_vi_id, [])
        if chi_tieu.tong_hop != ChiTieu.TongHop.TONG or not con:
            return GiaTri()
        cua_con = [doc(id_) for id_ in con]
        co = [gt for gt in cua_con if gt.gia_tri is not None]
        if not co:
            return GiaTri()
        return GiaTri(
            gia_tri=tinh_toan.tong([gt.gia_tri for gt in cua_con]),
            la_uoc=any(gt.la_uoc for gt in co),
            tong_tu_don_vi_con=True,
            so_don_vi_thieu=len(con) - len(co),
            so_don_vi_con=len(con),
        )

    def ke_hoach_cua(self, don_vi_id: int, chi_tieu: ChiTieu, cap: str) -> GiaTri:
        def rieng(id_: int) -> GiaTri:
            return GiaTri(gia_tri=self.ke_hoach.get((id_, chi_tieu.id, cap)))

        gt = rieng(don_vi_id)
        return gt if gt.gia_tri is not None else self._cong_don_vi_con(don_vi_id, chi_tieu, rieng)

    def thuc_hien_cua(self, don_vi_id: int, chi_tieu: ChiTieu, nam: int) -> GiaTri:
        def rieng(id_: int) -> GiaTri:
            co = self.thuc_hien.get((id_, chi_tieu.id, nam))
            return GiaTri() if co is None else GiaTri(gia_tri=co[0], la_uoc=co[1], ghi_chu=co[2])

        gt = rieng(don_vi_id)
        return gt if gt.gia_tri is not None else self._cong_don_vi_con(don_vi_id, chi_tieu, rieng)


def _dong(so_lieu: _SoLieu, don_vi_id: int, chi_tieu: ChiTieu, cap: int, chi_tieu_theo_id) -> DongChiTieu:
    ky = so_lieu.ky
    kh_tinh = so_lieu.ke_hoach_cua(don_vi_id, chi_tieu, TINH)
    kh_huyen = so_lieu.ke_hoach_cua(don_vi_id, chi_tieu, HUYEN)
    th = so_lieu.thuc_hien_cua(don_vi_id, chi_tieu, ky.nam)
    th_cung_ky = so_lieu.thuc_hien_cua(don_vi_id, chi_tieu, ky.nam - 1)
    th_tinh_tu_goc = False
    if chi_tieu.loai == ChiTieu.Loai.TANG_TRUONG:
        goc = chi_tieu_theo_id.get(chi_tieu.chi_tieu_goc_id)
        goc_nay = so_lieu.thuc_hien_cua(don_vi_id, goc, ky.nam) if goc else GiaTri()
        goc_truoc = so_lieu.thuc_hien_cua(don_vi_id, goc, ky.nam - 1) if goc else GiaTri()
        gia_tri, th_tinh_tu_goc = tinh_toan.gia_tri_tang_truong(
            th_goc=goc_nay.gia_tri, th_goc_cung_ky=goc_truoc.gia_tri, nhap=th.gia_tri
        )
        if th_tinh_tu_goc:
            th = GiaTri(gia_tri=gia_tri, la_uoc=goc_nay.la_uoc, ghi_chu=th.ghi_chu)
        # Last year's growth rate is not "the same period" of a rate: no comparison.
        th_cung_ky = GiaTri()

    def so_voi(kh: GiaTri) -> tinh_toan.DanhGia:
        return tinh_toan.danh_gia(
            loai=chi_tieu.loai,
            chieu=chi_tieu.chieu,
            la_ty_le=chi_tieu.la_ty_le,
            th=th.gia_tri,
            kh=kh.gia_tri,
            so_thang=ky.so_thang,
        )

    so_kh_tinh, so_kh_huyen = so_voi(kh_tinh), so_voi(kh_huyen)
    trang_thai = so_kh_tinh.trang_thai
    if trang_thai == tinh_toan.THIEU_SO_LIEU:
        trang_thai = so_kh_huyen.trang_thai
    return DongChiTieu(
        chi_tieu=chi_tieu,
        cap=cap,
        kh_tinh=kh_tinh,
        kh_huyen=kh_huyen,
        th=th,
        th_cung_ky=th_cung_ky,
        so_kh_tinh=so_kh_tinh,
        so_kh_huyen=so_kh_huyen,
        so_cung_ky=tinh_toan.so_cung_ky(
            loai=chi_tieu.loai, la_ty_le=chi_tieu.la_ty_le, th=th.gia_tri, th_cung_ky=th_cung_ky.gia_tri
        ),
        trang_thai=trang_thai,
        th_tinh_tu_goc=th_tinh_tu_goc,
    )


def bang_chi_tieu(ky: KyBaoCao, cac_don_vi: Sequence[DonVi]) -> dict[int, BangDonVi]:
    """The indicator table of each unit for `ky`, keyed by unit id. Four queries, however
    many units and indicators."""
    chi_tieu = chi_tieu_trong_nam(ky.nam)
    chi_tieu_theo_id = {ct.id: ct for ct, _ in chi_tieu}
    so_lieu = _SoLieu(ky, cac_don_vi)
    return {
        dv.id: BangDonVi(
            don_vi=dv,
            ky=ky,
            dong=[_dong(so_lieu, dv.id, ct, cap, chi_tieu_theo_id) for ct, cap in chi_tieu],
        )
        for dv in cac_don_vi
    }


def bang_don_vi(don_vi: DonVi, ky: KyBaoCao) -> BangDonVi:
    """The indicator table of one unit in one period."""
    return bang_chi_tieu(ky, [don_vi])[don_vi.id]


def trang_thai_nop_cua(ky: KyBaoCao, cac_don_vi: Sequence[DonVi]) -> dict[int, TrangThaiNop]:
    """The workflow row of each unit for `ky` (unsaved `dang_nhap` rows where none exist)."""
    co = {tt.don_vi_id: tt for tt in TrangThaiNop.objects.filter(ky=ky, don_vi__in=cac_don_vi)}
    return {dv.id: co.get(dv.id) or TrangThaiNop(don_vi=dv, ky=ky) for dv in cac_don_vi}
