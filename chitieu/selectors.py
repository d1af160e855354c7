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

from django.db.models import Count, Max, Q
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


class SoLieu:
    """Plans and actuals of a set of units and the units directly below them, fetched
    once, with the rollup rule: an entered value wins; otherwise a `tong` indicator is
    the sum of the units below — only when every one of them has a value.

    `chi_tieu_ids` reads only those indicators (a page that shows one indicator across
    hundreds of units need not read the whole catalog); `tu_du_lieu` builds one from
    values already read (the trend page reads every year once)."""

    def __init__(self, ky: KyBaoCao, cac_don_vi: Sequence[DonVi], thay_the: dict | None = None,
                 chi_tieu_ids: Collection[int] | None = None):
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


def bang_chi_tieu(ky: KyBaoCao, cac_don_vi: Sequence[DonVi], thay_the: dict | None = None) -> dict[int, BangDonVi]:
    """The indicator table of each unit for `ky`, keyed by unit id. Four queries, however
    many units and indicators. `thay_the` overrides stored actuals of `ky` with values
    being typed ({(don_vi_id, chi_tieu_id): (gia_tri, la_uoc, ghi_chu) or None}), so
    the entry page can show their percentages before they are saved."""
    chi_tieu = chi_tieu_trong_nam(ky.nam)
    chi_tieu_theo_id = {ct.id: ct for ct, _ in chi_tieu}
    so_lieu = SoLieu(ky, cac_don_vi, thay_the)
    return {
        dv.id: BangDonVi(
            don_vi=dv,
            ky=ky,
            dong=[dong_chi_tieu(so_lieu, dv.id, ct, cap, chi_tieu_theo_id) for ct, cap in chi_tieu],
        )
        for dv in cac_don_vi
    }


def bang_don_vi(don_vi: DonVi, ky: KyBaoCao, thay_the: dict | None = None) -> BangDonVi:
    """The indicator table of one unit in one period (`thay_the`: see `bang_chi_tieu`)."""
    return bang_chi_tieu(ky, [don_vi], thay_the)[don_vi.id]


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


def phien_ban_thuc_hien(don_vi: DonVi, ky: KyBaoCao) -> dict[int, int]:
    """The version of each actual of the unit and period that ever had one, keyed by
    chi_tieu_id: the id of its last history record, so any write — a change, a clearing,
    a change and back — gives a new version. One query."""
    return dict(ThucHien.history.filter(don_vi=don_vi, ky=ky).order_by().values("chi_tieu_id")
                .annotate(phien_ban=Max("history_id")).values_list("chi_tieu_id", "phien_ban"))


def phien_ban_ke_hoach(don_vi: DonVi, nam: int) -> dict[tuple[int, str], int]:
    """The version of each plan of the unit and year, keyed by (chi_tieu_id, cap_giao),
    as in `phien_ban_thuc_hien`. One query."""
    return {(ct, cap): pb for ct, cap, pb in KeHoach.history.filter(don_vi=don_vi, nam=nam).order_by()
            .values("chi_tieu_id", "cap_giao").annotate(phien_ban=Max("history_id"))
            .values_list("chi_tieu_id", "cap_giao", "phien_ban")}


def lay_chi_tieu(ma: str) -> ChiTieu:
    return get_object_or_404(ChiTieu, ma=ma)


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
