"""Reads of the workflow: who must report, deadlines, who sent when, rates, threads,
notifications. Each function runs a fixed number of queries, however many units."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db.models import Count, Max, Q
from django.utils import timezone

from chitieu import loc_don_vi, quyen
from chitieu import selectors as cs
from chitieu.models import DonVi, KyBaoCao, ThucHien, TrangThaiNop

from . import quy_tac
from .models import GiaiTrinh, HanNop, ThongBao, YeuCauMoKhoa, YKien

TT = TrangThaiNop.TrangThai


def hom_nay(bay_gio: datetime | None = None) -> date:
    """Today in the project's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate(bay_gio or timezone.now())


def don_vi_bao_cao(ky: KyBaoCao, trong: Collection[int] | None = None,
                   tat_ca: Sequence[DonVi] | None = None) -> list[DonVi]:
    """The units expected to report for `ky`: those existing in its year with no unit
    below them existing then (a province's figures are the sum of its units, it does
    not send its own). `trong` keeps only those ids. One query, none when given every
    unit (`tat_ca`)."""
    if tat_ca is None:
        tat_ca = list(DonVi.objects.select_related("cha").order_by("thu_tu", "ten_ngan"))
    return _la_cua_cay(tat_ca, ky, trong)


def _la_cua_cay(tat_ca: list[DonVi], ky: KyBaoCao, trong: Collection[int] | None) -> list[DonVi]:
    """The units that report `ky`: those that exist at its end (a commune founded on
    1/7/2025 does not report 6 tháng 2025; a district merged then does not report 9 tháng)
    with no such unit below them."""
    ngay_cuoi = ky.ngay_cuoi
    hoat_dong = [dv for dv in tat_ca if dv.ton_tai_ngay(ngay_cuoi)]
    co_con = {dv.cha_id for dv in hoat_dong}
    return [dv for dv in hoat_dong if dv.id not in co_con and (trong is None or dv.id in trong)]


# -- deadlines ---------------------------------------------------------------------


def han_da_dat(cac_ky: Sequence[KyBaoCao]) -> dict[tuple[str, int], date]:
    """The deadlines the province office set for these periods, by (level, period id)."""
    return {(h.cap, h.ky_id): h.han for h in HanNop.objects.filter(ky__in=cac_ky)}


def han_nop(don_vi: DonVi, ky: KyBaoCao, da_dat: dict[tuple[str, int], date]) -> date:
    """The deadline of `don_vi` for `ky`: the one set for its level, else the default
    rule. The one place deadlines are resolved (an indicator-set key goes here)."""
    return da_dat.get((don_vi.cap, ky.id)) or quy_tac.han_mac_dinh(ky.nam, ky.so_thang)


def han_nop_cua(don_vi: DonVi, ky: KyBaoCao) -> date:
    return han_nop(don_vi, ky, han_da_dat([ky]))


def lan_gui(cac_ky: Sequence[KyBaoCao], don_vi_ids: Collection[int] | None = None) -> dict[tuple[int, int], datetime]:
    """The latest sending of each (unit id, period id) that was ever sent, from the
    workflow history (of the units `don_vi_ids`, None: all). One query."""
    lich_su: dict[tuple[int, int], list[tuple[str, datetime]]] = defaultdict(list)
    ban_ghi = TrangThaiNop.history.filter(ky__in=cac_ky)
    if don_vi_ids is not None:
        ban_ghi = ban_ghi.filter(don_vi_id__in=don_vi_ids)
    for don_vi_id, ky_id, trang_thai, luc in (ban_ghi
                                             .order_by("history_date", "history_id")
                                             .values_list("don_vi_id", "ky_id", "trang_thai", "history_date")):
        lich_su[(don_vi_id, ky_id)].append((trang_thai, luc))
    return {khoa: gui for khoa, cac in lich_su.items() if (gui := quy_tac.lan_gui_cuoi(cac)) is not None}


def tinh_trang_han(tt: TrangThaiNop, han: date, gui_luc: datetime | None, ngay: date) -> quy_tac.TinhTrangHan:
    """The deadline standing of a workflow row: its sending counts only while the
    figures are still sent or approved."""
    return _tinh_trang_han(tt.trang_thai, han, gui_luc, ngay)


def _tinh_trang_han(trang_thai: str, han: date, gui_luc: datetime | None, ngay: date) -> quy_tac.TinhTrangHan:
    con_gui = trang_thai in (TT.DA_GUI, TT.DA_DUYET) and gui_luc is not None
    return quy_tac.tinh_trang_han(han=han, ngay_gui=timezone.localdate(gui_luc) if con_gui else None, hom_nay=ngay)


def han_cua_don_vi(don_vi: DonVi, ky: KyBaoCao, tt: TrangThaiNop, ngay: date | None = None) -> quy_tac.TinhTrangHan:
    """The entry page's "Hạn nộp 20/6 · còn 3 ngày" for one unit. Two queries."""
    gui_luc = lan_gui([ky]).get((don_vi.id, ky.id))
    return tinh_trang_han(tt, han_nop_cua(don_vi, ky), gui_luc, ngay or hom_nay())


# -- the status page and the rates ---------------------------------------------------


@dataclass
class DongNop:
    """One reporting unit on the status page."""

    don_vi: DonVi
    tt: TrangThaiNop
    han: quy_tac.TinhTrangHan
    so_lieu: int  # figures entered
    cap_nhat: datetime | None  # the latest change to its figures or its workflow
    giai_trinh_mo: int
    yeu_cau_mo_khoa: YeuCauMoKhoa | None
    so_chi_tieu: int = 0  # the indicators of its set that year (with sub-indicators)


@dataclass
class TinhTrangNop:
    ky: KyBaoCao
    dong: list[DongNop]
    ty_le: quy_tac.TyLeNop
    dem: dict[str, int] = field(default_factory=dict)  # workflow state label → units; adds up to len(dong)


def tinh_trang_nop(ky: KyBaoCao, trong: Collection[int] | None, ngay: date,
                   cac_don_vi: Sequence[DonVi] | None = None) -> TinhTrangNop:
    """Every unit expected to report for `ky` (among `trong`, None = all), or the units
    `cac_don_vi` (one tree of a long list): its state, deadline standing, figures
    entered, last change, open threads and pending unlock request, and how many
    indicators its set has. Twelve queries however many units; each reads only the rows
    of these units."""
    if cac_don_vi is None:
        cac_don_vi = don_vi_bao_cao(ky, trong)
    ids = [dv.id for dv in cac_don_vi]
    bo_cua = cs.bo_theo_don_vi(cac_don_vi, ky.nam)
    trang_thai = {tt.don_vi_id: tt for tt in TrangThaiNop.objects.filter(ky=ky, don_vi_id__in=ids)
                  .select_related("nguoi_cap_nhat")}
    da_dat = han_da_dat([ky])
    gui = lan_gui([ky], ids)
    so_lieu = {r["don_vi_id"]: r for r in ThucHien.objects.filter(ky=ky, don_vi_id__in=ids).values("don_vi_id")
               .annotate(so=Count("id"), moi_nhat=Max("cap_nhat_luc"))}
    giai_trinh = dict(GiaiTrinh.objects.filter(ky=ky, don_vi_id__in=ids).exclude(trang_thai=GiaiTrinh.TrangThai.DA_DONG)
                      .values("don_vi_id").annotate(so=Count("id")).values_list("don_vi_id", "so"))
    yeu_cau = {yc.don_vi_id: yc for yc in YeuCauMoKhoa.objects.filter(ky=ky, don_vi_id__in=ids,
                                                                         trang_thai=YeuCauMoKhoa.TrangThai.CHO)
               .select_related("nguoi_yeu_cau")}
    dong = []
    for dv in cac_don_vi:
        tt = trang_thai.get(dv.id) or TrangThaiNop(don_vi=dv, ky=ky)
        sl = so_lieu.get(dv.id, {})
        cac_luc = [luc for luc in (tt.cap_nhat_luc, sl.get("moi_nhat")) if luc]
        dong.append(DongNop(dv, tt, tinh_trang_han(tt, han_nop(dv, ky, da_dat), gui.get((dv.id, ky.id)), ngay),
                            sl.get("so", 0), max(cac_luc) if cac_luc else None, giai_trinh.get(dv.id, 0),
                            yeu_cau.get(dv.id), len(cs.chi_tieu_cua_bo(bo_cua[dv.id]))))
    dem = {ten: 0 for ten in TT.labels}
    for d in dong:
        dem[d.tt.get_trang_thai_display()] += 1
    return TinhTrangNop(ky, dong, quy_tac.dem_ty_le((d.tt.trang_thai, d.han) for d in dong), dem)


@dataclass
class TongQuanNop:
    """The overview's reporting panel for one period and one province."""

    ky: KyBaoCao
    ty_le: quy_tac.TyLeNop
    tre_han: list[tuple[DonVi, quy_tac.TinhTrangHan]]
    qua_han: list[tuple[DonVi, quy_tac.TinhTrangHan]]
    cac_ky: list[tuple[KyBaoCao, quy_tac.TyLeNop]]  # oldest first, ending with `ky`


SO_KY_BIEU_DO = 8


def tong_quan_nop(ky: KyBaoCao, trong: Collection[int], ngay: date) -> TongQuanNop:
    """Reporting of `ky` and of up to eight periods before it over the units `trong`
    (a province's tree): rates, and the units late or overdue in `ky`. Five queries.

    Only the units of `trong` and those right below them are read (whether a unit of
    `trong` reports depends on nothing else, `_la_cua_cay`), and the sendings of `trong`:
    the country's 4,000 units are not built for a province of 130 communes. They and
    their workflow states are read as rows; a model instance is made only for a unit
    named as late or overdue."""
    cac_ky = list(KyBaoCao.objects.filter(Q(nam__lt=ky.nam) | Q(nam=ky.nam, so_thang__lte=ky.so_thang))
                  .order_by("-nam", "-so_thang")[:SO_KY_BIEU_DO])[::-1]
    trong = set(trong)
    tat_ca = loc_don_vi.CacDonVi(DonVi.objects.filter(Q(id__in=trong) | Q(cha_id__in=trong)))
    trang_thai = {(don_vi_id, ky_id): tt for don_vi_id, ky_id, tt in TrangThaiNop.objects
                  .filter(ky__in=cac_ky, don_vi__in=trong).values_list("don_vi_id", "ky_id", "trang_thai")}
    chua_co = TrangThaiNop._meta.get_field("trang_thai").default  # a (unit, period) with no workflow row yet
    da_dat = han_da_dat(cac_ky)
    gui = lan_gui(cac_ky, trong)
    theo_ky, tre, qua = [], [], []
    for k in cac_ky:
        cac_han = []
        for dv in _la_cua_cay(tat_ca.dong, k, trong):
            tt = trang_thai.get((dv.id, k.id), chua_co)
            han = _tinh_trang_han(tt, han_nop(dv, k, da_dat), gui.get((dv.id, k.id)), ngay)
            cac_han.append((tt, han))
            if k.id == ky.id and han.loai == quy_tac.TRE_HAN:
                tre.append((tat_ca.tao(dv), han))
            if k.id == ky.id and han.loai == quy_tac.QUA_HAN:
                qua.append((tat_ca.tao(dv), han))
        theo_ky.append((k, quy_tac.dem_ty_le(cac_han)))
    return TongQuanNop(ky, theo_ky[-1][1], tre, qua, theo_ky)


def qua_han(cac_ky: Sequence[KyBaoCao], ngay: date) -> list[tuple[KyBaoCao, DonVi, quy_tac.TinhTrangHan]]:
    """Every (period, reporting unit) overdue on `ngay` among these periods. Five queries."""
    tat_ca = list(DonVi.objects.select_related("cha").order_by("thu_tu", "ten_ngan"))
    trang_thai = {(tt.don_vi_id, tt.ky_id): tt for tt in TrangThaiNop.objects.filter(ky__in=cac_ky)}
    da_dat = han_da_dat(cac_ky)
    gui = lan_gui(cac_ky)
    ket_qua = []
    for k in cac_ky:
        for dv in _la_cua_cay(tat_ca, k, None):
            tt = trang_thai.get((dv.id, k.id)) or TrangThaiNop(don_vi=dv, ky=k)
            han = tinh_trang_han(tt, han_nop(dv, k, da_dat), gui.get((dv.id, k.id)), ngay)
            if han.loai == quy_tac.QUA_HAN:
                ket_qua.append((k, dv, han))
    return ket_qua


def thoi_diem_duyet(don_vi: DonVi, ky: KyBaoCao) -> datetime | None:
    """When the figures were last approved (from the workflow history)."""
    return (TrangThaiNop.history.filter(don_vi=don_vi, ky=ky, trang_thai=TT.DA_DUYET)
            .order_by("-history_date").values_list("history_date", flat=True).first())


# -- people ------------------------------------------------------------------------


def nhan_vien_don_vi(don_vi: DonVi) -> list[User]:
    """The active staff (Nhập liệu) assigned to the unit."""
    return list(User.objects.filter(is_active=True, groups__name=quyen.NHAP_LIEU, phan_cong__don_vi=don_vi)
                .distinct().order_by("id"))


def nguoi_co_vai_tro(*cac_vai_tro: str) -> list[User]:
    """The active users with any of these roles (a superuser counts as Quản trị)."""
    loc = Q(groups__name__in=cac_vai_tro)
    if quyen.QUAN_TRI in cac_vai_tro:
        loc |= Q(is_superuser=True)
    return list(User.objects.filter(loc, is_active=True).distinct().order_by("id"))


# -- giải trình --------------------------------------------------------------------


def giai_trinh_mo(don_vi: DonVi, ky: KyBaoCao) -> dict[int, GiaiTrinh]:
    """The open threads of a unit's period, by indicator id. One query."""
    return {gt.chi_tieu_id: gt for gt in GiaiTrinh.objects.filter(don_vi=don_vi, ky=ky)
            .exclude(trang_thai=GiaiTrinh.TrangThai.DA_DONG).select_related("chi_tieu", "nguoi_hoi")
            .order_by("chi_tieu__thu_tu")}


def giai_trinh_xem_duoc(nguoi, *, chi_mo: bool = True):
    """The threads of the units this user may see, newest activity first."""
    ds = GiaiTrinh.objects.select_related("don_vi", "ky", "chi_tieu", "nguoi_hoi")
    ids = quyen.id_don_vi_xem_duoc(nguoi)
    if ids is not None:
        ds = ds.filter(don_vi_id__in=ids)
    if chi_mo:
        ds = ds.exclude(trang_thai=GiaiTrinh.TrangThai.DA_DONG)
    return ds.order_by("-cap_nhat_luc", "-id")


def y_kien(giai_trinh: GiaiTrinh) -> list[YKien]:
    return list(giai_trinh.y_kien.select_related("nguoi").order_by("tao_luc", "id"))


@dataclass
class GiaiTrinhBaoCao:
    """One answered thread as the report prints it."""

    giai_trinh: GiaiTrinh
    cau_hoi: list[YKien]
    tra_loi: list[YKien]


def giai_trinh_cho_bao_cao(don_vi: DonVi, ky: KyBaoCao) -> list[GiaiTrinhBaoCao]:
    """The answered threads of a unit's period that go into its report, in catalog
    order. Two queries."""
    cac = list(GiaiTrinh.objects.filter(don_vi=don_vi, ky=ky, dua_vao_bao_cao=True, y_kien__loai=YKien.Loai.TRA_LOI)
               .distinct().select_related("chi_tieu").order_by("chi_tieu__thu_tu", "chi_tieu__ma"))
    theo_gt: dict[int, list[YKien]] = defaultdict(list)
    for yk in YKien.objects.filter(giai_trinh__in=cac).order_by("tao_luc", "id"):
        theo_gt[yk.giai_trinh_id].append(yk)
    return [GiaiTrinhBaoCao(gt, [y for y in theo_gt[gt.id] if y.loai == YKien.Loai.HOI],
                            [y for y in theo_gt[gt.id] if y.loai == YKien.Loai.TRA_LOI]) for gt in cac]


# -- notifications -------------------------------------------------------------------


def so_chua_doc(nguoi) -> int:
    return ThongBao.objects.filter(nguoi_nhan=nguoi, da_doc_luc__isnull=True).count()


def thong_bao_cua(nguoi):
    return ThongBao.objects.filter(nguoi_nhan=nguoi).order_by("-tao_luc", "-id")


def yeu_cau_mo_khoa_dang_cho(don_vi: DonVi, ky: KyBaoCao) -> YeuCauMoKhoa | None:
    return (YeuCauMoKhoa.objects.filter(don_vi=don_vi, ky=ky, trang_thai=YeuCauMoKhoa.TrangThai.CHO)
            .select_related("nguoi_yeu_cau").first())
