"""Comparable history across a reform of administrative units (DESIGN §7).

A unit founded after a comparison period (the communes of 1/7/2025 against their
6 tháng 2025) has no figure of its own there. Its figure is built from the units that
existed then and that it succeeded (`KeThua`, followed through chains A → B → C):

- an indicator that adds up (cumulative, summed over units): the share-weighted sum of
  the predecessors' figures, only when every predecessor has one;
- a level or a rate: no figure — "không có số liệu so sánh được" — because a share of
  a district's rate is not the commune's rate.

A figure the office entered itself for that period, flagged "tính lại theo địa giới
mới" (`ThucHien.tinh_lai_dia_gioi`), always wins. Units that existed in the period are
never touched: their own pages stay exactly as they were.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from . import dinh_dang
from .models import ChiTieu, DonVi, KeThua

KHONG_SO_SANH_DUOC = "không có số liệu so sánh được"


@dataclass(frozen=True)
class PhanTienThan:
    """One unit that existed in the comparison period and the share of it that went,
    through every step of succession, into the unit being compared."""

    don_vi_id: int
    ten: str
    ty_le: Decimal


def _ngay(x) -> date | None:
    return date.fromisoformat(x) if isinstance(x, str) else x


def tien_than_tai(ids: Collection[int], ngay: date) -> dict[int, list[PhanTienThan]]:
    """For each of `ids` founded after `ngay`, the units it descends from that existed
    on `ngay`, with the product of the shares along the way (summed over paths). A
    predecessor that did not exist on `ngay` either is followed to its own
    predecessors. Units founded by `ngay` are left out. One query (recursive)."""
    if not ids:
        return {}
    dv, kt = DonVi._meta.db_table, KeThua._meta.db_table
    with connection.cursor() as con_tro:
        con_tro.execute(
            f"WITH RECURSIVE moi(id) AS ("
            f" SELECT id FROM {dv} WHERE id IN ({', '.join(['%s'] * len(ids))}) AND ngay_thanh_lap > %s"
            f" UNION SELECT k.don_vi_cu_id FROM moi JOIN {kt} k ON k.don_vi_moi_id = moi.id"
            f" JOIN {dv} d ON d.id = k.don_vi_cu_id WHERE d.ngay_thanh_lap > %s)"
            f" SELECT k.don_vi_moi_id, k.don_vi_cu_id, k.ty_le, d.ten, d.ngay_thanh_lap"
            f" FROM moi JOIN {kt} k ON k.don_vi_moi_id = moi.id JOIN {dv} d ON d.id = k.don_vi_cu_id",
            [*ids, ngay, ngay])
        return DoThiTienThan(con_tro.fetchall()).tai(ids, ngay)


class DoThiTienThan:
    """The succession rows above some units, read once, to ask at any date which units
    they descend from (`tai`) — the trend page asks it for every earlier period."""

    def __init__(self, canh: list[tuple]):
        self.cu_cua: dict[int, list[tuple[int, Decimal]]] = {}
        self.ten: dict[int, str] = {}
        self.thanh_lap: dict[int, date | None] = {}
        for moi_id, cu_id, ty_le, ten_cu, thanh_lap in canh:
            self.cu_cua.setdefault(moi_id, []).append((cu_id, Decimal(str(ty_le))))
            self.ten[cu_id] = ten_cu
            self.thanh_lap[cu_id] = _ngay(thanh_lap)

    @classmethod
    def doc(cls, don_vi_id: int) -> "DoThiTienThan":
        """Every succession row above `don_vi_id`, through chains. One query (recursive)."""
        dv, kt = DonVi._meta.db_table, KeThua._meta.db_table
        with connection.cursor() as con_tro:
            con_tro.execute(
                f"WITH RECURSIVE moi(id) AS (SELECT id FROM {dv} WHERE id = %s"
                f" UNION SELECT k.don_vi_cu_id FROM moi JOIN {kt} k ON k.don_vi_moi_id = moi.id)"
                f" SELECT k.don_vi_moi_id, k.don_vi_cu_id, k.ty_le, d.ten, d.ngay_thanh_lap"
                f" FROM moi JOIN {kt} k ON k.don_vi_moi_id = moi.id JOIN {dv} d ON d.id = k.don_vi_cu_id",
                [don_vi_id])
            return cls(con_tro.fetchall())

    def tai(self, ids: Collection[int], ngay: date) -> dict[int, list[PhanTienThan]]:
        """As `tien_than_tai`, for units the caller knows were founded after `ngay`. No query."""
        moi_hon = {id_ for id_, tl in self.thanh_lap.items() if tl is not None and tl > ngay}

        def la(id_: int, he_so: Decimal, da_qua: frozenset[int], ket_qua: dict[int, Decimal]) -> None:
            for cu_id, ty_le in self.cu_cua.get(id_, []):
                if cu_id in da_qua:  # a cycle (refused on save; never loop on bad data)
                    continue
                if cu_id in moi_hon and cu_id in self.cu_cua:
                    la(cu_id, he_so * ty_le, da_qua | {cu_id}, ket_qua)
                else:
                    ket_qua[cu_id] = ket_qua.get(cu_id, Decimal(0)) + he_so * ty_le

        ket_qua: dict[int, list[PhanTienThan]] = {}
        for id_ in ids:
            if id_ in self.cu_cua:
                phan: dict[int, Decimal] = {}
                la(id_, Decimal(1), frozenset({id_}), phan)
                ket_qua[id_] = [PhanTienThan(cu_id, self.ten[cu_id], ty_le) for cu_id, ty_le in
                                sorted(phan.items(), key=lambda x: (-x[1], self.ten[x[0]]))]
        return ket_qua


def cong_duoc(chi_tieu: ChiTieu) -> bool:
    """Whether a share of a predecessor's figure is a part of the successor's: the
    indicator is cumulative and sums over units. Levels and rates are not."""
    return chi_tieu.loai == ChiTieu.Loai.LUY_KE and chi_tieu.tong_hop == ChiTieu.TongHop.TONG


def viet_ty_le(ty_le: Decimal) -> str:
    """0.25 → "25 %", 0.333333 → "33,33 %"."""
    return f"{dinh_dang.so(dinh_dang.bo_so_0_thua((ty_le * 100).quantize(Decimal('0.01'))), 2).rstrip('0').rstrip(',')} %"


class CacPhan(tuple):
    """The predecessors of one unit (`PhanTienThan`, …), a tuple that writes its
    `viet_nguon_goc` once: every row of the unit's table says it."""

    @property
    def nguon_goc(self) -> str:
        try:
            return self._nguon_goc
        except AttributeError:
            self._nguon_goc = _viet_nguon_goc(self)
            return self._nguon_goc


def viet_nguon_goc(cac_phan: Collection[PhanTienThan]) -> str:
    """ "Huyện Tuy Phước (25 %), Huyện An Nhơn (10 %)"; a whole unit without its share."""
    if type(cac_phan) is CacPhan:
        return cac_phan.nguon_goc
    return _viet_nguon_goc(cac_phan)


def _viet_nguon_goc(cac_phan: Collection[PhanTienThan]) -> str:
    return ", ".join(p.ten if p.ty_le == 1 else f"{p.ten} ({viet_ty_le(p.ty_le)})" for p in cac_phan)


def ghi_chu_cung_ky(cac_phan: Collection[PhanTienThan]) -> str:
    """What a page says beside a comparison figure built from predecessors."""
    return f"cùng kỳ tính theo địa giới mới, từ: {viet_nguon_goc(cac_phan)}"


def ty_le_chua_du() -> list[tuple[DonVi, Decimal]]:
    """Old units whose recorded shares add up to less than 1 (part of them went
    elsewhere, or is not recorded yet): a warning, not an error. One query."""
    from django.db.models import Sum
    tong = dict(KeThua.objects.values("don_vi_cu_id").annotate(tong=Sum("ty_le")).filter(tong__lt=1)
                .values_list("don_vi_cu_id", "tong"))
    return [(dv, tong[dv.id]) for dv in DonVi.objects.filter(id__in=tong)]


@dataclass(frozen=True)
class NguonGoc:
    """Where a unit came from and what succeeded it, as its page says it."""

    thanh_lap: str  # "Thành lập ngày 01/07/2025 theo …, từ: Huyện Tuy Phước (25 %), …" or ""
    sap_nhap_vao: str  # "Từ 01/07/2025 sáp nhập vào: Xã Tuy Phước Đông (25 %), …" or ""


def _viet_nhom(cac_dong: list[KeThua], ten_cua, mau: str) -> str:
    """One clause per effective date: the units, with the share where it is not the whole."""
    theo_ngay: dict[date, list[KeThua]] = {}
    for kt in cac_dong:
        theo_ngay.setdefault(kt.ngay_hieu_luc, []).append(kt)
    cac_cau = []
    for ngay, nhom in sorted(theo_ngay.items()):
        can_cu = ", ".join(dict.fromkeys(kt.can_cu for kt in nhom if kt.can_cu))
        cac_cau.append(mau.format(
            ngay=f"{ngay:%d/%m/%Y}", theo=f" theo {can_cu}" if can_cu else "",
            ds=viet_nguon_goc([PhanTienThan(0, ten_cua(kt), kt.ty_le) for kt in nhom])))
    return "; ".join(cac_cau)


def nguon_goc(don_vi: DonVi) -> NguonGoc:
    """The unit's succession rows read as sentences: the units it was formed from
    (dated by its founding, else by the rows' effective date) and the units it went
    into. One query."""
    cac_dong = list(KeThua.objects.filter(Q(don_vi_moi=don_vi) | Q(don_vi_cu=don_vi))
                    .select_related("don_vi_moi", "don_vi_cu").order_by("ngay_hieu_luc", "-ty_le", "pk"))
    tu = [kt for kt in cac_dong if kt.don_vi_moi_id == don_vi.id]
    vao = [kt for kt in cac_dong if kt.don_vi_cu_id == don_vi.id]
    if tu and don_vi.ngay_thanh_lap:
        for kt in tu:
            kt.ngay_hieu_luc = don_vi.ngay_thanh_lap
    return NguonGoc(
        thanh_lap=_viet_nhom(tu, lambda kt: kt.don_vi_cu.ten, "Thành lập ngày {ngay}{theo}, từ: {ds}"),
        sap_nhap_vao=_viet_nhom(vao, lambda kt: kt.don_vi_moi.ten, "Từ {ngay} sáp nhập vào: {ds}"),
    )
