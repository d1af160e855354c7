"""Reads. Every figure a page shows comes from here, computed by `tinh_toan`.

`bang_chi_tieu` is the core: for one period and any number of units it returns, per
unit, one row per indicator of the unit's indicator set, with each plan source of the
set, the actual, the same period last year and every comparison — in a fixed number of
SQL queries, however many units and indicators there are.

Which indicators and which plan sources apply to a unit in a year is its indicator set
(`BoChiTieu`, resolved by `bo_theo_don_vi`); nothing here names a source or a level.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import dinh_dang, ke_thua, tinh_toan
from .models import (BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KeHoach, KyBaoCao, NguonCuaBo, NguonKeHoach,
                     ThucHien, TrangThaiNop)

if TYPE_CHECKING:
    from .du_bao import DuBaoDong


@dataclass
class GiaTri:
    """A value of one unit, entered or summed from the units below it."""

    gia_tri: Decimal | None = None
    la_uoc: bool = False
    ghi_chu: str = ""
    tong_tu_don_vi_con: bool = False  # summed from the units below
    so_don_vi_thieu: int = 0  # units below without a value, when the sum is incomplete
    so_don_vi_con: int = 0
    # Across a reform (`chitieu.ke_thua`): a figure of a period before the unit was founded.
    tinh_lai: bool = False  # entered by the office, "tính lại theo địa giới mới"
    tu_tien_than: tuple = ()  # built from these predecessors (PhanTienThan, …)
    khong_so_sanh_duoc: bool = False  # a level or rate before the founding, with no recomputed base

    @property
    def theo_dia_gioi_moi(self) -> bool:
        return self.tinh_lai or bool(self.tu_tien_than) or self.khong_so_sanh_duoc

    @property
    def ghi_chu_dia_gioi(self) -> str:
        """What the pages say beside such a figure; empty for an ordinary one."""
        if self.tinh_lai:
            return "cùng kỳ tính lại theo địa giới mới, số do đơn vị nhập"
        if self.khong_so_sanh_duoc:
            return ke_thua.KHONG_SO_SANH_DUOC
        if self.tu_tien_than:
            if self.gia_tri is None:
                return f"chưa đủ số liệu của các đơn vị tiền thân: {ke_thua.viet_nguon_goc(self.tu_tien_than)}"
            return ke_thua.ghi_chu_cung_ky(self.tu_tien_than)
        return ""

    @property
    def ghi_chu_truoc_thanh_lap(self) -> str:
        """The same, for the figure of a period itself before the unit's founding (the
        trend's earlier years): "tính theo địa giới mới, từ: Huyện Tuy Phước (25 %)"."""
        if self.tu_tien_than and self.gia_tri is not None and not self.tinh_lai:
            return f"tính theo địa giới mới, từ: {ke_thua.viet_nguon_goc(self.tu_tien_than)}"
        return self.ghi_chu_dia_gioi.removeprefix("cùng kỳ ")


@dataclass
class KeHoachGT(GiaTri):
    """A plan as it applies to a period: the version in force at the period's last day."""

    kieu: str = tinh_toan.BANG
    gia_tri_den: Decimal | None = None  # the upper end of a range
    tien_do: dict[int, Decimal] | None = None  # phases, see KeHoach.tien_do
    can_cu: str = ""
    hieu_luc_tu: date | None = None
    dieu_chinh: bool = False  # a revision: an earlier version of the year exists


class SoKeHoach:
    """The figure compared with one plan source of the unit's set. The comparison
    (`danh_gia`) is made when first read: a page of 130 communes reads the status's source
    of most rows and never the others."""

    __slots__ = ("nguon", "kh", "chinh", "_danh_gia", "_tham_so")

    def __init__(self, nguon: NguonKeHoach, kh: KeHoachGT, danh_gia: tinh_toan.DanhGia | None = None,
                 chinh: bool = False, tham_so: dict | None = None):
        """`danh_gia`, or `tham_so`: the arguments of `tinh_toan.danh_gia` that makes it."""
        self.nguon, self.kh, self.chinh = nguon, kh, chinh
        self._danh_gia, self._tham_so = danh_gia, tham_so

    @property
    def danh_gia(self) -> tinh_toan.DanhGia:
        if self._danh_gia is None:
            self._danh_gia = tinh_toan.danh_gia(**self._tham_so)
            self._tham_so = None
        return self._danh_gia

    def __repr__(self) -> str:
        return f"SoKeHoach(nguon={self.nguon!r}, kh={self.kh!r}, danh_gia={self.danh_gia!r}, chinh={self.chinh!r})"

    def __eq__(self, khac) -> bool:
        if not isinstance(khac, SoKeHoach):
            return NotImplemented
        return (self.nguon, self.kh, self.danh_gia, self.chinh) == (khac.nguon, khac.kh, khac.danh_gia, khac.chinh)


@dataclass
class DongChiTieu:
    """One indicator of one unit in one period, with every comparison a report makes:
    the status's at once, the other sources' and the same period last year's when first
    read (`SoKeHoach.danh_gia`, `cung_ky`)."""

    chi_tieu: ChiTieu
    cap: int  # 0 for an indicator, 1 for a sub-indicator, …
    ke_hoach: list[SoKeHoach]  # one per plan source of the set, in the set's order
    th: GiaTri
    trang_thai: str  # against the status-driving source, or the next source that has a plan
    th_tinh_tu_goc: bool = False  # a growth rate computed from its base indicator
    nguon_trang_thai: SoKeHoach | None = None  # the comparison `trang_thai` comes from
    du_bao: "DuBaoDong | None" = None  # the year-end forecast, set on the pages that show it (`chitieu.du_bao`)
    # The same period last year and where a comparison crossing a reform comes from
    # (`chitieu.ke_thua`): (th_cung_ky, ghi_chu_dia_gioi), or what reads them when first
    # asked for (the overview and the report's comparison of units never ask).
    cung_ky: "tuple[GiaTri, str] | Callable[[], tuple[GiaTri, str]]" = field(
        default_factory=lambda: (GiaTri(), ""), repr=False, compare=False)

    def _cung_ky(self) -> tuple[GiaTri, str]:
        if callable(self.cung_ky):
            self.cung_ky = self.cung_ky()
        return self.cung_ky

    @property
    def th_cung_ky(self) -> GiaTri:
        return self._cung_ky()[0]

    @property
    def ghi_chu_dia_gioi(self) -> str:
        return self._cung_ky()[1]

    @cached_property
    def so_cung_ky(self) -> tinh_toan.SoCungKy:
        ct = self.chi_tieu
        return tinh_toan.so_cung_ky(loai=ct.loai, la_ty_le=ct.la_ty_le, th=self.th.gia_tri,
                                    th_cung_ky=self.th_cung_ky.gia_tri)

    @property
    def chinh(self) -> SoKeHoach | None:
        """The comparison that speaks for the row (ranking, charts, "units behind"): the
        one the status comes from, else the status-driving source."""
        if self.nguon_trang_thai is not None:
            return self.nguon_trang_thai
        return next((so for so in self.ke_hoach if so.chinh), self.ke_hoach[0] if self.ke_hoach else None)

    @property
    def so_bang_chenh_lech(self) -> bool:
        if self.chinh is not None:
            return self.chinh.danh_gia.so_bang_chenh_lech
        ct = self.chi_tieu
        return tinh_toan.so_bang_chenh_lech(loai=ct.loai, chieu=ct.chieu, la_ty_le=ct.la_ty_le)

    def theo_nguon(self, ma: str) -> SoKeHoach | None:
        return next((so for so in self.ke_hoach if so.nguon.ma == ma), None)


@dataclass
class BangDonVi:
    """The indicator table of one unit in one period."""

    don_vi: DonVi
    ky: KyBaoCao
    dong: list[DongChiTieu] = field(default_factory=list)
    bo: BoChiTieu | None = None  # the unit's indicator set this year; None when none applies
    cac_nguon: list[NguonKeHoach] = field(default_factory=list)  # the set's plan sources, in order

    @property
    def tien_do_ky_vong(self) -> Decimal:
        return tinh_toan.tien_do_ky_vong(self.ky.so_thang)

    @property
    def co_cung_ky_dia_gioi_moi(self) -> bool:
        """Whether some row's same period lies before the unit's founding (`chitieu.ke_thua`)."""
        return any(d.th_cung_ky.theo_dia_gioi_moi for d in self.dong)

    @property
    def so_chi_tieu(self) -> int:
        """N of "X/N": the set's top-level indicators."""
        return sum(1 for d in self.dong if d.cap == 0)

    def theo_linh_vuc(self) -> list[tuple[str, list[DongChiTieu]]]:
        """Rows grouped by lĩnh vực, in the set's order."""
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


def ky_moi_nhat_co_so_lieu(don_vi: DonVi | None = None, don_vi_ids: Collection[int] | None = None
                           ) -> KyBaoCao | None:
    """The latest period with at least one reported value (for this unit, these units,
    or any). Periods are tried latest first, each by an index lookup: the cost does not
    grow with the years stored."""
    co_so_lieu = ThucHien.objects.all() if don_vi is None else ThucHien.objects.filter(don_vi=don_vi)
    if don_vi_ids is not None:
        co_so_lieu = co_so_lieu.filter(don_vi_id__in=don_vi_ids)
    return KyBaoCao.objects.filter(id__in=co_so_lieu.values("ky_id")).order_by("-nam", "-so_thang").first()


SO_KY_XET = 24  # periods the default period is chosen among: two years of months, six of quarters


def ky_mac_dinh(cac_don_vi: Sequence[DonVi]) -> KyBaoCao | None:
    """The period the dashboards open on for someone who sees `cac_don_vi`: the latest
    in which at least half of those units (those active that year) have sent their
    figures or had them approved — so one unit's unsent draft never moves anyone's
    home page. Until some period qualifies (a new system, or one not using the
    workflow yet), the latest in which at least half of them have any figure, and
    failing that the latest with any figure of theirs.

    Only the latest SO_KY_XET periods up to the latest with any figure are read, so
    the cost does not grow with the years stored: two queries, three in the fallback."""
    ids = [dv.id for dv in cac_don_vi]
    moi_nhat = ky_moi_nhat_co_so_lieu(don_vi_ids=ids)
    if moi_nhat is None:
        return None
    cac_ky = (KyBaoCao.objects.filter(Q(nam__lt=moi_nhat.nam) | Q(nam=moi_nhat.nam, so_thang__lte=moi_nhat.so_thang))
              .order_by("-nam", "-so_thang").values("id")[:SO_KY_XET])  # a subquery of each query below

    def hoat_dong(nam: int) -> int:
        return sum(1 for dv in cac_don_vi if dv.hoat_dong_trong_nam(nam))

    def moi_nhat_dat_nua(dem) -> tuple | None:
        for ky_id, nam, thang, so in sorted(dem, key=lambda d: (d[1], d[2]), reverse=True):
            if 2 * so >= hoat_dong(nam):
                return ky_id, nam, thang
        return None

    da_gui = TrangThaiNop.objects.filter(
        ky_id__in=cac_ky, don_vi_id__in=ids,
        trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET],
    ).values_list("ky_id", "ky__nam", "ky__so_thang").annotate(so=Count("don_vi_id", distinct=True))
    ky = moi_nhat_dat_nua(list(da_gui))
    if ky is None:
        co_so = list(ThucHien.objects.filter(ky_id__in=cac_ky, don_vi_id__in=ids)
                     .values_list("ky_id", "ky__nam", "ky__so_thang").annotate(so=Count("don_vi_id", distinct=True)))
        ky = moi_nhat_dat_nua(co_so) or (moi_nhat.id, moi_nhat.nam, moi_nhat.so_thang)
    return KyBaoCao.from_db("default", ["id", "nam", "so_thang"], ky)


# -- indicator sets ---------------------------------------------------------------------


def _doc_cac_bo(cac_bo) -> list[BoChiTieu]:
    """Sets with their listed units (`_ids_don_vi`), their indicators in order
    (`_trong_bo`) and their sources (`_cac_nguon`, in order) read. Four queries."""
    cac_bo = list(cac_bo.prefetch_related(
        "cac_don_vi",
        Prefetch("chi_tieu_trong_bo", queryset=ChiTieuTrongBo.objects.select_related("chi_tieu")
                 .order_by("thu_tu", "chi_tieu__ma")),
        Prefetch("nguon", queryset=NguonCuaBo.objects.select_related("nguon").order_by("thu_tu", "nguon__thu_tu")),
    ))
    for bo in cac_bo:
        bo._ids_don_vi = frozenset(dv.id for dv in bo.cac_don_vi.all())
        bo._trong_bo = list(bo.chi_tieu_trong_bo.all())
        bo._cac_nguon = [(n.nguon, n.chinh) for n in bo.nguon.all()]
    return cac_bo


def cac_bo_cua_nam(nam: int) -> list[BoChiTieu]:
    """The sets that apply in `nam`, read (`_doc_cac_bo`), each with its indicators of
    that year (`_cac_chi_tieu`, with depth). Four queries, however many sets."""
    cac_bo = _doc_cac_bo(BoChiTieu.objects.filter(Q(tu_nam__isnull=True) | Q(tu_nam__lte=nam))
                         .filter(Q(den_nam__isnull=True) | Q(den_nam__gte=nam)))
    for bo in cac_bo:
        bo._cac_chi_tieu = chi_tieu_cua_bo_nam(bo, nam)
    return cac_bo


def chi_tieu_cua_bo_nam(bo: BoChiTieu, nam: int) -> list[tuple[ChiTieu, int]]:
    """The indicators of a read set (`_doc_cac_bo`) that apply in `nam`, with depth."""
    return _cay_chi_tieu([t.chi_tieu for t in bo._trong_bo if t.ap_dung_nam(nam)])


def _cay_chi_tieu(chi_tieu: list[ChiTieu]) -> list[tuple[ChiTieu, int]]:
    """Indicators in the given order, each followed by its sub-indicators among them,
    with its depth (0, 1, …)."""
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


def _do_cu_the(bo: BoChiTieu) -> int:
    """How specifically a set names its units: listed, a tree and a level, a tree, a level, all."""
    if bo._ids_don_vi:
        return 4
    return 2 * (bo.pham_vi_id is not None) + (bo.cap != "")


def bo_theo_don_vi(cac_don_vi: Sequence[DonVi], nam: int,
                   cac_bo: list[BoChiTieu] | None = None) -> dict[int, BoChiTieu | None]:
    """The indicator set of each unit in `nam` (None where no set applies): among the sets
    of the year that name the unit — listed, or in the tree of `pham_vi` at level
    `cap` — the most specific, then the one starting latest, then the newest. Five
    queries (`cac_bo_cua_nam`'s four and the unit tree), however many units."""
    cac_bo = cac_bo_cua_nam(nam) if cac_bo is None else cac_bo
    cha_cua = _to_tien_cua([dv.id for dv in cac_don_vi])
    thu_tu = _theo_do_cu_the(cac_bo)
    return {dv.id: _chon_bo(thu_tu, dv, _to_tien(cha_cua, dv.id)) for dv in cac_don_vi}


def _to_tien_cua(ids: Sequence[int]) -> dict[int, int | None]:
    """{unit: its parent} of the given units and every unit above them. One query (a
    recursive one, in SQL both PostgreSQL and SQLite run), however deep and many."""
    if not ids:
        return {}
    bang = DonVi._meta.db_table
    with connection.cursor() as con_tro:
        con_tro.execute(
            f"WITH RECURSIVE tren(id, cha_id) AS (SELECT id, cha_id FROM {bang} WHERE id IN "
            f"({', '.join(['%s'] * len(ids))}) UNION SELECT d.id, d.cha_id FROM {bang} d JOIN tren t ON d.id = t.cha_id) "
            "SELECT id, cha_id FROM tren", list(ids))
        return dict(con_tro.fetchall())


def _theo_do_cu_the(cac_bo: Sequence[BoChiTieu]) -> list[BoChiTieu]:
    return sorted(cac_bo, key=lambda bo: (_do_cu_the(bo), bo.tu_nam or 0, bo.id), reverse=True)


def _to_tien(cha_cua: dict[int, int | None], id_: int) -> set[int]:
    """The unit and every unit above it."""
    ket_qua, x = set(), id_
    while x is not None and x not in ket_qua:
        ket_qua.add(x)
        x = cha_cua.get(x)
    return ket_qua


def _chon_bo(thu_tu: list[BoChiTieu], dv: DonVi, tren: set[int]) -> BoChiTieu | None:
    """The first set (most specific first) that names the unit."""
    def ap_dung(bo: BoChiTieu) -> bool:
        if bo._ids_don_vi:
            return dv.id in bo._ids_don_vi
        return (bo.pham_vi_id is None or bo.pham_vi_id in tren) and (not bo.cap or bo.cap == dv.cap)

    return next((bo for bo in thu_tu if ap_dung(bo)), None)


def bo_theo_nam(don_vi: DonVi, cac_nam: Collection[int]) -> dict[int, BoChiTieu | None]:
    """The unit's set in each of `cac_nam` (the trend page). Five queries, however many years."""
    cac_bo = _doc_cac_bo(BoChiTieu.objects.all())
    tren = _to_tien(_to_tien_cua([don_vi.id]), don_vi.id)
    return {nam: _chon_bo(_theo_do_cu_the([bo for bo in cac_bo if bo.ap_dung_nam(nam)]), don_vi, tren)
            for nam in cac_nam}


def bo_chi_tieu_cua(don_vi: DonVi, nam: int) -> BoChiTieu | None:
    """The indicator set of one unit in one year (`bo_theo_don_vi`)."""
    return bo_theo_don_vi([don_vi], nam)[don_vi.id]


def chi_tieu_cua_bo(bo: BoChiTieu | None) -> list[tuple[ChiTieu, int]]:
    """The indicators of a set read by `cac_bo_cua_nam`, in order, with their depth."""
    return [] if bo is None else bo._cac_chi_tieu


def nguon_cua_bo(bo: BoChiTieu | None) -> list[tuple[NguonKeHoach, bool]]:
    """The plan sources of a set read by `cac_bo_cua_nam`, in order, each with whether it
    drives the status."""
    return [] if bo is None else bo._cac_nguon


def chi_tieu_cua(don_vi: DonVi, nam: int) -> list[tuple[ChiTieu, int]]:
    """The indicators that apply to a unit in a year (its set's), with their depth."""
    return chi_tieu_cua_bo(bo_chi_tieu_cua(don_vi, nam))


# -- plans and actuals -------------------------------------------------------------------


def _phien_ban_hieu_luc(cac_phien_ban: list[tuple]) -> KeHoachGT:
    """The version in force among a plan's versions (tuples ordered by their effective
    date, each (hiệu lực từ, kiểu, giá trị, đến, tiến độ, căn cứ)): the last one."""
    hieu_luc, kieu, gia_tri, den, tien_do, can_cu = cac_phien_ban[-1]
    return KeHoachGT(gia_tri=gia_tri, kieu=kieu, gia_tri_den=den, tien_do=doc_tien_do(tien_do), can_cu=can_cu,
                     hieu_luc_tu=hieu_luc, dieu_chinh=len(cac_phien_ban) > 1)


def doc_tien_do(tien_do) -> dict[int, Decimal] | None:
    """The phases of a plan as stored ({"3": "10", …}) as {3: Decimal("10"), …}; None when
    there are none. Entries that are not a month 1–12 with a number are left out (the
    services never store such)."""
    if not tien_do:
        return None
    ket_qua = {}
    for thang, gia_tri in tien_do.items():
        try:
            t, x = int(thang), Decimal(str(gia_tri))
        except (TypeError, ValueError, ArithmeticError):
            continue
        if 1 <= t <= 12 and x.is_finite():
            ket_qua[t] = x
    return ket_qua or None
def chi_so_lieu_da_duyet(thuc_hien):
    """The actuals of a queryset whose (unit, period) is approved (đã duyệt). No query
    of its own: a condition of the same query."""
    return thuc_hien.filter(Exists(TrangThaiNop.objects.filter(
        don_vi_id=OuterRef("don_vi_id"), ky_id=OuterRef("ky_id"), trang_thai=TrangThaiNop.TrangThai.DA_DUYET)))


class SoLieu:
    """Plans and actuals of a set of units and the units directly below them, fetched
    once, with the rollup rule: an entered value wins; otherwise a `tong` indicator is
    the sum of the units below — only when every one of them has a value.

    A plan is read as the version in force at the period's last day (`KeHoach.hieu_luc_tu`).
    `chi_tieu_ids` reads only those indicators (a page that shows one indicator across
    hundreds of units need not read the whole catalog); `chi_da_duyet` counts only
    figures whose (unit, period) is approved ("chỉ số liệu đã duyệt"), so drafts, sent
    and returned figures count nowhere, sums included; `tu_du_lieu` builds one from
    values already read (the trend page reads every year once). The plans of a unit
    below the given ones are read only where its parent has none of its own (they count
    only in that sum); `moi_ke_hoach_cap_duoi` reads them all, for a caller that replaces
    plans before summing (`moc_bac_do`).

    Across a reform: a unit founded after the end of the same period last year (cùng
    kỳ) gets that figure from its predecessors (`chitieu.ke_thua`), read here with
    four more queries — only when such a unit is on the page."""

    def __init__(self, ky: KyBaoCao, cac_don_vi: Sequence[DonVi], thay_the: dict | None = None,
                 chi_tieu_ids: Collection[int] | None = None, chi_da_duyet: bool = False,
                 moi_ke_hoach_cap_duoi: bool = False):
        self.ky = ky
        self.nam_tien_than = ky.nam - 1
        self._tu_tien_than_da_tinh: dict[tuple[int, int, int], tuple[Decimal | None, bool]] = {}
        self._cac_phan: dict[int, ke_thua.CacPhan] = {}
        ids = [dv.id for dv in cac_don_vi]
        self.con: dict[int, list[int]] = defaultdict(list)
        self.co_con: set[int] = set()  # units with units below them (active or not)
        thanh_lap = {dv.id: dv.ngay_thanh_lap for dv in cac_don_vi}
        for id_, cha_id, ngay_tl, ngay_ngung in DonVi.objects.filter(cha_id__in=ids).values_list(
            "id", "cha_id", "ngay_thanh_lap", "ngay_ngung_hoat_dong"
        ):
            self.co_con.add(cha_id)
            if _hoat_dong_trong_nam(ngay_tl, ngay_ngung, ky.nam):
                self.con[cha_id].append(id_)
                thanh_lap[id_] = ngay_tl
        tat_ca = set(ids).union(*self.con.values())
        ke_hoach = KeHoach.objects.filter(nam=ky.nam, don_vi_id__in=tat_ca, hieu_luc_tu__lte=ky.ngay_cuoi)
        if not moi_ke_hoach_cap_duoi and not tat_ca.issubset(ids):
            # A unit below the page's units counts only in its parent's sum, which is read
            # only where the parent has no plan of its own (`ke_hoach_cua`): its other
            # plans are not read. The units on the page keep all of theirs.
            ke_hoach = ke_hoach.filter(Q(don_vi_id__in=ids) | ~Exists(KeHoach.objects.filter(
                nam=ky.nam, hieu_luc_tu__lte=ky.ngay_cuoi, don_vi_id__in=ids, don_vi_id=OuterRef("don_vi__cha_id"),
                chi_tieu_id=OuterRef("chi_tieu_id"), nguon_id=OuterRef("nguon_id"))))
        # Read into a dict: no sort. A stored period by its id and the same period last year
        # by a subquery on the (năm, số tháng) key, with no join to every figure's period.
        if ky.pk is None:
            thuc_hien, cot_nam = ThucHien.objects.filter(
                don_vi_id__in=tat_ca, ky__so_thang=ky.so_thang, ky__nam__in=[ky.nam, ky.nam - 1]), "ky__nam"
        else:
            thuc_hien, cot_nam = ThucHien.objects.filter(
                Q(ky_id=ky.pk) | Q(ky_id=_id_ky(ky.nam - 1, ky.so_thang)), don_vi_id__in=tat_ca), "ky_id"
        thuc_hien = thuc_hien.order_by()
        if chi_tieu_ids is not None:
            ke_hoach = ke_hoach.filter(chi_tieu_id__in=chi_tieu_ids)
            thuc_hien = thuc_hien.filter(chi_tieu_id__in=chi_tieu_ids)
        if chi_da_duyet:
            thuc_hien = chi_so_lieu_da_duyet(thuc_hien)
        self.ke_hoach = doc_ke_hoach(ke_hoach)
        # The year of each row: read as such, or from its period's id (`ky`, else last year's).
        nam_cua = {ky.nam: ky.nam, ky.nam - 1: ky.nam - 1} if ky.pk is None else {ky.pk: ky.nam}
        self.thuc_hien: dict[tuple[int, int, int], tuple[Decimal, bool, str]] = {
            (dv, ct, nam_cua.get(nam_hay_ky, ky.nam - 1)): (gia_tri, la_uoc, ghi_chu)
            for dv, ct, nam_hay_ky, gia_tri, la_uoc, ghi_chu in thuc_hien.values_list(
                "don_vi_id", "chi_tieu_id", cot_nam, "gia_tri", "la_uoc", "ghi_chu"
            )
        }
        # Values being typed, not yet saved: {(don_vi_id, chi_tieu_id): (gia_tri, la_uoc, ghi_chu) or None}.
        for (dv, ct), gia_tri in (thay_the or {}).items():
            if gia_tri is None:
                self.thuc_hien.pop((dv, ct, ky.nam), None)
            else:
                self.thuc_hien[(dv, ct, ky.nam)] = gia_tri
        self.tien_than: dict[int, list[ke_thua.PhanTienThan]] = {}
        self.tinh_lai: set[tuple[int, int]] = set()
        cuoi_cung_ky = ky_cung_ky_cuoi(ky)
        moi = [id_ for id_ in tat_ca if thanh_lap.get(id_) and thanh_lap[id_] > cuoi_cung_ky]
        if moi:
            self._doc_tien_than(moi, cuoi_cung_ky, chi_tieu_ids, chi_da_duyet)

    def _doc_tien_than(self, moi: list[int], cuoi_cung_ky: date, chi_tieu_ids, chi_da_duyet: bool) -> None:
        """The predecessors of the units founded after the same period last year, the
        units below those predecessors then, and their figures of that period; and which
        of the new units' own figures of that period are recomputed bases. Four queries,
        three when that period was never opened.

        The period's id is read first and passed as a value: with the id as a subquery the
        planner cannot see which period it is and reads the old units' whole history through
        their `don_vi_id` index (25 ms against 7 ms for a province of 130 communes)."""
        nam = self.ky.nam - 1
        self.tien_than = ke_thua.tien_than_tai(moi, cuoi_cung_ky)
        la = {p.don_vi_id for cac in self.tien_than.values() for p in cac}
        for id_, cha_id, ngay_tl, ngay_ngung in DonVi.objects.filter(cha_id__in=la).values_list(
                "id", "cha_id", "ngay_thanh_lap", "ngay_ngung_hoat_dong"):
            if cha_id not in self.co_con and _hoat_dong_trong_nam(ngay_tl, ngay_ngung, nam):
                self.con[cha_id].append(id_)
        can_doc = la.union(*(self.con.get(id_, []) for id_ in la)) | set(moi)
        ky_id = KyBaoCao.objects.filter(nam=nam, so_thang=self.ky.so_thang).values_list("id", flat=True).first()
        if ky_id is None:
            return
        thuc_hien = ThucHien.objects.filter(don_vi_id__in=can_doc, ky_id=ky_id).order_by()
        if chi_tieu_ids is not None:
            thuc_hien = thuc_hien.filter(chi_tieu_id__in=chi_tieu_ids)
        if chi_da_duyet:
            thuc_hien = chi_so_lieu_da_duyet(thuc_hien)
        for dv, ct, gia_tri, la_uoc, ghi_chu, tinh_lai in thuc_hien.values_list(
                "don_vi_id", "chi_tieu_id", "gia_tri", "la_uoc", "ghi_chu", "tinh_lai_dia_gioi"):
            self.thuc_hien[(dv, ct, nam)] = (gia_tri, la_uoc, ghi_chu)
            if tinh_lai:
                self.tinh_lai.add((dv, ct))

    @classmethod
    def tu_du_lieu(cls, ky: KyBaoCao, con: dict[int, list[int]], ke_hoach: dict, thuc_hien: dict,
                   tien_than: dict[int, list] | None = None) -> "SoLieu":
        """From values already read: `con` {unit id: active unit ids below it},
        `ke_hoach` {(unit, indicator, source): KeHoachGT} in force at the end of `ky`
        (`doc_ke_hoach`), `thuc_hien` {(unit, indicator, năm): (value, ước, ghi chú)} of
        `ky.so_thang`. `tien_than` {unit id: PhanTienThan, …}: units founded after `ky`
        itself (the trend's earlier years), whose figures of `ky` are built from these
        predecessors as a cùng kỳ is (an own figure there is a recomputed one). No query."""
        so_lieu = cls.__new__(cls)
        so_lieu.ky, so_lieu.con, so_lieu.co_con = ky, con, {id_ for id_, cac in con.items() if cac}
        so_lieu.ke_hoach, so_lieu.thuc_hien = ke_hoach, thuc_hien
        so_lieu.tien_than, so_lieu.nam_tien_than = (tien_than, ky.nam) if tien_than else ({}, ky.nam - 1)
        so_lieu._tu_tien_than_da_tinh, so_lieu._cac_phan = {}, {}
        return so_lieu

    def _cong_don_vi_con(self, don_vi_id: int, chi_tieu: ChiTieu, doc, loai=GiaTri) -> GiaTri:
        """The sum of the units below for a `tong` indicator: `doc(ids)` gives each unit's
        own (value, ước, …) or None; no sum unless at least one of them has a value."""
        con = self.con.get(don_vi_id)
        if chi_tieu.tong_hop != ChiTieu.TongHop.TONG or not con:
            return loai()
        cua_con = doc(con)
        co = [x for x in cua_con if x is not None and x[0] is not None]
        if not co:
            return loai()
        return loai(
            gia_tri=tinh_toan.tong([None if x is None else x[0] for x in cua_con]),
            la_uoc=any(x[1] for x in co),
            tong_tu_don_vi_con=True,
            so_don_vi_thieu=len(con) - len(co),
            so_don_vi_con=len(con),
        )

    def ke_hoach_cua(self, don_vi_id: int, chi_tieu: ChiTieu, nguon_id: int) -> KeHoachGT:
        ke_hoach, ct_id = self.ke_hoach, chi_tieu.id
        gt = ke_hoach.get((don_vi_id, ct_id, nguon_id))
        if gt is not None and gt.gia_tri is not None:
            return gt

        def doc(con: list[int]) -> list[tuple | None]:
            cua_con = [ke_hoach.get((id_, ct_id, nguon_id)) for id_ in con]
            # Only values add up; bounds (≥, ≤, ranges) of the units below have no sum.
            if any(kh is not None and kh.gia_tri is not None and kh.kieu != tinh_toan.BANG for kh in cua_con):
                return []
            return [None if kh is None else (kh.gia_tri, kh.la_uoc) for kh in cua_con]

        return self._cong_don_vi_con(don_vi_id, chi_tieu, doc, KeHoachGT)

    def thuc_hien_cua(self, don_vi_id: int, chi_tieu: ChiTieu, nam: int) -> GiaTri:
        thuc_hien, ct_id = self.thuc_hien, chi_tieu.id
        co = thuc_hien.get((don_vi_id, ct_id, nam))
        gt = GiaTri() if co is None else GiaTri(gia_tri=co[0], la_uoc=co[1], ghi_chu=co[2])
        if nam == self.nam_tien_than and don_vi_id in self.tien_than:
            if gt.gia_tri is not None:  # entered by the office for the new boundaries: it wins
                gt.tinh_lai = True
                return gt
            return self._tu_tien_than(don_vi_id, chi_tieu, nam)
        if gt.gia_tri is not None:
            return gt
        return self._cong_don_vi_con(don_vi_id, chi_tieu,
                                     lambda con: [thuc_hien.get((id_, ct_id, nam)) for id_ in con])

    def _tu_tien_than(self, don_vi_id: int, chi_tieu: ChiTieu, nam: int) -> GiaTri:
        """A figure of a period before the unit existed, from its predecessors' (`ke_thua`)."""
        cac_phan = self._cac_phan.get(don_vi_id)
        if cac_phan is None:  # once per unit: its notes are written once too
            cac_phan = self._cac_phan[don_vi_id] = ke_thua.CacPhan(self.tien_than[don_vi_id])
        if not ke_thua.cong_duoc(chi_tieu):
            return GiaTri(tu_tien_than=cac_phan, khong_so_sanh_duoc=True)
        # A predecessor's figure is the same for every unit it went into: computed once.
        da_tinh = self._tu_tien_than_da_tinh
        cua_phan = []
        for p in cac_phan:
            khoa = (p.don_vi_id, chi_tieu.id, nam)
            co = da_tinh.get(khoa)
            if co is None:
                gt = self.thuc_hien_cua(p.don_vi_id, chi_tieu, nam)
                co = da_tinh[khoa] = (gt.gia_tri, gt.la_uoc)
            cua_phan.append((p, co))
        thieu = sum(1 for _, co in cua_phan if co[0] is None)
        if thieu:
            return GiaTri(tu_tien_than=cac_phan, so_don_vi_thieu=thieu, so_don_vi_con=len(cac_phan))
        return GiaTri(
            gia_tri=tinh_toan.lam_tron(sum((p.ty_le * co[0] for p, co in cua_phan), Decimal(0)), chi_tieu.so_le),
            la_uoc=any(co[1] for _, co in cua_phan), tu_tien_than=cac_phan, so_don_vi_con=len(cac_phan))


def _id_ky(nam: int, so_thang: int) -> Subquery:
    """The id of the period (năm, số tháng) as a subquery (NULL, so no row, when there is
    none): a filter on `ky_id` that needs no join to the periods of the rows it reads."""
    return Subquery(KyBaoCao.objects.filter(nam=nam, so_thang=so_thang).order_by().values("id"))


def _hoat_dong_trong_nam(ngay_thanh_lap: date | None, ngay_ngung: date | None, nam: int) -> bool:
    """`DonVi.hoat_dong_trong_nam` from the two dates, without a model instance."""
    return ((ngay_ngung is None or ngay_ngung > date(nam, 1, 1))
            and (ngay_thanh_lap is None or ngay_thanh_lap <= date(nam, 12, 31)))


def ky_cung_ky_cuoi(ky: KyBaoCao) -> date:
    """The last day of the same period last year (cùng kỳ)."""
    return KyBaoCao(nam=ky.nam - 1, so_thang=ky.so_thang).ngay_cuoi


def doc_phien_ban(ke_hoach) -> dict[tuple[int, int, int, int], list[tuple]]:
    """The plan versions of a queryset, {(năm, unit, indicator, source): versions, oldest
    first}. One query."""
    phien_ban: dict[tuple[int, int, int, int], list[tuple]] = defaultdict(list)
    for nam, dv, ct, ng, *ban in ke_hoach.order_by("hieu_luc_tu").values_list(
            "nam", "don_vi_id", "chi_tieu_id", "nguon_id", "hieu_luc_tu", "kieu", "gia_tri", "gia_tri_den", "tien_do",
            "can_cu"):
        phien_ban[(nam, dv, ct, ng)].append(tuple(ban))
    return phien_ban


def ke_hoach_tai(phien_ban: dict[tuple[int, int, int, int], list[tuple]], ky: KyBaoCao) -> dict:
    """{(unit, indicator, source): the version in force at the end of `ky`} (`doc_phien_ban`)."""
    ket_qua = {}
    for (nam, dv, ct, ng), cac in phien_ban.items():
        if nam == ky.nam and (co_hieu_luc := [p for p in cac if p[0] <= ky.ngay_cuoi]):
            ket_qua[(dv, ct, ng)] = _phien_ban_hieu_luc(co_hieu_luc)
    return ket_qua


def doc_ke_hoach(ke_hoach) -> dict[tuple[int, int, int], KeHoachGT]:
    """{(unit, indicator, source): the version in force} from a queryset of one year's
    plan versions already limited to those effective by the period's last day. One query.

    As `_phien_ban_hieu_luc` over `doc_phien_ban`, read in one pass keeping only the last
    version of each plan, its phases read as text and decoded only where there are some."""
    # One year's plans: (unit, indicator, source) is the key within it.
    cuoi: dict[tuple[int, int, int], tuple] = {}
    dieu_chinh: set[tuple[int, int, int]] = set()
    for hang in ke_hoach.order_by("hieu_luc_tu").values_list(
            "don_vi_id", "chi_tieu_id", "nguon_id", "hieu_luc_tu", "kieu", "gia_tri", "gia_tri_den",
            Cast("tien_do", output_field=TextField()), "can_cu"):
        khoa = hang[:3]
        if khoa in cuoi:
            dieu_chinh.add(khoa)
        cuoi[khoa] = hang
    return {khoa: KeHoachGT(gia_tri=gia_tri, kieu=kieu, gia_tri_den=den, tien_do=_doc_tien_do_van_ban(tien_do),
                            can_cu=can_cu, hieu_luc_tu=hieu_luc, dieu_chinh=khoa in dieu_chinh)
            for khoa, (_, _, _, hieu_luc, kieu, gia_tri, den, tien_do, can_cu) in cuoi.items()}


def _doc_tien_do_van_ban(van_ban: str | None) -> dict[int, Decimal] | None:
    """`doc_tien_do` of phases read as JSON text (most plans have none: "{}")."""
    if van_ban is None or van_ban == "{}":
        return None
    try:
        tien_do = json.loads(van_ban)
    except json.JSONDecodeError:  # as `JSONField` reads it
        tien_do = van_ban
    return doc_tien_do(tien_do)


def dong_chi_tieu(so_lieu: SoLieu, don_vi_id: int, chi_tieu: ChiTieu, cap: int, chi_tieu_theo_id,
                  cac_nguon: Sequence[tuple[NguonKeHoach, bool]]) -> DongChiTieu:
    """One indicator of one unit with every comparison, against each plan source of the
    unit's set (`cac_nguon`: (source, drives the status) in order). `chi_tieu_theo_id`
    must hold the base indicator of a growth rate. No query."""
    ky = so_lieu.ky
    nam, so_thang = ky.nam, ky.so_thang
    loai, chieu, la_ty_le = chi_tieu.loai, chi_tieu.chieu, chi_tieu.la_ty_le
    th = so_lieu.thuc_hien_cua(don_vi_id, chi_tieu, nam)
    th_tinh_tu_goc = False

    def cung_ky() -> tuple[GiaTri, str]:
        th_cung_ky = so_lieu.thuc_hien_cua(don_vi_id, chi_tieu, nam - 1)
        return th_cung_ky, th_cung_ky.ghi_chu_dia_gioi

    if loai == tinh_toan.TANG_TRUONG:
        # A rate is never compared with last year's rate: only a rate computed on a
        # base built across the reform has something to say (below).
        ghi_chu_dia_gioi = ""
        goc = chi_tieu_theo_id.get(chi_tieu.chi_tieu_goc_id)
        goc_nay = so_lieu.thuc_hien_cua(don_vi_id, goc, nam) if goc else GiaTri()
        goc_truoc = so_lieu.thuc_hien_cua(don_vi_id, goc, nam - 1) if goc else GiaTri()
        gia_tri, th_tinh_tu_goc = tinh_toan.gia_tri_tang_truong(
            th_goc=goc_nay.gia_tri, th_goc_cung_ky=goc_truoc.gia_tri, nhap=th.gia_tri
        )
        if th_tinh_tu_goc:
            th = GiaTri(gia_tri=gia_tri, la_uoc=goc_nay.la_uoc, ghi_chu=th.ghi_chu)
            if goc_truoc.theo_dia_gioi_moi:
                ghi_chu_dia_gioi = f"tốc độ tăng tính trên {goc_truoc.ghi_chu_dia_gioi}"
        # Last year's growth rate is not "the same period" of a rate: no comparison.
        cung_ky = (GiaTri(), ghi_chu_dia_gioi)

    ke_hoach = []
    chinh_truoc = []  # the status: the driving source, or where it set no plan, the next source that did
    sau = []
    gia_tri_th = th.gia_tri
    for nguon, chinh in cac_nguon:
        kh = so_lieu.ke_hoach_cua(don_vi_id, chi_tieu, nguon.id)
        so = SoKeHoach(nguon, kh, chinh=chinh, tham_so={
            "loai": loai, "chieu": chieu, "la_ty_le": la_ty_le, "th": gia_tri_th, "kh": kh.gia_tri,
            "so_thang": so_thang, "kieu": kh.kieu, "kh_den": kh.gia_tri_den, "tien_do": kh.tien_do})
        ke_hoach.append(so)
        (chinh_truoc if chinh else sau).append(so)
    nguon_trang_thai = next((so for so in chinh_truoc + sau if so.danh_gia.trang_thai != tinh_toan.THIEU_SO_LIEU),
                            None)
    return DongChiTieu(
        chi_tieu=chi_tieu,
        cap=cap,
        ke_hoach=ke_hoach,
        th=th,
        trang_thai=nguon_trang_thai.danh_gia.trang_thai if nguon_trang_thai else tinh_toan.THIEU_SO_LIEU,
        th_tinh_tu_goc=th_tinh_tu_goc,
        nguon_trang_thai=nguon_trang_thai,
        cung_ky=cung_ky,
    )


def chi_tieu_theo_id_cua(cac_bo: Sequence[BoChiTieu]) -> dict[int, ChiTieu]:
    """Every indicator of the given sets by id (the base of a growth rate is looked up here)."""
    return {ct.id: ct for bo in cac_bo for ct, _ in chi_tieu_cua_bo(bo)}


def ke_hoach_chinh(cac_ke_hoach: Sequence[tuple[KeHoachGT, bool]]) -> KeHoachGT:
    """The plan that drives a row's status (`DongChiTieu.trang_thai`) among its sources'
    plans ((plan, drives the status) in the set's order): the driving source's, or where
    it set none (or zero), the next source's that did. The one place that says which plan
    a figure is judged by, for the rules that need "the plan" of a row."""
    for kh, _ in sorted(cac_ke_hoach, key=lambda x: not x[1]):
        muc, _ = tinh_toan.muc_tieu(chieu=tinh_toan.TANG, kieu=kh.kieu, kh=kh.gia_tri, kh_den=kh.gia_tri_den)
        if muc is not None and not muc.is_zero():
            return kh
    return KeHoachGT()


@dataclass(frozen=True)
class MocBacDo:
    """What a new figure of one cell is held against by the magnitude rule
    (`tinh_toan.lech_bac_do`): the plan's expected value and the same period last year."""

    muc_ky_vong: Decimal | None
    cung_ky: Decimal | None

    def lech(self, gia_tri: Decimal | None) -> str | None:
        return tinh_toan.lech_bac_do(gia_tri, [self.muc_ky_vong, self.cung_ky])


def _moc(chi_tieu: ChiTieu, cac_ke_hoach: Sequence[tuple[KeHoachGT, bool]], cung_ky: GiaTri,
         so_thang: int) -> MocBacDo:
    kh = ke_hoach_chinh(cac_ke_hoach)
    muc, _ = tinh_toan.muc_tieu(chieu=chi_tieu.chieu, kieu=kh.kieu, kh=kh.gia_tri, kh_den=kh.gia_tri_den)
    return MocBacDo(muc_ky_vong=tinh_toan.muc_ky_vong(loai=chi_tieu.loai, kh=muc, so_thang=so_thang,
                                                       tien_do=kh.tien_do),
                    cung_ky=cung_ky.gia_tri)


def moc_cua_dong(dong: DongChiTieu, so_thang: int) -> MocBacDo:
    """The magnitude rule's references of a row: what its status-driving plan expects by
    the end of the period (n/12 of it, or its phase, for a cumulative indicator), and last year."""
    return _moc(dong.chi_tieu, [(so.kh, so.chinh) for so in dong.ke_hoach], dong.th_cung_ky, so_thang)


def moc_bac_do(ky: KyBaoCao, cac_o: dict[DonVi, Collection[ChiTieu]],
               ke_hoach_moi: dict[tuple[int, int, int, date], object] | None = None
               ) -> dict[tuple[int, int], MocBacDo]:
    """The references of the magnitude rule for the cells `cac_o` ({unit: indicators})
    of period `ky`, keyed by (don_vi_id, chi_tieu_id): computed as every table computes
    them (each unit's set and sources; a plan summed from the units below where the unit
    has none). `ke_hoach_moi` {(don_vi_id, chi_tieu_id, nguon_id, hiệu lực từ): plan
    version (`services.OKeHoach`, None to remove)} overrides stored plan versions of
    `ky.nam` with those about to be written (an import carrying plans and actuals).
    Eight queries, nine with `ke_hoach_moi`."""
    ids = {ct.id for cts in cac_o.values() for ct in cts}
    bo_cua = bo_theo_don_vi(list(cac_o), ky.nam)
    # New plan versions may remove a unit's own plan: the units below it are then summed.
    so_lieu = SoLieu(ky, list(cac_o), chi_tieu_ids=ids, moi_ke_hoach_cap_duoi=bool(ke_hoach_moi))
    if ke_hoach_moi:
        phien_ban = doc_phien_ban(KeHoach.objects.filter(
            nam=ky.nam, don_vi_id__in={k[0] for k in ke_hoach_moi}, chi_tieu_id__in={k[1] for k in ke_hoach_moi}))
        cu = {(dv, ct, ng): cac for (_, dv, ct, ng), cac in phien_ban.items()}

        def dat(khoa, cac: dict[date, tuple]) -> None:
            trong_ky = [cac[d] for d in sorted(cac) if d <= ky.ngay_cuoi]
            if trong_ky:
                so_lieu.ke_hoach[khoa] = _phien_ban_hieu_luc(trong_ky)
            else:
                so_lieu.ke_hoach.pop(khoa, None)

        # One plan (unit, indicator, source) at a time, its versions merged with the new
        # ones: a large import's plans are not all held twice at once.
        for khoa, nhom in groupby(sorted(ke_hoach_moi.items(), key=lambda x: x[0][:3]), key=lambda x: x[0][:3]):
            cac = {p[0]: p for p in cu.pop(khoa, ())}
            for (_, _, _, ngay), o in nhom:
                if o is None or o.gia_tri is None:
                    cac.pop(ngay, None)
                else:
                    cac[ngay] = (ngay, o.kieu, o.gia_tri, o.gia_tri_den,
                                 {str(t): str(x) for t, x in (o.tien_do or {}).items()}, o.can_cu)
            dat(khoa, cac)
        for khoa, cac in cu.items():
            dat(khoa, {p[0]: p for p in cac})
    ket_qua = {}
    for dv, cts in cac_o.items():
        cac_nguon = nguon_cua_bo(bo_cua[dv.id])
        for ct in cts:
            # As `dong_chi_tieu` reads a row, without the comparisons: a growth rate has no cùng kỳ.
            cung_ky = GiaTri() if ct.loai == ChiTieu.Loai.TANG_TRUONG else so_lieu.thuc_hien_cua(dv.id, ct, ky.nam - 1)
            ket_qua[(dv.id, ct.id)] = _moc(ct, [(so_lieu.ke_hoach_cua(dv.id, ct, ng.id), chinh) for ng, chinh in cac_nguon],
                                           cung_ky, ky.so_thang)
    return ket_qua


def bang_chi_tieu(ky: KyBaoCao, cac_don_vi: Sequence[DonVi], thay_the: dict | None = None,
                  chi_da_duyet: bool = False) -> dict[int, BangDonVi]:
    """The indicator table of each unit for `ky`, keyed by unit id: its set's indicators
    against its set's plan sources. Eight queries, however many units and indicators.
    `thay_the` overrides stored actuals of `ky` with values being typed
    ({(don_vi_id, chi_tieu_id): (gia_tri, la_uoc, ghi_chu) or None}), so the entry page
    can show their percentages before they are saved; `chi_da_duyet`: see `SoLieu`."""
    cac_bo = cac_bo_cua_nam(ky.nam)
    bo_cua = bo_theo_don_vi(cac_don_vi, ky.nam, cac_bo)
    chi_tieu_theo_id = chi_tieu_theo_id_cua(cac_bo)
    so_lieu = SoLieu(ky, cac_don_vi, thay_the, chi_da_duyet=chi_da_duyet)
    ket_qua = {}
    for dv in cac_don_vi:
        bo = bo_cua[dv.id]
        cac_nguon = nguon_cua_bo(bo)
        ket_qua[dv.id] = BangDonVi(
            don_vi=dv, ky=ky, bo=bo, cac_nguon=[ng for ng, _ in cac_nguon],
            dong=[dong_chi_tieu(so_lieu, dv.id, ct, cap, chi_tieu_theo_id, cac_nguon)
                  for ct, cap in chi_tieu_cua_bo(bo)],
        )
    return ket_qua


def bang_don_vi(don_vi: DonVi, ky: KyBaoCao, thay_the: dict | None = None, chi_da_duyet: bool = False) -> BangDonVi:
    """The indicator table of one unit in one period (`thay_the`, `chi_da_duyet`: see
    `bang_chi_tieu`)."""
    return bang_chi_tieu(ky, [don_vi], thay_the, chi_da_duyet)[don_vi.id]


def cac_nguon_cua(cac_bang: Sequence[BangDonVi]) -> list[NguonKeHoach]:
    """The plan sources of several tables (units of different sets on one page), in the
    order they first appear."""
    ket_qua: dict[int, NguonKeHoach] = {}
    for bang in cac_bang:
        for ng in bang.cac_nguon:
            ket_qua.setdefault(ng.id, ng)
    return list(ket_qua.values())


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


def ke_hoach_cua(don_vi: DonVi, nam: int) -> dict[tuple[int, int], list[KeHoach]]:
    """Every version of the unit's plans of a year, keyed by (chi_tieu_id, nguon_id),
    oldest first. One query."""
    ket_qua: dict[tuple[int, int], list[KeHoach]] = defaultdict(list)
    for kh in KeHoach.objects.filter(don_vi=don_vi, nam=nam).order_by("hieu_luc_tu"):
        ket_qua[(kh.chi_tieu_id, kh.nguon_id)].append(kh)
    return dict(ket_qua)


def phien_ban_thuc_hien(don_vi: DonVi, ky: KyBaoCao) -> dict[int, int]:
    """The version of each actual of the unit and period that ever had one, keyed by
    chi_tieu_id: the id of its last history record, so any write — a change, a clearing,
    a change and back — gives a new version. One query."""
    return dict(ThucHien.history.filter(don_vi=don_vi, ky=ky).order_by().values("chi_tieu_id")
                .annotate(phien_ban=Max("history_id")).values_list("chi_tieu_id", "phien_ban"))


def phien_ban_ke_hoach(don_vi: DonVi, nam: int) -> dict[tuple[int, int, date], int]:
    """The version of each plan version of the unit and year, keyed by (chi_tieu_id,
    nguon_id, hieu_luc_tu), as in `phien_ban_thuc_hien`: a version changed, removed,
    or added again since it was shown has another. One query."""
    return {(ct, ng, ngay): pb for ct, ng, ngay, pb in KeHoach.history.filter(don_vi=don_vi, nam=nam).order_by()
            .values("chi_tieu_id", "nguon_id", "hieu_luc_tu").annotate(phien_ban=Max("history_id"))
            .values_list("chi_tieu_id", "nguon_id", "hieu_luc_tu", "phien_ban")}


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
    loai: str  # "Thực hiện", the plan source ("KH tỉnh giao" …, with a revision's date), "Trạng thái"
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
    """Every change to the unit's actuals of `ky`, its plans of that year (every
    version) and its workflow for `ky` (or only one indicator's actual and plans),
    newest first. Six queries however long the history."""
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
        phan = [dinh_dang.ke_hoach_chinh_xac(bg.kieu, bg.gia_tri, bg.gia_tri_den)]
        if bg.tien_do:
            phan.append(f"tiến độ {dinh_dang.viet_tien_do(doc_tien_do(bg.tien_do))}")
        if bg.can_cu:
            phan.append(f"căn cứ: {bg.can_cu}")
        return " · ".join(phan)

    ten_nguon = dict(NguonKeHoach.objects.values_list("id", "ten"))
    for bg, cu, moi in _thay_doi(list(KeHoach.history.filter(**loc_kh).select_related("history_user")), mo_ta_kh):
        loai = ten_nguon.get(bg.nguon_id, "Kế hoạch")
        if bg.hieu_luc_tu != date(bg.nam, 1, 1):
            loai += f" (điều chỉnh, hiệu lực từ {bg.hieu_luc_tu:%d/%m/%Y})"
        su_kien.append(SuKien(bg.history_date, _ten_nguoi(bg), loai, chi_tieu_theo_id[bg.chi_tieu_id], cu, moi,
                              bg.history_change_reason or ""))

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
