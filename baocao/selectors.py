"""Reads for the dashboards. Every figure comes from `chitieu.selectors` (and so from
`tinh_toan`); this module only picks, groups and orders rows for a page, in a fixed
number of queries however many units there are."""

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.http import Http404

from chitieu import dinh_dang
from chitieu import du_bao as cs_du_bao
from chitieu import ke_thua
from chitieu import selectors as cs
from chitieu import tinh_toan
from chitieu.models import ChiTieu, DonVi, KeHoach, KeThua, KyBaoCao, NguonKeHoach, ThucHien, TrangThaiNop

CAC_THANG = (3, 6, 9, 12)


def cay_don_vi(cac_don_vi: Sequence[DonVi]) -> list[tuple[DonVi, int]]:
    """The units in tree order (each followed by the units below it), with their depth
    among these units; a unit whose parent is not in the list starts a tree. No query."""
    co_mat = {dv.id for dv in cac_don_vi}
    con_cua: dict[int | None, list[DonVi]] = defaultdict(list)
    for dv in cac_don_vi:
        con_cua[dv.cha_id if dv.cha_id in co_mat else None].append(dv)
    ket_qua: list[tuple[DonVi, int]] = []
    cho_xet = [(dv, 0) for dv in reversed(con_cua[None])]
    while cho_xet:
        dv, cap = cho_xet.pop()
        ket_qua.append((dv, cap))
        cho_xet.extend((con, cap + 1) for con in reversed(con_cua.get(dv.id, [])))
    return ket_qua


def _so_lieu(ky: KyBaoCao, cac_don_vi: Sequence[DonVi], chi_tieu: Sequence[ChiTieu],
             chi_da_duyet: bool = False) -> cs.SoLieu:
    """The plans and actuals of a few indicators only (and the base indicators of growth
    rates among them) — reading the whole catalog costs seconds at 700 units when a page
    shows one indicator. Three queries."""
    ids_ct = {ct.id for ct in chi_tieu} | {ct.chi_tieu_goc_id for ct in chi_tieu if ct.chi_tieu_goc_id}
    return cs.SoLieu(ky, cac_don_vi, chi_tieu_ids=ids_ct, chi_da_duyet=chi_da_duyet)


class _KyDaTinh(NamedTuple):
    """What `DonVi.co_trong_ky` reads of a period, computed once."""

    nam: int
    ngay_cuoi: date


def goc_va_pham_vi(cac_don_vi: Sequence[DonVi], ma_goc: str = "",
                   ky: KyBaoCao | None = None) -> tuple[list[DonVi], DonVi | None, list[DonVi]]:
    """Pages that list units show one tree at a time: a province with the units below it
    (or a leader's own unit). Returns the roots among the units the user may see (the
    units whose parent they may not see), the chosen root (`ma_goc`, else the first
    that still exists; None when `ma_goc` is not one of them) and the units of its tree.
    With `ky`, the tree of that period (DESIGN §7): only the roots and units that existed
    in it (`DonVi.co_trong_ky`) — 2023 has Bình Định and its districts, 2026 the new Gia
    Lai and its communes. A province office sees its province as before; at national
    scale the page stays one province long and a selector offers the others. No query;
    each unit's lifetime is looked at once."""
    co_mat = {dv.id for dv in cac_don_vi}
    if ky is not None:
        ky = _KyDaTinh(ky.nam, ky.ngay_cuoi)  # the period's last day worked out once, not once per unit
    trong_ky = cac_don_vi if ky is None else [dv for dv in cac_don_vi if dv.co_trong_ky(ky)]
    goc = [dv for dv in trong_ky if dv.cha_id not in co_mat]
    if ma_goc:
        chon = next((dv for dv in goc if dv.ma == ma_goc), None)
    else:
        chon = next((dv for dv in goc if dv.ngay_ngung_hoat_dong is None), goc[0] if goc else None)
    if chon is None:
        return goc, None, []
    con_cua: dict[int, list[int]] = defaultdict(list)
    for dv in trong_ky:
        con_cua[dv.cha_id].append(dv.id)
    cay, cho_xet = set(), [chon.id]
    while cho_xet:
        id_ = cho_xet.pop()
        if id_ not in cay:
            cay.add(id_)
            cho_xet.extend(con_cua.get(id_, []))
    return goc, chon, [dv for dv in trong_ky if dv.id in cay]  # in the order of `cac_don_vi`


def don_vi_tuong_ung(don_vi: DonVi, cac_goc: Sequence[DonVi]) -> DonVi | None:
    """Among `cac_goc`, the unit `don_vi` became or came from (`KeThua`, the largest share
    first): where a link to Bình Định in 2026 leads (the new Gia Lai). One query."""
    ids = [dv.id for dv in cac_goc]
    kt = (KeThua.objects.filter(Q(don_vi_cu=don_vi, don_vi_moi_id__in=ids) | Q(don_vi_moi=don_vi, don_vi_cu_id__in=ids))
          .order_by("-ty_le", "id").values_list("don_vi_moi_id", "don_vi_cu_id").first())
    if kt is None:
        return None
    theo_id = {dv.id: dv for dv in cac_goc}
    return theo_id.get(kt[0]) or theo_id.get(kt[1])


# -- communes grouped by the unit they came from (issue 13) -------------------------------

CAC_SAP_XEP = ("trang_thai", "chenh_lech", "ten")
KHONG_NHOM = "khac"  # the group of units with no predecessor, on a page that groups
_XAU_TRUOC = {tinh_toan.CHAM_NHIEU: 0, tinh_toan.CHAM: 1, tinh_toan.DAT: 2, tinh_toan.THIEU_SO_LIEU: 3}


def khoa_ten(don_vi: DonVi) -> str:
    """Sort key of a unit's name close to Vietnamese alphabetical order (đ after d, marks
    ignored) — Python's code-point order would put "Đông" after "Tây"."""
    ten = unicodedata.normalize("NFD", don_vi.ten_ngan.replace("Đ", "Dz").replace("đ", "dz"))
    return "".join(c for c in ten if not unicodedata.combining(c)).casefold()


def don_vi_cu_cua(cac_don_vi: Sequence[DonVi]) -> dict[int, DonVi]:
    """The former unit each of `cac_don_vi` is grouped under on a page of a province's
    communes: of its predecessors (`KeThua`), the one whose largest part went into it
    (the highest share of the old unit; ties: the old unit first in order). An old
    commune stands for its district (its `cha`), so a commune formed from old communes
    falls under its main one's district. The shares are of the old unit, not of the new
    one — the best the succession rows say without populations. Units with no
    predecessor are absent. One query, read as rows: a model instance is made only for
    each former unit that heads a group (a province's 130 communes came from some 450
    old ones, under a dozen districts)."""
    cot = DonVi._meta.concrete_fields
    n = len(cot)
    i_id, i_cap, i_cha = (cot.index(DonVi._meta.get_field(ten)) for ten in ("id", "cap", "cha"))
    da_tao: dict[int, DonVi] = {}
    ket_qua: dict[int, DonVi] = {}
    for moi_id, *hang in (KeThua.objects.filter(don_vi_moi_id__in=[dv.id for dv in cac_don_vi])
                          .order_by("don_vi_moi_id", "-ty_le", "don_vi_cu__thu_tu", "don_vi_cu__ten_ngan")
                          .values_list("don_vi_moi_id", *(f"don_vi_cu__{f.name}" for f in cot),
                                       *(f"don_vi_cu__cha__{f.name}" for f in cot))):
        if moi_id not in ket_qua:
            cu = hang[n:] if hang[i_cap] == DonVi.Cap.XA and hang[i_cha] else hang[:n]
            if cu[i_id] not in da_tao:
                da_tao[cu[i_id]] = DonVi.from_db(DonVi.objects.db, [f.attname for f in cot], cu)
            ket_qua[moi_id] = da_tao[cu[i_id]]
    return ket_qua


@dataclass
class Nhom:
    """The rows of one group of units — those that came from one former district — and how
    many cells (overview) or units (ranking) are in each status."""

    don_vi_cu: DonVi | None  # None: units with no predecessor
    dong: list
    dem: list[tuple[str, str, int]] = field(default_factory=list)  # (status, its name, count), worst first

    @property
    def ma(self) -> str:
        return self.don_vi_cu.ma if self.don_vi_cu else KHONG_NHOM

    @property
    def ten(self) -> str:
        return f"{self.don_vi_cu.ten} (cũ)" if self.don_vi_cu else "Đơn vị không có đơn vị tiền thân"


def _nhom(cac_dong: list, don_vi_cu: dict[int, DonVi], trang_thai_cua) -> list[Nhom]:
    """`cac_dong` (rows with a `don_vi`) grouped by their former unit, in the order of
    those units; none when no row has a former unit (a period before the reform)."""
    if not any(d.don_vi.id in don_vi_cu for d in cac_dong):
        return []
    theo: dict[int | None, Nhom] = {}
    for d in cac_dong:
        cu = don_vi_cu.get(d.don_vi.id)
        theo.setdefault(cu.id if cu else None, Nhom(don_vi_cu=cu, dong=[])).dong.append(d)
    for nhom in theo.values():
        dem = Counter(tt for d in nhom.dong for tt in trang_thai_cua(d))
        nhom.dem = [(tt, dinh_dang.TEN_TRANG_THAI[tt], dem[tt]) for tt in _XAU_TRUOC if dem[tt]]
    return sorted(theo.values(), key=lambda n: (n.don_vi_cu is None, n.don_vi_cu.thu_tu if n.don_vi_cu else 0,
                                                khoa_ten(n.don_vi_cu) if n.don_vi_cu else ""))


def _chon_nhom(cac_nhom: list[Nhom], ma_nhom: str) -> list[Nhom]:
    if not ma_nhom:
        return cac_nhom
    chon = [n for n in cac_nhom if n.ma == ma_nhom]
    if not chon:
        raise Http404("Không có nhóm đơn vị này trong kỳ và tỉnh đang xem.")
    return chon


# -- the overview: units × indicators ------------------------------------------------


@dataclass
class DongTongQuan:
    """One unit's row of the overview: its depth in the tree and, for each indicator
    column, the row of `chitieu.selectors` (None where the indicator is not in the
    unit's set)."""

    don_vi: DonVi
    cap: int
    o: list[cs.DongChiTieu | None]
    trang_thai_nop: TrangThaiNop

    @property
    def cua_bo(self) -> list[cs.DongChiTieu]:
        """The cells of indicators in the unit's set (the N of X/N)."""
        return [d for d in self.o if d is not None]

    @property
    def so_chi_tieu(self) -> int:
        return len(self.cua_bo)

    @property
    def so_dat(self) -> int:
        return sum(1 for d in self.cua_bo if d.trang_thai == tinh_toan.DAT)

    @property
    def so_co_so_lieu(self) -> int:
        return sum(1 for d in self.cua_bo if d.trang_thai != tinh_toan.THIEU_SO_LIEU)

    def _dem_ket_luan(self, ket_luan: str | None) -> int:
        return sum(1 for d in self.cua_bo if d.du_bao and d.du_bao.chinh and d.du_bao.chinh.ket_luan == ket_luan)

    @property
    def so_du_kien_dat(self) -> int:
        """Indicators whose forecast meets the plan their status is measured against."""
        return self._dem_ket_luan(tinh_toan.DU_KIEN_DAT)

    @property
    def so_nguy_co(self) -> int:
        return self._dem_ket_luan(tinh_toan.NGUY_CO)

    def chenh_lech_binh_quan(self, so_thang: int) -> Decimal | None:
        """How far the row is from where it should be: the mean, over its cells compared
        by a percentage, of % KH − the expected % (n/12 of the plan for a cumulative
        indicator, the whole plan for a level); None when no cell has one."""
        cac = [o.chinh.danh_gia.phan_tram - (tinh_toan.tien_do_ky_vong(so_thang)
                                            if o.chi_tieu.loai == ChiTieu.Loai.LUY_KE else 100)
               for o in self.cua_bo if o.chinh and o.chinh.danh_gia.phan_tram is not None]
        return sum(cac, Decimal(0)) / len(cac) if cac else None


@dataclass
class TongQuan:
    ky: KyBaoCao
    chi_tieu: list[ChiTieu]  # the columns: top-level indicators of the chosen lĩnh vực
    dong: list[DongTongQuan] = field(default_factory=list)
    chi_da_duyet: bool = False  # only approved figures count
    du_bao: bool = False  # each cell carries its year-end forecast (`?xem=du_bao`)
    cac_nhom: list[Nhom] = field(default_factory=list)  # the units below the province by former district
    nhom: list[Nhom] = field(default_factory=list)  # the groups shown (`?nhom=`)
    sap_xep: str = ""

    @property
    def dem_trang_thai_nop(self) -> list[tuple[str, str, int]]:
        return cs.dem_trang_thai_nop([d.trang_thai_nop for d in self.dong])

    @property
    def nguon_danh_gia(self) -> list[str]:
        """The names of the status-driving sources of the units shown."""
        ten: dict[int, str] = {}
        for d in self.dong:
            for o in d.cua_bo:
                for so in o.ke_hoach:
                    if so.chinh:
                        ten.setdefault(so.nguon.id, so.nguon.ten)
        return list(ten.values())

    @property
    def dau_moi(self) -> list[DongTongQuan]:
        """The rows of the units at the top of the trees (the province) for the headline."""
        return [d for d in self.dong if d.cap == 0]

    @property
    def dong_hien(self) -> list[DongTongQuan]:
        """The rows the table shows: every row, or with groups the province's and those
        of the groups chosen (`?nhom=`), in the table's order."""
        if not self.cac_nhom:
            return self.dong
        return self.dau_moi + [d for n in self.nhom for d in n.dong]

    @property
    def dang_cham(self) -> list["DonViCham"]:
        """"Đang chậm": each unit of the table with cells behind plan (status `cham` or
        `cham_nhieu`, as the cells say), the worst unit first (`DonViCham.khoa`)."""
        cac = [DonViCham(dong=d, o=sorted((o for o in d.cua_bo if o.trang_thai in _CHAM),
                                          key=lambda o: _khoa_o_cham(o, self.ky.so_thang)))
               for d in self.dong_hien]
        return sorted((c for c in cac if c.o), key=lambda c: c.khoa(self.ky.so_thang))


_CHAM = (tinh_toan.CHAM_NHIEU, tinh_toan.CHAM)


def _ty_le_tien_do(o: cs.DongChiTieu, so_thang: int) -> Decimal | None:
    """How much of the expected progress a cell compared by a percentage reached (% KH
    over n/12 of the plan, or its phase, for a cumulative indicator; over 100 for a
    level); None for a cell compared by its gap."""
    so = o.chinh
    if so is None or so.danh_gia.phan_tram is None:
        return None
    ky_vong = (tinh_toan.tien_do_ky_vong(so_thang, so.kh.tien_do) if o.chi_tieu.loai == ChiTieu.Loai.LUY_KE
               else Decimal(100))
    return so.danh_gia.phan_tram / ky_vong if ky_vong else None


def _khoa_o_cham(o: cs.DongChiTieu, so_thang: int) -> tuple:
    """Worst first: `cham_nhieu` before `cham`, then the smallest share of the expected
    progress; cells compared by their gap after those with a percentage."""
    ty_le = _ty_le_tien_do(o, so_thang)
    return (_XAU_TRUOC[o.trang_thai], ty_le is None, ty_le or 0, o.chi_tieu.thu_tu, o.chi_tieu.ma)


@dataclass
class DonViCham:
    """One unit of the "đang chậm" list and its cells behind plan, worst first."""

    dong: DongTongQuan
    o: list[cs.DongChiTieu]

    @property
    def so_cham_nhieu(self) -> int:
        return sum(1 for o in self.o if o.trang_thai == tinh_toan.CHAM_NHIEU)

    def khoa(self, so_thang: int) -> tuple:
        """Most `cham_nhieu` cells first, then most cells behind, then the worst cell."""
        return (-self.so_cham_nhieu, -len(self.o), _khoa_o_cham(self.o[0], so_thang)[1:3],
                khoa_ten(self.dong.don_vi))


def cot_chi_tieu(bo_cua: dict[int, object], linh_vuc: str = "", chi_cap_0: bool = True) -> list[ChiTieu]:
    """The columns of a page that lists units of possibly different sets: the (top-level)
    indicators of the sets, the set of most units first, each indicator once."""
    so_don_vi: dict[int, int] = defaultdict(int)
    cac_bo = {}
    for bo in bo_cua.values():
        if bo is not None:
            so_don_vi[bo.id] += 1
            cac_bo[bo.id] = bo
    cot: dict[int, ChiTieu] = {}
    for bo_id in sorted(so_don_vi, key=lambda i: (-so_don_vi[i], i)):
        for ct, cap in cs.chi_tieu_cua_bo(cac_bo[bo_id]):
            if (cap == 0 or not chi_cap_0) and (not linh_vuc or ct.linh_vuc == linh_vuc):
                cot.setdefault(ct.id, ct)
    return list(cot.values())


def tong_quan(ky: KyBaoCao, cac_don_vi: Sequence[DonVi], linh_vuc: str = "", chi_da_duyet: bool = False,
              du_bao: bool = False, nhom: str | None = None, sap_xep: str = "") -> TongQuan:
    """Every unit's status on every top-level indicator of its set (of one lĩnh vực, or
    all) for `ky`, with where each unit's figures are in the workflow (`chi_da_duyet`:
    only approved figures count, see `chitieu.selectors.SoLieu`); with `du_bao`, also
    each cell's year-end forecast and its verdict, made from the same figures. Nine
    queries, eleven with the forecasts.

    With `nhom` ("" for all, or a group's `ma`), one more query groups the units below
    the province by their former district (`don_vi_cu_cua`) with counts per status, and
    keeps that group only; `sap_xep` orders the units of each group: `trang_thai` (fewest
    indicators on track first), `chenh_lech` (furthest below the expected progress
    first, `DongTongQuan.chenh_lech_binh_quan`) or `ten`; else the tree's order."""
    cac_bo = cs.cac_bo_cua_nam(ky.nam)
    bo_cua = cs.bo_theo_don_vi(cac_don_vi, ky.nam, cac_bo)
    theo_id = cs.chi_tieu_theo_id_cua(cac_bo)
    cot = cot_chi_tieu(bo_cua, linh_vuc)
    so_lieu = _so_lieu(ky, cac_don_vi, cot, chi_da_duyet)
    trang_thai = cs.trang_thai_nop_cua(ky, cac_don_vi)
    ket_qua = TongQuan(ky=ky, chi_tieu=cot, chi_da_duyet=chi_da_duyet)
    for dv, cap in cay_don_vi(cac_don_vi):
        bo = bo_cua[dv.id]
        cua_bo = {ct.id for ct, c in cs.chi_tieu_cua_bo(bo) if c == 0}
        nguon = cs.nguon_cua_bo(bo)
        ket_qua.dong.append(DongTongQuan(don_vi=dv, cap=cap, o=[
            cs.dong_chi_tieu(so_lieu, dv.id, ct, 0, theo_id, nguon) if ct.id in cua_bo else None for ct in cot],
            trang_thai_nop=trang_thai[dv.id]))
    if du_bao and ky.so_thang < 12:
        ket_qua.du_bao = True
        cs_du_bao.gan_du_bao(ky, [(d.don_vi, o) for d in ket_qua.dong for o in d.cua_bo], chi_da_duyet=chi_da_duyet)
    if nhom is not None:
        duoi = [d for d in ket_qua.dong if d.cap > 0]
        ket_qua.cac_nhom = _nhom(duoi, don_vi_cu_cua([d.don_vi for d in duoi]),
                                 lambda d: [o.trang_thai for o in d.cua_bo])
        ket_qua.nhom = _chon_nhom(ket_qua.cac_nhom, nhom)
    if sap_xep:
        ket_qua.sap_xep = sap_xep
        khoa = {
            "ten": lambda d: (khoa_ten(d.don_vi),),
            "trang_thai": lambda d: (Decimal(d.so_dat) / d.so_co_so_lieu if d.so_co_so_lieu else Decimal(2),
                                     -sum(1 for o in d.cua_bo if o.trang_thai == tinh_toan.CHAM_NHIEU),
                                     khoa_ten(d.don_vi)),
            "chenh_lech": lambda d: ((c := d.chenh_lech_binh_quan(ky.so_thang)) is None, c or 0, khoa_ten(d.don_vi)),
        }[sap_xep]
        for n in ket_qua.nhom:
            n.dong.sort(key=khoa)
        if not ket_qua.cac_nhom:
            ket_qua.dong = ket_qua.dau_moi + sorted((d for d in ket_qua.dong if d.cap > 0), key=khoa)
    return ket_qua


# -- one indicator across units, ranked ------------------------------------------------


@dataclass
class DongXepHang:
    don_vi: DonVi
    dong: cs.DongChiTieu
    trang_thai_nop: TrangThaiNop
    nguon_xep: NguonKeHoach | None = None  # the source the ranking compares with
    xep_thu: int | None = None  # None: left out of the ranking (no figure to rank by)

    @property
    def so_xep(self) -> cs.SoKeHoach | None:
        return self.dong.theo_nguon(self.nguon_xep.ma) if self.nguon_xep else None

    @property
    def du_bao_xep(self) -> cs_du_bao.KetLuanNguon | None:
        """The year-end forecast against the ranking's plan source."""
        return self.dong.du_bao.theo(self.nguon_xep.ma) if self.nguon_xep and self.dong.du_bao else None

    @property
    def gia_tri_xep(self) -> Decimal | None:
        """What the ranking orders by: % of the ranking's plan source, or the gap TH − KH
        where the indicator is compared by its gap (`tinh_toan.so_bang_chenh_lech`)."""
        so = self.so_xep
        if so is None:
            return None
        return so.danh_gia.chenh_lech if so.danh_gia.so_bang_chenh_lech else so.danh_gia.phan_tram


@dataclass
class XepHang:
    chi_tieu: ChiTieu
    ky: KyBaoCao
    dong: list[DongXepHang]  # ranked units first (best first), then those without a figure
    tong: list[DongXepHang]  # units made of other units, when the indicator sums
    cac_nguon: list[NguonKeHoach] = field(default_factory=list)  # the plan sources of the units' sets
    nguon_xep: NguonKeHoach | None = None  # the status-driving source of most ranked units' sets
    cac_chi_tieu: list[ChiTieu] = field(default_factory=list)  # the indicators of the units' sets (to switch to)
    chi_da_duyet: bool = False
    cac_nhom: list[Nhom] = field(default_factory=list)  # the units by former district
    nhom: list[Nhom] = field(default_factory=list)  # the groups shown (`?nhom=`)
    sap_xep: str = ""

    @property
    def theo_chenh_lech(self) -> bool:
        so = next((d.so_xep for d in self.dong if d.so_xep is not None), None)
        if so is not None:
            return so.danh_gia.so_bang_chenh_lech
        return tinh_toan.so_bang_chenh_lech(loai=self.chi_tieu.loai, chieu=self.chi_tieu.chieu,
                                            la_ty_le=self.chi_tieu.la_ty_le)

    @property
    def muc_ky_vong(self) -> Decimal:
        """Where the expected-progress line goes on the ranking chart: n/12 of the plan
        for a cumulative indicator, the whole plan (100 %) for a level, no gap (0) when
        compared by the gap."""
        if self.theo_chenh_lech:
            return Decimal(0)
        if self.chi_tieu.loai == ChiTieu.Loai.LUY_KE:
            return tinh_toan.tien_do_ky_vong(self.ky.so_thang)
        return Decimal(100)

    @property
    def xep_duoc(self) -> list[DongXepHang]:
        return [d for d in self.dong if d.xep_thu is not None]


def xep_hang(chi_tieu: ChiTieu, ky: KyBaoCao, cac_don_vi: Sequence[DonVi], chi_da_duyet: bool = False,
             du_bao: bool = False, nhom: str | None = None, sap_xep: str = "") -> XepHang:
    """One indicator for every given unit whose set has it, with where its figures are in
    the workflow. Units with units below them are totals (shown when the indicator sums,
    `tong_hop = tong`); the others are ranked by `DongXepHang.gia_tri_xep` against one
    plan source — the status-driving source of most of their sets — best first in the
    indicator's direction, equal values sharing a place; units without that figure are
    listed after, unranked. `chi_da_duyet`: only approved figures count. With `du_bao`,
    each row carries its year-end forecast (before month 12), made from the same
    figures. Ten queries, twelve with the forecasts.

    With `nhom` ("" for all, or a group's `ma`), one more query groups the ranked units
    by former district (`don_vi_cu_cua`) with how many are in each status, and keeps that
    group only (its units keep their place in the whole ranking); `sap_xep` orders the
    units: `trang_thai` (chậm nhiều, chậm, đạt, no figure; the furthest behind first
    within each), `chenh_lech` (the furthest behind first by % or gap, as ranked) or
    `ten`; else the ranking's order."""
    theo_id = {ct.id: ct for ct in ChiTieu.objects.filter(id__in=[chi_tieu.id, chi_tieu.chi_tieu_goc_id or 0])}
    cac_bo = cs.cac_bo_cua_nam(ky.nam)
    bo_cua = cs.bo_theo_don_vi(cac_don_vi, ky.nam, cac_bo)
    cac_chi_tieu = cot_chi_tieu(bo_cua, chi_cap_0=False)
    co_chi_tieu = {bo.id for bo in cac_bo if any(ct.id == chi_tieu.id for ct, _ in cs.chi_tieu_cua_bo(bo))}
    cac_don_vi = [dv for dv in cac_don_vi if bo_cua[dv.id] is not None and bo_cua[dv.id].id in co_chi_tieu]
    so_lieu = _so_lieu(ky, cac_don_vi, [chi_tieu], chi_da_duyet)
    trang_thai = cs.trang_thai_nop_cua(ky, cac_don_vi)
    co_con = so_lieu.co_con
    cac_dong = [DongXepHang(don_vi=dv, dong=cs.dong_chi_tieu(so_lieu, dv.id, chi_tieu, 0, theo_id,
                                                             cs.nguon_cua_bo(bo_cua[dv.id])),
                            trang_thai_nop=trang_thai[dv.id]) for dv in cac_don_vi]
    cac_nguon: dict[int, NguonKeHoach] = {}
    phieu: dict[int, int] = defaultdict(int)
    for d in cac_dong:
        for so in d.dong.ke_hoach:
            cac_nguon.setdefault(so.nguon.id, so.nguon)
            if so.chinh and d.don_vi.id not in co_con:
                phieu[so.nguon.id] += 1
    nguon_xep = cac_nguon[max(phieu, key=lambda i: (phieu[i], -i))] if phieu else None
    for d in cac_dong:
        d.nguon_xep = nguon_xep
    if du_bao:
        cs_du_bao.gan_du_bao(ky, [(d.don_vi, d.dong) for d in cac_dong], chi_da_duyet=chi_da_duyet)
    tong = [d for d in cac_dong if d.don_vi.id in co_con]
    le = [d for d in cac_dong if d.don_vi.id not in co_con]
    co_so = [d for d in le if d.gia_tri_xep is not None]
    thieu = [d for d in le if d.gia_tri_xep is None]
    tot_khi_thap = chi_tieu.chieu == ChiTieu.Chieu.GIAM
    co_so.sort(key=lambda d: (d.gia_tri_xep if tot_khi_thap else -d.gia_tri_xep, d.don_vi.ten_ngan))
    truoc = None
    for i, d in enumerate(co_so, start=1):
        d.xep_thu = truoc.xep_thu if truoc and truoc.gia_tri_xep == d.gia_tri_xep else i
        truoc = d
    thieu.sort(key=lambda d: (d.don_vi.thu_tu, d.don_vi.ten_ngan))
    ket_qua = XepHang(chi_tieu=chi_tieu, ky=ky, dong=co_so + thieu,
                      tong=tong if chi_tieu.tong_hop == ChiTieu.TongHop.TONG else [],
                      cac_nguon=list(cac_nguon.values()), nguon_xep=nguon_xep, cac_chi_tieu=cac_chi_tieu,
                      chi_da_duyet=chi_da_duyet, sap_xep=sap_xep)
    if sap_xep:
        def xau(d: DongXepHang) -> tuple:
            g = d.gia_tri_xep
            return (g is None, (g if not tot_khi_thap else -g) if g is not None else 0)

        ket_qua.dong.sort(key={
            "ten": lambda d: (khoa_ten(d.don_vi),),
            "trang_thai": lambda d: (_XAU_TRUOC[d.dong.trang_thai], *xau(d), khoa_ten(d.don_vi)),
            "chenh_lech": lambda d: (*xau(d), khoa_ten(d.don_vi)),
        }[sap_xep])
    if nhom is not None:
        ket_qua.cac_nhom = _nhom(ket_qua.dong, don_vi_cu_cua([d.don_vi for d in ket_qua.dong]),
                                 lambda d: [d.dong.trang_thai])
        ket_qua.nhom = _chon_nhom(ket_qua.cac_nhom, nhom)
        if nhom:
            ket_qua.dong = ket_qua.nhom[0].dong
    return ket_qua


# -- one unit and indicator over the years ----------------------------------------------


@dataclass
class XuHuong:
    don_vi: DonVi
    chi_tieu: ChiTieu
    cac_nam: list[int]
    o: dict[tuple[int, int], cs.DongChiTieu]  # (năm, số tháng) → row; absent when no such period
    trang_thai_nop: dict[tuple[int, int], TrangThaiNop]  # the unit's workflow state in each period
    chi_da_duyet: bool = False
    cac_chi_tieu: list[ChiTieu] = field(default_factory=list)  # the unit's set of the latest year
    cac_thang: list[int] = field(default_factory=lambda: list(CAC_THANG))  # the columns: months with a period

    def cua(self, nam: int, so_thang: int) -> cs.DongChiTieu | None:
        return self.o.get((nam, so_thang))

    def trang_thai(self, nam: int, so_thang: int) -> TrangThaiNop:
        """The unit's workflow row of that period (an unsaved đang nhập one where none exists)."""
        return self.trang_thai_nop.get((nam, so_thang)) or TrangThaiNop(don_vi=self.don_vi)


def _tien_than_theo_ky(don_vi: DonVi, cac_ky: Sequence[KyBaoCao]) -> tuple[dict, dict]:
    """For a unit founded in a reform, {period id: PhanTienThan, …} of the periods that
    ended before its founding (whose figures are built from its predecessors,
    `chitieu.ke_thua`), and {unit id: (parent id, unit)} of the units below those
    predecessors. Two queries for such a unit; none for any other."""
    if don_vi.ngay_thanh_lap is None:
        return {}, {}
    do_thi = ke_thua.DoThiTienThan.doc(don_vi.id)
    theo_ky = {}
    for ky in cac_ky:
        if ky.ngay_cuoi < don_vi.ngay_thanh_lap and (phan := do_thi.tai([don_vi.id], ky.ngay_cuoi).get(don_vi.id)):
            theo_ky[ky.id] = phan
    la = {p.don_vi_id for cac in theo_ky.values() for p in cac}
    con = {id_: (cha_id, DonVi(ngay_thanh_lap=tl, ngay_ngung_hoat_dong=ngung)) for id_, cha_id, tl, ngung in
           DonVi.objects.filter(cha_id__in=la).values_list("id", "cha_id", "ngay_thanh_lap", "ngay_ngung_hoat_dong")}
    return theo_ky, con


def xu_huong(don_vi: DonVi, chi_tieu: ChiTieu, chi_da_duyet: bool = False) -> XuHuong:
    """The unit's figure of `chi_tieu` in every period of every year — columns 3/6/9/12
    and any other month some year has a period of (monthly reporting since 2025) —
    computed by the same rules as every table (an entered value wins; a `tong` indicator
    of a unit with units below it is their sum; a growth rate comes from its base), and
    the unit's workflow state in each period (`chi_da_duyet`: only approved figures
    count). Eleven queries, however many years, units below or periods; thirteen for a
    unit founded in a reform, whose years before its founding are built from its
    predecessors (`chitieu.ke_thua`: share-weighted where the indicator adds up, none
    for levels and rates unless the office stored a recomputed figure).

    The rows are made by `chitieu.selectors` from the plans and actuals of all years,
    fetched once and handed to it one period at a time."""
    cac_ky = list(KyBaoCao.objects.order_by("nam", "so_thang"))
    if don_vi.ngay_ngung_hoat_dong is not None:  # a merged unit's trend ends with its last period
        cac_ky = [k for k in cac_ky if k.ngay_cuoi < don_vi.ngay_ngung_hoat_dong]
    cac_nam = sorted({k.nam for k in cac_ky})
    catalog = {ct.id: ct for ct in ChiTieu.objects.all()}
    chi_tieu = catalog.get(chi_tieu.id, chi_tieu)
    bo_nam = cs.bo_theo_nam(don_vi, cac_nam)
    can_doc = [chi_tieu.id] + ([chi_tieu.chi_tieu_goc_id] if chi_tieu.chi_tieu_goc_id else [])
    doi = {id_: DonVi(ngay_thanh_lap=tl, ngay_ngung_hoat_dong=ng)  # the lifetime of each unit below
           for id_, tl, ng in DonVi.objects.filter(cha=don_vi).values_list("id", "ngay_thanh_lap",
                                                                          "ngay_ngung_hoat_dong")}
    con = list(doi)
    tat_ca = [don_vi.id, *con]
    tien_than, con_tien_than = _tien_than_theo_ky(don_vi, cac_ky)
    tat_ca += [*{p.don_vi_id for cac in tien_than.values() for p in cac}, *con_tien_than]
    phien_ban = cs.doc_phien_ban(KeHoach.objects.filter(don_vi_id__in=tat_ca, chi_tieu_id__in=can_doc))
    thuc_hien: dict[int, dict] = defaultdict(dict)
    cac_th = ThucHien.objects.filter(don_vi_id__in=tat_ca, chi_tieu_id__in=can_doc)
    if chi_da_duyet:
        cac_th = cs.chi_so_lieu_da_duyet(cac_th)
    for thang, nam, dv, ct, gia_tri, la_uoc, ghi_chu in cac_th.values_list(
            "ky__so_thang", "ky__nam", "don_vi_id", "chi_tieu_id", "gia_tri", "la_uoc", "ghi_chu"):
        thuc_hien[thang][(dv, ct, nam)] = (gia_tri, la_uoc, ghi_chu)
    o = {}
    for ky in cac_ky:
        con_hoat_dong = [id_ for id_ in con if doi[id_].hoat_dong_trong_nam(ky.nam)]
        cay = {don_vi.id: con_hoat_dong}
        phan = tien_than.get(ky.id)
        for p in phan or ():  # a predecessor's figure may be the sum of the units below it then
            cay[p.don_vi_id] = [id_ for id_, (cha_id, dv) in con_tien_than.items()
                                if cha_id == p.don_vi_id and dv.hoat_dong_trong_nam(ky.nam)]
        so_lieu = cs.SoLieu.tu_du_lieu(ky, cay, cs.ke_hoach_tai(phien_ban, ky), thuc_hien[ky.so_thang],
                                       tien_than={don_vi.id: phan} if phan else None)
        o[(ky.nam, ky.so_thang)] = cs.dong_chi_tieu(so_lieu, don_vi.id, chi_tieu, 0, catalog,
                                                    cs.nguon_cua_bo(bo_nam[ky.nam]))
    trang_thai = {(tt.ky.nam, tt.ky.so_thang): tt for tt in TrangThaiNop.objects.filter(don_vi=don_vi)
                  .select_related("ky")}
    bo_moi_nhat = bo_nam[cac_nam[-1]] if cac_nam else None
    return XuHuong(don_vi=don_vi, chi_tieu=chi_tieu, cac_nam=cac_nam, o=o, trang_thai_nop=trang_thai,
                   chi_da_duyet=chi_da_duyet, cac_thang=sorted(set(CAC_THANG) | {k.so_thang for k in cac_ky}),
                   cac_chi_tieu=[ct for ct, _ in cs.chi_tieu_cua_bo_nam(bo_moi_nhat, cac_nam[-1])] if bo_moi_nhat else [])

