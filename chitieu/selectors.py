"""Reads. Every figure a page shows comes from here, computed by `tinh_toan`.

`bang_chi_tieu` is the core: for one period and any number of units it returns, per
unit, one row per indicator with the plans, the actual, the same period last year and
every comparison — in a fixed number of SQL queries, however many units and
indicators there are.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import dinh_dang, tinh_toan
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


def ky_mac_dinh(cac_don_vi: Sequence[DonVi]) -> KyBaoCao | None:
    """The period the dashboards open on for someone who sees `cac_don_vi`: the latest
    in which at least half of those units (those active that year) have sent their
    figures or had them approved — so one unit's unsent draft never moves anyone's
    home page. Until some period qualifies (a new system, or one not using the
    workflow yet), the latest in which at least half of them have any figure, and
    failing that the latest with any figure of theirs. One query, two in the fallback."""
    ids = [dv.id for dv in cac_don_vi]

    def hoat_dong(nam: int) -> int:
        return sum(1 for dv in cac_don_vi if dv.hoat_dong_trong_nam(nam))

    def moi_nhat_dat_nua(dem) -> tuple | None:
        for ky_id, nam, thang, so in sorted(dem, key=lambda d: (d[1], d[2]), reverse=True):
            if 2 * so >= hoat_dong(nam):
                return ky_id, nam, thang
        return None

    da_gui = TrangThaiNop.objects.filter(
        don_vi_id__in=ids, trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET]
    ).values_list("ky_id", "ky__nam", "ky__so_thang").annotate(so=Count("don_vi_id", distinct=True))
    ky = moi_nhat_dat_nua(list(da_gui))
    if ky is None:
        co_so = list(ThucHien.objects.filter(don_vi_id__in=ids).values_list("ky_id", "ky__nam", "ky__so_thang")
                     .annotate(so=Count("don_vi_id", distinct=True)))
        ky = moi_nhat_dat_nua(co_so) or (max(co_so, key=lambda d: (d[1], d[2]))[:3] if co_so else None)
    return None if ky is None else KyBaoCao.from_db("default", ["id", "nam", "so_thang"], ky)


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


def chi_so_lieu_da_duyet(thuc_hien):
    """The actuals of a queryset whose (unit, period) is approved (đã duyệt). No query
    of its own: a condition of the same query."""
    return thuc_hien.filter(Exists(TrangThaiNop.objects.filter(
        don_vi_id=OuterRef("don_vi_id"), ky_id=OuterRef("ky_id"), trang_thai=TrangThaiNop.TrangThai.DA_DUYET)))


class SoLieu:
    """Plans and actuals of a set of units and the units directly below them, fetched
    once, with the rollup rule: an entered value wins; otherwise a `tong` indicator is
    the sum of the units below — only when every one of them has a value.

    `chi_tieu_ids` reads only those indicators (a page that shows one indicator across
    hundreds of units need not read the whole catalog); `chi_da_duyet` counts only
    figures whose (unit, period) is approved ("chỉ số liệu đã duyệt"), so drafts, sent
    and returned figures count nowhere, sums included; `tu_du_lieu` builds one from
    values already read (the trend page reads every year once)."""

    def __init__(self, ky: KyBaoCao, cac_don_vi: Sequence[DonVi], thay_the: dict | None = None,
                 chi_tieu_ids: Collection[int] | None = None, chi_da_duyet: bool = False):
        self.ky = ky
        ids = [dv.id for dv in cac_don_vi]
        self.con: dict[int, list[int]] = defaultdict(list)
        self.co_con: set[int] = set()  # units with units below them (active or not)
        for id_, cha_id, ngay_ngung in DonVi.objects.filter(cha_id__in=ids).values_list(
            "id", "cha_id", "ngay_ngung_hoat_dong"
        ):
            self.co_con.add(cha_id)
            if DonVi(ngay_ngung_hoat_dong=ngay_ngung).hoat_dong_trong_nam(ky.nam):
                self.con[cha_id].append(id_)
        tat_ca = set(ids).union(*self.con.values())
        ke_hoach = KeHoach.objects.filter(nam=ky.nam, don_vi_id__in=tat_ca)
        thuc_hien = ThucHien.objects.filter(
            don_vi_id__in=tat_ca, ky__so_thang=ky.so_thang, ky__nam__in=[ky.nam, ky.nam - 1]
        )
        if chi_tieu_ids is not None:
            ke_hoach = ke_hoach.filter(chi_tieu_id__in=chi_tieu_ids)
            thuc_hien = thuc_hien.filter(chi_tieu_id__in=chi_tieu_ids)
        if chi_da_duyet:
            thuc_hien = chi_so_lieu_da_duyet(thuc_hien)
        self.ke_hoach: dict[tuple[int, int, str], Decimal] = {
            (dv, ct, cap): gia_tri
            for dv, ct, cap, gia_tri in ke_hoach.values_list("don_vi_id", "chi_tieu_id", "cap_giao", "gia_tri")
        }
        self.thuc_hien: dict[tuple[int, int, int], tuple[Decimal, bool, str]] = {
            (dv, ct, nam): (gia_tri, la_uoc, ghi_chu)
            for dv, ct, nam, gia_tri, la_uoc, ghi_chu in thuc_hien.values_list(
                "don_vi_id", "chi_tieu_id", "ky__nam", "gia_tri", "la_uoc", "ghi_chu"
            )
        }
        # Values being typed, not yet saved: {(don_vi_id, chi_tieu_id): (gia_tri, la_uoc, ghi_chu) or None}.
        for (dv, ct), gia_tri in (thay_the or {}).items():
            if gia_tri is None:
                self.thuc_hien.pop((dv, ct, ky.nam), None)
            else:
                self.thuc_hien[(dv, ct, ky.nam)] = gia_tri

    @classmethod
    def tu_du_lieu(cls, ky: KyBaoCao, con: dict[int, list[int]], ke_hoach: dict, thuc_hien: dict) -> "SoLieu":
        """From values already read: `con` {unit id: active unit ids below it},
        `ke_hoach` {(unit, indicator, cấp giao): value} of `ky.nam`, `thuc_hien`
        {(unit, indicator, năm): (value, ước, ghi chú)} of `ky.so_thang`. No query."""
        so_lieu = cls.__new__(cls)
        so_lieu.ky, so_lieu.con, so_lieu.co_con = ky, con, {id_ for id_, cac in con.items() if cac}
        so_lieu.ke_hoach, so_lieu.thuc_hien = ke_hoach, thuc_hien
        return so_lieu

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


def dong_chi_tieu(so_lieu: SoLieu, don_vi_id: int, chi_tieu: ChiTieu, cap: int, chi_tieu_theo_id) -> DongChiTieu:
    """One indicator of one unit with every comparison (`chi_tieu_theo_id` must hold the
    base indicator of a growth rate). No query."""
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


def ke_hoach_chinh(kh_tinh: GiaTri, kh_huyen: GiaTri) -> GiaTri:
    """The plan that drives a row's status (`DongChiTieu.trang_thai`): KH tỉnh giao, or
    KH huyện giao where the province set none (or zero). The one place that says which
    plan a figure is judged by, for the rules that need "the plan" of a row."""
    kh = kh_tinh.gia_tri
    return kh_tinh if kh is not None and kh.is_finite() and not kh.is_zero() else kh_huyen


@dataclass(frozen=True)
class MocBacDo:
    """What a new figure of one cell is held against by the magnitude rule
    (`tinh_toan.lech_bac_do`): the plan's expected value and the same period last year."""

    muc_ky_vong: Decimal | None
    cung_ky: Decimal | None

    def lech(self, gia_tri: Decimal | None) -> str | None:
        return tinh_toan.lech_bac_do(gia_tri, [self.muc_ky_vong, self.cung_ky])


def _moc(chi_tieu: ChiTieu, kh_tinh: GiaTri, kh_huyen: GiaTri, cung_ky: GiaTri, so_thang: int) -> MocBacDo:
    muc = tinh_toan.muc_ky_vong(loai=chi_tieu.loai, kh=ke_hoach_chinh(kh_tinh, kh_huyen).gia_tri, so_thang=so_thang)
    return MocBacDo(muc_ky_vong=muc, cung_ky=cung_ky.gia_tri)


def moc_cua_dong(dong: DongChiTieu, so_thang: int) -> MocBacDo:
    """The magnitude rule's references of a row: what its status-driving plan expects by
    the end of the period (n/12 of it for a cumulative indicator), and last year."""
    return _moc(dong.chi_tieu, dong.kh_tinh, dong.kh_huyen, dong.th_cung_ky, so_thang)


def moc_bac_do(ky: KyBaoCao, cac_o: dict[DonVi, Collection[ChiTieu]],
               ke_hoach_moi: dict[tuple[int, int, str], Decimal | None] | None = None
               ) -> dict[tuple[int, int], MocBacDo]:
    """The references of the magnitude rule for the cells `cac_o` ({unit: indicators})
    of period `ky`, keyed by (don_vi_id, chi_tieu_id): computed as every table computes
    them (a plan summed from the units below where the unit has none). `ke_hoach_moi`
    {(don_vi_id, chi_tieu_id, cap_giao): value or None} overrides stored plans of
    `ky.nam` with values about to be written (an import carrying plans and actuals).
    Three queries."""
    ids = {ct.id for cts in cac_o.values() for ct in cts}
    so_lieu = SoLieu(ky, list(cac_o), chi_tieu_ids=ids)
    for (dv, ct, cap), gia_tri in (ke_hoach_moi or {}).items():
        if gia_tri is None:
            so_lieu.ke_hoach.pop((dv, ct, cap), None)
        else:
            so_lieu.ke_hoach[(dv, ct, cap)] = gia_tri
    ket_qua = {}
    for dv, cts in cac_o.items():
        for ct in cts:
            # As `dong_chi_tieu` reads a row, without the comparisons: a growth rate has no cùng kỳ.
            cung_ky = GiaTri() if ct.loai == ChiTieu.Loai.TANG_TRUONG else so_lieu.thuc_hien_cua(dv.id, ct, ky.nam - 1)
            ket_qua[(dv.id, ct.id)] = _moc(ct, so_lieu.ke_hoach_cua(dv.id, ct, TINH),
                                           so_lieu.ke_hoach_cua(dv.id, ct, HUYEN), cung_ky, ky.so_thang)
    return ket_qua


def bang_chi_tieu(ky: KyBaoCao, cac_don_vi: Sequence[DonVi], thay_the: dict | None = None,
                  chi_da_duyet: bool = False) -> dict[int, BangDonVi]:
    """The indicator table of each unit for `ky`, keyed by unit id. Four queries, however
    many units and indicators. `thay_the` overrides stored actuals of `ky` with values
    being typed ({(don_vi_id, chi_tieu_id): (gia_tri, la_uoc, ghi_chu) or None}), so
    the entry page can show their percentages before they are saved; `chi_da_duyet`:
    see `SoLieu`."""
    chi_tieu = chi_tieu_trong_nam(ky.nam)
    chi_tieu_theo_id = {ct.id: ct for ct, _ in chi_tieu}
    so_lieu = SoLieu(ky, cac_don_vi, thay_the, chi_da_duyet=chi_da_duyet)
    return {
        dv.id: BangDonVi(
            don_vi=dv,
            ky=ky,
            dong=[dong_chi_tieu(so_lieu, dv.id, ct, cap, chi_tieu_theo_id) for ct, cap in chi_tieu],
        )
        for dv in cac_don_vi
    }


def bang_don_vi(don_vi: DonVi, ky: KyBaoCao, thay_the: dict | None = None, chi_da_duyet: bool = False) -> BangDonVi:
    """The indicator table of one unit in one period (`thay_the`, `chi_da_duyet`: see
    `bang_chi_tieu`)."""
    return bang_chi_tieu(ky, [don_vi], thay_the, chi_da_duyet)[don_vi.id]


def trang_thai_nop_nhieu_ky(cac_ky: Sequence[KyBaoCao], cac_don_vi: Sequence[DonVi]) -> dict[tuple[int, int], TrangThaiNop]:
    """The workflow row of each (unit, period), keyed by (don_vi_id, ky_id). One query."""
    co = {(tt.don_vi_id, tt.ky_id): tt
          for tt in TrangThaiNop.objects.filter(ky__in=cac_ky, don_vi__in=cac_don_vi)}
    return {(dv.id, k.id): co.get((dv.id, k.id)) or TrangThaiNop(don_vi=dv, ky=k)
            for dv in cac_don_vi for k in cac_ky}


def dem_so_lieu(ky: KyBaoCao, cac_don_vi: Sequence[DonVi]) -> dict[int, int]:
    """How many indicators each unit has a value for in `ky`. One query."""
    return dict(ThucHien.objects.filter(ky=ky, don_vi__in=cac_don_vi).values("don_vi_id")
                .annotate(so=Count("id")).values_list("don_vi_id", "so"))


def ke_hoach_cua(don_vi: DonVi, nam: int) -> dict[tuple[int, str], KeHoach]:
    """The unit's plans of a year keyed by (chi_tieu_id, cap_giao). One query."""
    return {(kh.chi_tieu_id, kh.cap_giao): kh for kh in KeHoach.objects.filter(don_vi=don_vi, nam=nam)}


def lay_chi_tieu(ma: str) -> ChiTieu:
    return get_object_or_404(ChiTieu, ma=ma)


def dem_trang_thai_nop(trang_thai: Collection[TrangThaiNop]) -> list[tuple[str, str, int]]:
    """How many units are in each workflow state, in workflow order: [(state, label, count)]
    for the states that occur. No query."""
    dem: dict[str, int] = defaultdict(int)
    for tt in trang_thai:
        dem[tt.trang_thai] += 1
    return [(gia_tri, nhan, dem[gia_tri]) for gia_tri, nhan in TrangThaiNop.TrangThai.choices if dem[gia_tri]]


def trang_thai_nop_va_cap_duoi(don_vi: DonVi, ky: KyBaoCao, ids_xem: Collection[int] | None
                               ) -> tuple[TrangThaiNop, list[TrangThaiNop]]:
    """The workflow state of a unit for `ky` and of each unit directly below it that is
    active that year and among `ids_xem` (None: all), as unsaved rows. One query."""
    dong = DonVi.objects.filter(Q(id=don_vi.id) | Q(cha=don_vi)).annotate(tt=Subquery(
        TrangThaiNop.objects.filter(don_vi=OuterRef("pk"), ky=ky).values("trang_thai")[:1]))
    rieng, cap_duoi = TrangThaiNop(don_vi=don_vi, ky=ky), []
    for dv in dong:
        tt = TrangThaiNop(don_vi=dv, ky=ky, trang_thai=dv.tt or TrangThaiNop.TrangThai.DANG_NHAP)
        if dv.id == don_vi.id:
            rieng = tt
        elif dv.hoat_dong_trong_nam(ky.nam) and (ids_xem is None or dv.id in ids_xem):
            cap_duoi.append(tt)
    return rieng, cap_duoi


def trang_thai_nop_cua(ky: KyBaoCao, cac_don_vi: Sequence[DonVi]) -> dict[int, TrangThaiNop]:
    """The workflow row of each unit for `ky` (unsaved `dang_nhap` rows where none exist)."""
    co = {tt.don_vi_id: tt for tt in TrangThaiNop.objects.filter(ky=ky, don_vi__in=cac_don_vi)}
    return {dv.id: co.get(dv.id) or TrangThaiNop(don_vi=dv, ky=ky) for dv in cac_don_vi}


def canh_bao(bang: BangDonVi) -> dict[int, list[str]]:
    """DESIGN §3's soft warnings for each row (keyed by indicator id): sub-indicators
    that do not add up to a parent that is their full breakdown, and a value moving
    more than 50 % against the same period. They never block a save."""
    ket_qua: dict[int, list[str]] = defaultdict(list)
    con_cua: dict[int, list[DongChiTieu]] = defaultdict(list)
    for dong in bang.dong:
        if dong.chi_tieu.cha_id:
            con_cua[dong.chi_tieu.cha_id].append(dong)
    for dong in bang.dong:
        ct, th = dong.chi_tieu, dong.th.gia_tri
        con = con_cua.get(ct.id)
        if ct.tong_cac_con and con:
            lech = tinh_toan.lech_tong_con(th, [c.th.gia_tri for c in con])
            if lech is not None:
                tong_con = tinh_toan.tong([c.th.gia_tri for c in con])
                ket_qua[ct.id].append(
                    f"Tổng các chỉ tiêu con ({dinh_dang.so(tong_con, ct.so_le)}) khác số của chỉ tiêu này "
                    f"({dinh_dang.so(th, ct.so_le)}), lệch {dinh_dang.so(lech, ct.so_le)} {ct.don_vi_tinh}."
                )
        if not dong.so_cung_ky.bang_chenh_lech and tinh_toan.bien_dong_bat_thuong(th, dong.th_cung_ky.gia_tri):
            ket_qua[ct.id].append(
                f"Thay đổi hơn 50 % so với cùng kỳ ({dinh_dang.so(dong.th_cung_ky.gia_tri, ct.so_le)} → "
                f"{dinh_dang.so(th, ct.so_le)}): cần kiểm tra."
            )
    return dict(ket_qua)


@dataclass
class SuKien:
    """One change in the history of a unit's figures: who, when, old → new, why."""

    luc: object
    nguoi: str
    loai: str  # "Thực hiện", "KH tỉnh giao", "KH huyện giao", "Trạng thái"
    chi_tieu: ChiTieu | None
    cu: str
    moi: str
    ly_do: str


def _thay_doi(ban_ghi: list, mo_ta) -> list[tuple[object, str, str]]:
    """Pairs each historical record with the previous one of the same object."""
    truoc: dict[int, object] = {}
    ket_qua = []
    for bg in sorted(ban_ghi, key=lambda b: (b.history_date, b.history_id)):
        cu = truoc.get(bg.id)
        ket_qua.append((bg, "—" if cu is None else mo_ta(cu), "—" if bg.history_type == "-" else mo_ta(bg)))
        truoc[bg.id] = None if bg.history_type == "-" else bg
    return ket_qua


def _ten_nguoi(bg) -> str:
    nguoi = bg.history_user
    return (nguoi.get_full_name() or nguoi.username) if nguoi else "Hệ thống"


def lich_su(don_vi: DonVi, ky: KyBaoCao, chi_tieu: ChiTieu | None = None) -> list[SuKien]:
    """Every change to the unit's actuals of `ky`, its plans of that year and its
    workflow for `ky` (or only one indicator's actual and plans), newest first.
    Five queries however long the history."""
    chi_tieu_theo_id = {ct.id: ct for ct in ChiTieu.objects.all()}
    loc_th = {"don_vi_id": don_vi.id, "ky_id": ky.id}
    loc_kh = {"don_vi_id": don_vi.id, "nam": ky.nam}
    if chi_tieu is not None:
        loc_th["chi_tieu_id"] = loc_kh["chi_tieu_id"] = chi_tieu.id
    su_kien: list[SuKien] = []

    def mo_ta_th(bg) -> str:
        phan = [dinh_dang.so_chinh_xac(bg.gia_tri) + (" (ước)" if bg.la_uoc else "")]
        if bg.ghi_chu:
            phan.append(f"ghi chú: {bg.ghi_chu}")
        return " · ".join(phan)

    for bg, cu, moi in _thay_doi(list(ThucHien.history.filter(**loc_th).select_related("history_user")), mo_ta_th):
        su_kien.append(SuKien(bg.history_date, _ten_nguoi(bg), "Thực hiện", chi_tieu_theo_id[bg.chi_tieu_id], cu,
                              moi, bg.history_change_reason or ""))

    def mo_ta_kh(bg) -> str:
        return dinh_dang.so_chinh_xac(bg.gia_tri) + (f" (căn cứ: {bg.can_cu})" if bg.can_cu else "")

    for bg, cu, moi in _thay_doi(list(KeHoach.history.filter(**loc_kh).select_related("history_user")), mo_ta_kh):
        su_kien.append(SuKien(bg.history_date, _ten_nguoi(bg), KeHoach.CapGiao(bg.cap_giao).label,
                              chi_tieu_theo_id[bg.chi_tieu_id], cu, moi, bg.history_change_reason or ""))

    if chi_tieu is None:
        def mo_ta_tt(bg) -> str:
            return TrangThaiNop.TrangThai(bg.trang_thai).label

        lich_su_tt = TrangThaiNop.history.filter(don_vi_id=don_vi.id, ky_id=ky.id).select_related("history_user")
        for bg, cu, moi in _thay_doi(list(lich_su_tt), mo_ta_tt):
            if cu != moi:
                su_kien.append(SuKien(bg.history_date, _ten_nguoi(bg), "Trạng thái", None, cu, moi,
                                      bg.history_change_reason or ""))
    su_kien.sort(key=lambda sk: sk.luc, reverse=True)
    return su_kien
