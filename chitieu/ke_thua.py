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
        canh = con_tro.fetchall()
    cu_cua: dict[int, list[tuple[int, Decimal]]] = {}
    ten: dict[int, str] = {}
    moi_hon: set[int] = set()  # predecessors founded after `ngay` themselves
    for moi_id, cu_id, ty_le, ten_cu, thanh_lap in canh:
        cu_cua.setdefault(moi_id, []).append((cu_id, Decimal(str(ty_le))))
        ten[cu_id] = ten_cu
        if (tl := _ngay(thanh_lap)) is not None and tl > ngay:
            moi_hon.add(cu_id)

    def la(id_: int, he_so: Decimal, da_qua: frozenset[int], ket_qua: dict[int, Decimal]) -> None:
        for cu_id, ty_le in cu_cua.get(id_, []):
            if cu_id in da_qua:  # a cycle (refused on save; never loop on bad data)
                continue
            if cu_id in moi_hon and cu_id in cu_cua:
                la(cu_id, he_so * ty_le, da_qua | {cu_id}, ket_qua)
            else:
                ket_qua[cu_id] = ket_qua.get(cu_id, Decimal(0)) + he_so * ty_le

    ket_qua: dict[int, list[PhanTienThan]] = {}
    for id_ in ids:
        if id_ in cu_cua:
            phan: dict[int, Decimal] = {}
            la(id_, Decimal(1), frozenset({id_}), phan)
            ket_qua[id_] = [PhanTienThan(cu_id, ten[cu_id], ty_le) for cu_id, ty_le in
                            sorted(phan.items(), key=lambda x: (-x[1], ten[x[0]]))]
    return ket_qua


def cong_duoc(chi_tieu: ChiTieu) -> bool:
    """Whether a share of a predecessor's figure is a part of the successor's: the
    indicator is cumulative and sums over units. Levels and rates are not."""
    return chi_tieu.loai == ChiTieu.Loai.LUY_KE and chi_tieu.tong_hop == ChiTieu.TongHop.TONG


def viet_ty_le(ty_le: Decimal) -> str:
    """0.25 → "25 %", 0.333333 → "33,33 %"."""
    return f"{dinh_dang.so(dinh_dang.bo_so_0_thua((ty_le * 100).quantize(Decimal('0.01'))), 2).rstrip('0').rstrip(',')} %"


def viet_nguon_goc(cac_phan: Collection[PhanTienThan]) -> str:
    """ "Huyện Tuy Phước (25 %), Huyện An Nhơn (10 %)"; a whole unit without its share."""
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
