"""Reads for the year-end forecast (dự báo cả năm): for the rows a page shows, the history
it needs — months n and 12 of every earlier year, of the rows' units and of the units
under the same parents (for a unit at the top, the units below it), with the units
below all of them for totals — read in two queries
however many units and years; then each row's forecast, its verdict against every
plan source of the unit's set, and (when a page asks for it) its track record.

Every number comes from `tinh_toan` (`he_so_mua_vu`, `du_bao_ca_nam`,
`ket_luan_du_bao`, `kiem_dinh`); the history follows the rules of every table: an
entered value wins, a `tong` indicator of a unit with units below it is their sum
when each of them has a value, a growth rate comes from its base indicator. A page that
counts only approved figures (`chi_da_duyet`, "chỉ số liệu đã duyệt") forecasts only from
approved figures, of the period and of every earlier year alike.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Q

from . import tinh_toan
from .models import ChiTieu, DonVi, KyBaoCao, ThucHien
from .selectors import DongChiTieu, SoKeHoach, _hoat_dong_trong_nam, chi_so_lieu_da_duyet


@dataclass
class KetLuanNguon:
    """The forecast against one plan source: the verdict, and the range as % of the plan
    for rows compared by ratio."""

    so: SoKeHoach
    ket_luan: str | None  # tinh_toan.DU_KIEN_DAT / CHUA_CHAC / NGUY_CO; None without a usable plan
    phan_tram_thap: Decimal | None = None
    phan_tram_cao: Decimal | None = None

    @property
    def nguon(self):
        return self.so.nguon


@dataclass
class DuBaoDong:
    """The year-end forecast of one row (one unit's indicator) made from month `so_thang`."""

    chi_tieu: ChiTieu
    nam: int
    so_thang: int
    du_bao: tinh_toan.DuBao
    th: Decimal | None = None  # the figure of month `so_thang` it starts from
    theo_nguon: list[KetLuanNguon] = field(default_factory=list)  # one per plan source of the row, in order
    chinh: KetLuanNguon | None = None  # against the source the row's status comes from
    doc_giua_quy: bool = False  # some earlier year had no figure of this month: read between its quarters
    _lich_su: "LichSu | None" = None
    _don_vi_id: int | None = None

    @cached_property
    def kiem_dinh(self) -> tinh_toan.KiemDinh:
        """The track record over the earlier years (`tinh_toan.kiem_dinh`), computed when shown."""
        ct, lich_su = self.chi_tieu, self._lich_su
        if lich_su is None:
            return tinh_toan.KiemDinh()
        return lich_su.kiem_dinh(self._don_vi_id, ct)

    def theo(self, ma_nguon: str) -> KetLuanNguon | None:
        return next((k for k in self.theo_nguon if k.nguon.ma == ma_nguon), None)


class LichSu:
    """Figures of months `so_thang` and 12 (and, for a month between quarters' ends, of the
    ends around it) of every year up to `nam` (every year when
    None), of the given units, the units under their parents and the units directly
    below all of these. Two queries, however many units and years. The earlier years
    (`cac_nam`) are those before `nam`. `chi_da_duyet` reads only figures whose (unit,
    period) is approved, as `chitieu.selectors.SoLieu` does."""

    def __init__(self, nam: int | None, so_thang: int, cac_don_vi: Sequence[DonVi], chi_tieu_ids: Collection[int],
                 chi_da_duyet: bool = False):
        self.nam, self.so_thang = nam, so_thang
        # A month between quarters' ends: earlier years reported quarterly are read between them.
        self.quy_ke_ben = tinh_toan.quy_ke_ben(so_thang)
        self.nam_noi_suy: dict[tuple[int, int], set[int]] = defaultdict(set)  # (unit, indicator) → years read so
        ids = {dv.id for dv in cac_don_vi}
        cha = {dv.cha_id for dv in cac_don_vi if dv.cha_id is not None}
        self.cha_cua: dict[int, int | None] = {dv.id: dv.cha_id for dv in cac_don_vi}
        # unit → (unit below, its lifetime: founded, ended)
        self.con: dict[int, list[tuple[int, date | None, date | None]]] = defaultdict(list)
        ho_hang = DonVi.objects.filter(Q(cha_id__in=cha | ids) | Q(cha__cha_id__in=cha | ids)).values_list(
            "id", "cha_id", "ngay_thanh_lap", "ngay_ngung_hoat_dong")
        for id_, cha_id, thanh_lap, ngung in ho_hang:
            self.cha_cua[id_] = cha_id
            self.con[cha_id].append((id_, thanh_lap, ngung))
        self.cung_cha: dict[int, list[int]] = defaultdict(list)
        for id_, cha_id in self.cha_cua.items():
            if cha_id in cha:
                self.cung_cha[cha_id].append(id_)
        self.gia_tri: dict[tuple[int, int, int, int], Decimal] = {}
        self.tong_hop: dict[int, str] = {}
        self._hoat_dong: dict[tuple[int, int], list[int]] = {}
        self._mau: dict[tuple[int, int], tuple[tinh_toan.MauLichSu, ...]] = {}
        # (parent, or the unit at the top, indicator, before year) → the pooled samples;
        # (parent or top unit, indicator) → the seasonal factor pooled from them
        self._cung_cap: dict[tuple, tuple[tinh_toan.MauLichSu, ...]] = {}
        self._mua_vu_cung_cap: dict[tuple, tinh_toan.MuaVu] = {}
        self._gia_tri_pool: dict[tuple, tuple] = {}  # see `_gia_tri_cung_cap`
        thuc_hien = ThucHien.objects.filter(don_vi_id__in=set(self.cha_cua), chi_tieu_id__in=chi_tieu_ids,
                                            ky__so_thang__in={so_thang, 12, *(self.quy_ke_ben or ())}
                                            ).order_by()  # no sort by unit, indicator
        if nam is not None:
            thuc_hien = thuc_hien.filter(ky__nam__lte=nam)
        if chi_da_duyet:
            thuc_hien = chi_so_lieu_da_duyet(thuc_hien)
        doc_gia_tri, doc_tong_hop = self.gia_tri, self.tong_hop
        for dv, ct, nam_, thang, gia_tri, tong_hop in thuc_hien.values_list(
                "don_vi_id", "chi_tieu_id", "ky__nam", "ky__so_thang", "gia_tri", "chi_tieu__tong_hop"):
            doc_gia_tri[(dv, ct, nam_, thang)] = gia_tri
            doc_tong_hop[ct] = tong_hop
        self.cac_nam = sorted({k[2] for k in self.gia_tri if nam is None or k[2] < nam})

    def _cua(self, don_vi_id: int, chi_tieu_id: int, nam: int, thang: int) -> Decimal | None:
        """Entered, else the sum of the active units below for a `tong` indicator."""
        rieng = self.gia_tri.get((don_vi_id, chi_tieu_id, nam, thang))
        if rieng is not None or self.tong_hop.get(chi_tieu_id) != ChiTieu.TongHop.TONG:
            return rieng
        con = self._con_hoat_dong(don_vi_id, nam)
        return tinh_toan.tong([self.gia_tri.get((id_, chi_tieu_id, nam, thang)) for id_ in con]) if con else None

    def _con_hoat_dong(self, don_vi_id: int, nam: int) -> list[int]:
        """The units below `don_vi_id` that were active in `nam` (worked out once per unit and year)."""
        khoa = (don_vi_id, nam)
        if khoa not in self._hoat_dong:
            self._hoat_dong[khoa] = [id_ for id_, thanh_lap, ngung in self.con.get(don_vi_id, [])
                                     if _hoat_dong_trong_nam(thanh_lap, ngung, nam)]
        return self._hoat_dong[khoa]

    def cua(self, don_vi_id: int, chi_tieu: ChiTieu, nam: int, thang: int) -> Decimal | None:
        """The figure of a unit as every table computes it (a growth rate from its base)."""
        if chi_tieu.loai != ChiTieu.Loai.TANG_TRUONG or chi_tieu.chi_tieu_goc_id is None:
            return self._cua(don_vi_id, chi_tieu.id, nam, thang)
        goc = chi_tieu.chi_tieu_goc_id
        return tinh_toan.gia_tri_tang_truong(th_goc=self._cua(don_vi_id, goc, nam, thang),
                                             th_goc_cung_ky=self._cua(don_vi_id, goc, nam - 1, thang),
                                             nhap=self.gia_tri.get((don_vi_id, chi_tieu.id, nam, thang)))[0]

    def mau(self, don_vi_id: int, chi_tieu: ChiTieu) -> tuple[tinh_toan.MauLichSu, ...]:
        """(năm, TH by month n, TH of the year) of each earlier year of one unit (worked out
        once: the units beside it ask for it again). A year without a figure of month n,
        when n is not a quarter's end, is read between its quarters' figures
        (`tinh_toan.gia_tri_giua_quy`) and noted in `nam_noi_suy`."""
        khoa = (don_vi_id, chi_tieu.id)
        if khoa not in self._mau:
            self._mau[khoa] = tuple((nam, self._cua_thang(don_vi_id, chi_tieu, nam),
                                     self.cua(don_vi_id, chi_tieu, nam, 12)) for nam in self.cac_nam)
        return self._mau[khoa]

    def _cua_thang(self, don_vi_id: int, chi_tieu: ChiTieu, nam: int) -> Decimal | None:
        th = self.cua(don_vi_id, chi_tieu, nam, self.so_thang)
        if th is not None or self.quy_ke_ben is None:
            return th
        truoc, sau = self.quy_ke_ben
        th = tinh_toan.gia_tri_giua_quy(
            luy_ke=tinh_toan.la_luy_ke(chi_tieu.loai, chi_tieu.la_ty_le), so_thang=self.so_thang,
            th_truoc=self.cua(don_vi_id, chi_tieu, nam, truoc) if truoc else None,
            th_sau=self.cua(don_vi_id, chi_tieu, nam, sau))
        if th is not None:
            self.nam_noi_suy[(don_vi_id, chi_tieu.id)].add(nam)
        return th

    def mau_cung_cap(self, don_vi_id: int, chi_tieu: ChiTieu,
                     truoc_nam: int | None = None) -> tuple[tinh_toan.MauLichSu, ...]:
        """The earlier years (before `truoc_nam`, when given) of every unit under the same
        parent (the unit's own among them); for a unit at the top (a province), of the
        units directly below it."""
        cha = self.cha_cua.get(don_vi_id)
        khoa = (cha, None if cha else don_vi_id, chi_tieu.id, truoc_nam)  # the same for every unit beside it
        if khoa not in self._cung_cap:
            cac_id = self.cung_cha.get(cha, []) if cha else [id_ for id_, _, _ in self.con.get(don_vi_id, [])]
            self._cung_cap[khoa] = tuple(m for id_ in cac_id for m in self.mau(id_, chi_tieu)
                                         if truoc_nam is None or m[0] < truoc_nam)
        return self._cung_cap[khoa]

    def mua_vu_cung_cap(self, don_vi_id: int, chi_tieu: ChiTieu, rieng: tuple[tinh_toan.MauLichSu, ...]
                        ) -> tinh_toan.MuaVu:
        """The seasonal factor of a unit with too few own years (`rieng`) for their own
        (`he_so_mua_vu` then chooses from the pooled years alone, or none): worked out once
        for all the units beside it."""
        cha = self.cha_cua.get(don_vi_id)
        khoa = (cha, None if cha else don_vi_id, chi_tieu.id)
        if khoa not in self._mua_vu_cung_cap:
            self._mua_vu_cung_cap[khoa] = tinh_toan.he_so_mua_vu(
                luy_ke=tinh_toan.la_luy_ke(chi_tieu.loai, chi_tieu.la_ty_le), so_thang=self.so_thang, rieng=rieng,
                cung_cap=self.mau_cung_cap(don_vi_id, chi_tieu))
        return self._mua_vu_cung_cap[khoa]

    def kiem_dinh(self, don_vi_id: int, chi_tieu: ChiTieu) -> tinh_toan.KiemDinh:
        """The track record of one unit's indicator (`tinh_toan.kiem_dinh`): the units beside
        it are read only for the years before it has its own three."""
        rieng = self.mau(don_vi_id, chi_tieu)
        han = tinh_toan.nam_du_lich_su(rieng, luy_ke=tinh_toan.la_luy_ke(chi_tieu.loai, chi_tieu.la_ty_le))
        cung_cap = self.mau_cung_cap(don_vi_id, chi_tieu, truoc_nam=han)
        return tinh_toan.kiem_dinh(loai=chi_tieu.loai, la_ty_le=chi_tieu.la_ty_le, so_thang=self.so_thang,
                                   rieng=rieng, gia_tri_cung_cap=self._gia_tri_cung_cap(cung_cap, chi_tieu))

    def _gia_tri_cung_cap(self, cung_cap: tuple[tinh_toan.MauLichSu, ...], chi_tieu: ChiTieu
                          ) -> list[tuple[int, Decimal]]:
        """`tinh_toan.gia_tri_mau` of a pool, worked out once for all the units that share it
        (`mau_cung_cap` returns the same tuple to each of them)."""
        khoa = (id(cung_cap), chi_tieu.loai, chi_tieu.la_ty_le)
        co = self._gia_tri_pool.get(khoa)
        if co is None or co[0] is not cung_cap:
            co = self._gia_tri_pool[khoa] = (cung_cap, tinh_toan.gia_tri_mau(
                cung_cap, tinh_toan.la_luy_ke(chi_tieu.loai, chi_tieu.la_ty_le)))
        return co[1]


def du_bao_dong(lich_su: LichSu, don_vi_id: int, dong: DongChiTieu, th: Decimal | None) -> DuBaoDong:
    """The forecast of one row from its figure `th` of month `lich_su.so_thang`, with the
    verdict against each of the row's plan sources. No query."""
    ct = dong.chi_tieu
    luy_ke, rieng = tinh_toan.la_luy_ke(ct.loai, ct.la_ty_le), lich_su.mau(don_vi_id, ct)
    mua_vu = tinh_toan.he_so_mua_vu(luy_ke=luy_ke, so_thang=lich_su.so_thang, rieng=rieng)
    if not mua_vu.co_lich_su:  # too few own years: the units beside it (read only then)
        mua_vu = lich_su.mua_vu_cung_cap(don_vi_id, ct, rieng)
    du_bao = tinh_toan.du_bao_ca_nam(loai=ct.loai, la_ty_le=ct.la_ty_le, th=th, so_thang=lich_su.so_thang,
                                     mua_vu=mua_vu)
    theo_nguon = []
    for so in dong.ke_hoach:
        kh = so.kh
        ket_luan = KetLuanNguon(so=so, ket_luan=tinh_toan.ket_luan_du_bao(du_bao, chieu=ct.chieu, kieu=kh.kieu,
                                                                           kh=kh.gia_tri, kh_den=kh.gia_tri_den))
        if not so.danh_gia.so_bang_chenh_lech:
            muc, _ = tinh_toan.muc_tieu(chieu=ct.chieu, kieu=kh.kieu, kh=kh.gia_tri, kh_den=kh.gia_tri_den)
            ket_luan.phan_tram_thap = tinh_toan.phan_tram_ke_hoach(du_bao.thap, muc)
            ket_luan.phan_tram_cao = tinh_toan.phan_tram_ke_hoach(du_bao.cao, muc)
        theo_nguon.append(ket_luan)
    chinh = next((k for k in theo_nguon if k.so is dong.chinh), None)
    doc_giua_quy = (bool(lich_su.nam_noi_suy.get((don_vi_id, ct.id))) if mua_vu.cach == tinh_toan.MUA_VU_RIENG
                    else mua_vu.cach == tinh_toan.MUA_VU_CUNG_CAP
                    and any(nam for (_, ct_id), nam in lich_su.nam_noi_suy.items() if ct_id == ct.id))
    return DuBaoDong(chi_tieu=ct, nam=lich_su.nam, so_thang=lich_su.so_thang, du_bao=du_bao, th=th,
                     theo_nguon=theo_nguon, chinh=chinh, doc_giua_quy=doc_giua_quy, _lich_su=lich_su,
                     _don_vi_id=don_vi_id)


def _ids_chi_tieu(cac_dong: Sequence[tuple[DonVi, DongChiTieu]]) -> set[int]:
    """The rows' indicators and the base indicators of their growth rates."""
    ids = {d.chi_tieu.id for _, d in cac_dong}
    return ids | {d.chi_tieu.chi_tieu_goc_id for _, d in cac_dong if d.chi_tieu.chi_tieu_goc_id}


def gan_du_bao(ky: KyBaoCao, cac_dong: Sequence[tuple[DonVi, DongChiTieu]], chi_da_duyet: bool = False) -> None:
    """Sets `dong.du_bao` on each (unit, row) of a period before month 12, from the row's
    own figure. Two queries (`LichSu`), however many units and rows; none for a
    full-year period, whose figures need no forecast. `chi_da_duyet`: the rows were read
    with only approved figures, and so is the history (`LichSu`)."""
    if ky.so_thang >= 12 or not cac_dong:
        return
    lich_su = LichSu(ky.nam, ky.so_thang, list({dv.id: dv for dv, _ in cac_dong}.values()), _ids_chi_tieu(cac_dong),
                     chi_da_duyet=chi_da_duyet)
    for dv, dong in cac_dong:
        dong.du_bao = du_bao_dong(lich_su, dv.id, dong, dong.th.gia_tri)


def ky_du_bao_ca_nam(don_vi: DonVi, ky: KyBaoCao) -> KyBaoCao | None:
    """For the full-year period: the latest earlier period of the same year with a figure
    of the unit or of a unit below it, whose figures the estimate of the year starts
    from. One query."""
    return (KyBaoCao.objects.filter(nam=ky.nam, so_thang__lt=ky.so_thang)
            .filter(Q(thuc_hien__don_vi=don_vi) | Q(thuc_hien__don_vi__cha=don_vi))
            .order_by("-so_thang").first())


def du_bao_tu_ky(don_vi: DonVi, ky: KyBaoCao, cac_dong: Sequence[DongChiTieu]) -> dict[int, DuBaoDong]:
    """The forecasts of a unit's year from the figures of an earlier period `ky` of it,
    keyed by indicator id (the entry grid of the full year offers them as "ước cả
    năm"). Two queries."""
    lich_su = LichSu(ky.nam, ky.so_thang, [don_vi], _ids_chi_tieu([(don_vi, d) for d in cac_dong]))
    return {d.chi_tieu.id: du_bao_dong(lich_su, don_vi.id, d, lich_su.cua(don_vi.id, d.chi_tieu, ky.nam, ky.so_thang))
            for d in cac_dong}


def kiem_dinh_theo_chi_tieu(so_thang: int, cac_don_vi: Sequence[DonVi],
                            cac_chi_tieu: Sequence[ChiTieu]) -> dict[int, tinh_toan.KiemDinh]:
    """The track record of forecasts from month `so_thang` of each indicator, over every
    given unit and every year in the database (each unit-year one forecast made with the
    years before it, exactly as the pages make it), keyed by indicator id. Two queries."""
    lich_su = LichSu(None, so_thang, cac_don_vi, {ct.id for ct in cac_chi_tieu}
                     | {ct.chi_tieu_goc_id for ct in cac_chi_tieu if ct.chi_tieu_goc_id})
    ket_qua = {}
    for ct in cac_chi_tieu:
        cac_lan = []
        for dv in cac_don_vi:
            cac_lan += lich_su.kiem_dinh(dv.id, ct).cac_lan
        ket_qua[ct.id] = tinh_toan.KiemDinh(cac_lan=tuple(cac_lan))
    return ket_qua
