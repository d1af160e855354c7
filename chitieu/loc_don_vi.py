"""Long lists of units shown one tree and one page at a time. Someone who sees every
unit of the country (~3,000 communes since 2025) gets the top-level units (provinces)
to choose from, each with how many of the listed units are in its tree, a search box
and pages of KICH_TRANG rows: every unit stays reachable, none of the lists renders
thousands of rows."""

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

from .models import DonVi

KICH_TRANG = 50


def bo_dau(van_ban: str) -> str:
    """Text compared for a search: without diacritics (đ → d), case-folded, single spaces."""
    van_ban = unicodedata.normalize("NFD", van_ban.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in van_ban if not unicodedata.combining(c)).casefold().split())


class DongDonVi(NamedTuple):
    """A unit read as a row, with what finding trees, periods and lists asks of it (the
    dates answer `co_trong_ky` and `ton_tai_ngay` as the model does; `cap` gives the
    deadline of its level) and the whole row (`hang`) to make its model instance when a
    page shows it (`CacDonVi.tao`)."""

    id: int
    cha_id: int | None
    ma: str
    ten: str
    ten_ngan: str
    thu_tu: int
    cap: str
    ngay_thanh_lap: date | None
    ngay_ngung_hoat_dong: date | None
    hang: tuple

    co_trong_ky = DonVi.co_trong_ky
    ton_tai_ngay = DonVi.ton_tai_ngay


_COT = [*DongDonVi._fields[:-1],  # the row's first columns, then the model's others
        *(f.attname for f in DonVi._meta.concrete_fields if f.attname not in DongDonVi._fields)]
_SO_COT_DONG = len(DongDonVi._fields) - 1
_THU_TU_MO_HINH = [_COT.index(f.attname) for f in DonVi._meta.concrete_fields]
_TEN_MO_HINH = [f.attname for f in DonVi._meta.concrete_fields]


class CacDonVi:
    """Units (a queryset of them, every unit by default) in display order as
    `DongDonVi` rows, in one query: someone who sees the country's 4,000 units gets model
    instances only for the units the page shows (`tao`), each made once, with no query."""

    def __init__(self, don_vi=None):
        don_vi = DonVi.objects.all() if don_vi is None else don_vi
        # `DongDonVi(*h[:n], h)` without the call through its keyword-checking constructor
        moi, n = tuple.__new__, _SO_COT_DONG
        self.dong = [moi(DongDonVi, h[:n] + (h,)) for h in don_vi.order_by("thu_tu", "ten_ngan").values_list(*_COT)]
        self._theo_id = {d.id: d for d in self.dong}
        self._da_tao: dict[int, DonVi] = {}

    def tao(self, dong: DongDonVi | None) -> DonVi | None:
        """The model instance of a row (the same one each time); None for None."""
        if dong is None:
            return None
        if dong.id not in self._da_tao:
            self._da_tao[dong.id] = DonVi.from_db(DonVi.objects.db, _TEN_MO_HINH,
                                                  [dong.hang[i] for i in _THU_TU_MO_HINH])
        return self._da_tao[dong.id]

    def tao_ca_cha(self, cac_dong: Sequence[DongDonVi]) -> list[DonVi]:
        """The model instances of these rows, each with its parent (`cha`) set when the
        parent is among the units read — a list shows the parent's name without a query
        per row."""
        ket_qua = []
        for d in cac_dong:
            dv = self.tao(d)
            if d.cha_id in self._theo_id:
                dv.cha = self.tao(self._theo_id[d.cha_id])
            ket_qua.append(dv)
        return ket_qua


def goc_cua(tat_ca: Sequence[DonVi]) -> dict[int, DonVi]:
    """The top-level unit (one with no parent) of every unit's tree, itself for a
    top-level unit. No query."""
    theo_id = {dv.id: dv for dv in tat_ca}
    goc: dict[int, DonVi] = {}
    for dv in tat_ca:
        duong, hien = [], dv
        while hien.id not in goc and hien.cha_id in theo_id and len(duong) <= len(theo_id):
            duong.append(hien.id)
            hien = theo_id[hien.cha_id]
        g = goc.get(hien.id, hien)
        for id_ in (*duong, hien.id):
            goc[id_] = g
    return goc


@dataclass
class DanhSachDonVi:
    """What a long list shows: the page of units, the trees to choose from as
    [(top-level unit, how many listed units it holds)], the chosen tree and search, and
    a message when the request named a tree that is not there."""


    trang: Page
    cac_nhom: list[tuple[DonVi, int, str]]  # (top-level unit, listed units in its tree, a note the page adds)
    nhom: DonVi | None
    q: str
    loi: str
    tong: int  # listed units before the tree and the search are applied
    goc_id: dict[int, int]  # each listed unit's top-level unit

    @property
    def hien_bo_loc(self) -> bool:
        return self.tong > KICH_TRANG or bool(self.nhom or self.q or self.loi)

    @property
    def don_vi(self) -> list[DonVi]:
        """The units of the chosen tree and search, every page (for counts over them)."""
        return self.trang.paginator.object_list

    def tham_so(self, **thay) -> str:
        """The query string of this list with `thay` changed (e.g. trang=2)."""
        gia_tri = {"nhom": self.nhom.ma if self.nhom else "", "q": self.q, **thay}
        return urlencode({k: v for k, v in gia_tri.items() if v not in ("", None)})

    @property
    def url_truoc(self) -> str:
        return "?" + self.tham_so(trang=self.trang.previous_page_number()) if self.trang.has_previous() else ""

    @property
    def url_sau(self) -> str:
        return "?" + self.tham_so(trang=self.trang.next_page_number()) if self.trang.has_next() else ""


def loc(cac_don_vi: Sequence[DonVi], tat_ca: Sequence[DonVi], tham_so, *, mot_nhom: bool = False,
        tao: Callable[[list], list] | None = None) -> DanhSachDonVi:
    """`cac_don_vi` (in display order) narrowed by the request's `nhom` (the code of a
    top-level unit: its tree) and `q` (part of a name or code, with or without
    diacritics), then its page `trang`. `tat_ca` is every unit, for the trees.
    `mot_nhom`: a list longer than a page opens on the first tree rather than on all.
    `tao` turns the units kept (rows, `CacDonVi`) into what the pages hold (model
    instances, `CacDonVi.tao_ca_cha`). No query."""
    goc = goc_cua(tat_ca)
    dem: dict[int, int] = {}
    for dv in cac_don_vi:
        dem[goc[dv.id].id] = dem.get(goc[dv.id].id, 0) + 1
    cac_goc = {g.id: g for g in goc.values() if g.id in dem}
    cac_nhom = [(g, dem[g.id], "") for g in sorted(cac_goc.values(), key=lambda g: (g.thu_tu, g.ten_ngan))]
    ma_nhom = (tham_so.get("nhom") or "").strip()
    nhom, loi = None, ""
    if ma_nhom:
        nhom = next((g for g, _, _ in cac_nhom if g.ma == ma_nhom), None)
        if nhom is None:
            loi = f"Không có nhóm đơn vị mã «{ma_nhom[:50]}» trong danh sách của bạn; đang hiện tất cả các nhóm."
    if nhom is None and not loi and mot_nhom and len(cac_don_vi) > KICH_TRANG and cac_nhom:
        nhom = cac_nhom[0][0]
    ds = [dv for dv in cac_don_vi if nhom is None or goc[dv.id].id == nhom.id]
    q = (tham_so.get("q") or "").strip()[:100]
    if q:
        can_tim = bo_dau(q)
        ds = [dv for dv in ds if any(can_tim in bo_dau(x) for x in (dv.ten, dv.ten_ngan, dv.ma))]
    trang = Paginator(tao(ds) if tao else ds, KICH_TRANG).get_page(tham_so.get("trang"))
    return DanhSachDonVi(trang, cac_nhom, nhom, q, loi, len(cac_don_vi), {dv.id: goc[dv.id].id for dv in cac_don_vi})
