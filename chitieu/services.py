"""Every write to plans, actuals and the workflow goes through here.

Each function is keyword-only, checks who may write (`quyen`), validates every value
before writing any, writes all or nothing in one transaction, and records history with
who and why. Callers — the entry pages, the Excel import, the admin — never save
`KeHoach` or `ThucHien` themselves.

Lost updates: a caller that showed values to a person passes what it showed
(`da_thay`), with each cell's version (`phien_ban`: its last history record). A cell the
person changed that someone else changed meanwhile — even to another value and back
(A → B → A) — is a conflict: nothing is written and the conflicting cells are named.
Cells the person did not change are never written, so another person's change to them
survives.

Races: every write of a unit's plans or actuals of a year, and every workflow step of a
period of that year, first locks that (unit, year) (`KhoaNam`), so they run one after
another and each sees what the previous one committed: a plan can never be saved after
a period of its year was sent.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import quyen, selectors, tinh_toan
from .ky_tu import loi_ky_tu
from .models import SO_CHU_SO, SO_THAP_PHAN, ChiTieu, DonVi, KeHoach, KhoaNam, KyBaoCao, ThucHien, TrangThaiNop

SO_CHU_SO_NGUYEN = SO_CHU_SO - SO_THAP_PHAN
GHI_CHU_TOI_DA = ThucHien._meta.get_field("ghi_chu").max_length
CAN_CU_TOI_DA = KeHoach._meta.get_field("can_cu").max_length


class KhongCoQuyen(PermissionDenied):
    """The user may not write this unit, or the period is locked."""


class LoiDuLieu(Exception):
    """Some values are not acceptable. `loi` maps a cell key to its Vietnamese message;
    nothing was written."""

    def __init__(self, loi: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in loi.items()))
        self.loi = loi


class XungDot(Exception):
    """Cells the user changed were changed by someone else since they were shown.
    `o` lists their keys; nothing was written."""

    def __init__(self, o: list):
        super().__init__(", ".join(map(str, o)))
        self.o = o


@dataclass(frozen=True)
class ONhap:
    """One actual as typed or imported. `gia_tri=None` clears the cell. `phien_ban`, in
    what a person was shown, is the cell's version then (not part of the value)."""

    gia_tri: Decimal | None
    la_uoc: bool = False
    ghi_chu: str = ""
    phien_ban: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class OKeHoach:
    """One plan value as typed or imported. `gia_tri=None` clears the cell; `phien_ban`
    as in `ONhap`."""

    gia_tri: Decimal | None
    can_cu: str = ""
    phien_ban: int | None = field(default=None, compare=False)


@dataclass
class KetQuaLuu:
    tao: list = field(default_factory=list)
    sua: list = field(default_factory=list)
    xoa: list = field(default_factory=list)

    @property
    def so_thay_doi(self) -> int:
        return len(self.tao) + len(self.sua) + len(self.xoa)


def kiem_tra_gia_tri(chi_tieu: ChiTieu, gia_tri: Decimal | None) -> str | None:
    """The hard error of one value for this indicator, in Vietnamese, or None.
    (Soft warnings — sums, ranges, big moves — are `selectors.canh_bao_*`.)"""
    if gia_tri is None:
        return None
    if not gia_tri.is_finite():
        return "Giá trị không phải là số."
    if gia_tri < 0 and not chi_tieu.cho_phep_am:
        return f"Chỉ tiêu “{chi_tieu.ten}” không nhận số âm."
    so_le = max(-gia_tri.as_tuple().exponent, 0)
    if so_le > chi_tieu.so_le:
        if chi_tieu.so_le == 0:
            return f"Chỉ tiêu “{chi_tieu.ten}” chỉ nhận số nguyên (đơn vị: {chi_tieu.don_vi_tinh})."
        return f"Chỉ tiêu “{chi_tieu.ten}” nhận tối đa {chi_tieu.so_le} chữ số thập phân."
    if abs(gia_tri) >= Decimal(10) ** SO_CHU_SO_NGUYEN:
        return "Số quá lớn (tối đa 14 chữ số phần nguyên)."
    if chi_tieu.la_ty_le and tinh_toan.ngoai_khoang_ty_le(gia_tri):
        return "Tỷ lệ phải nằm trong khoảng 0–100 %."
    return None


def kiem_tra_van_ban(van_ban: str, toi_da: int, ten: str) -> str | None:
    """The hard error of a free-text field (ghi chú, căn cứ, lý do), or None."""
    if len(van_ban) > toi_da:
        return f"{ten} dài quá {toi_da} ký tự."
    return loi_ky_tu(van_ban, ten)


def _loi_thuc_hien(ct: ChiTieu, o: ONhap) -> str | None:
    """The hard error of one actual cell (value, then note), or None."""
    if thong_bao := kiem_tra_gia_tri(ct, o.gia_tri):
        return thong_bao
    if o.gia_tri is None and _ghi_chu(o.ghi_chu):
        return "Ghi chú cần đi kèm một giá trị; xóa cả ghi chú nếu muốn xóa số liệu."
    return kiem_tra_van_ban(_ghi_chu(o.ghi_chu), GHI_CHU_TOI_DA, "Ghi chú")


def _loi_ke_hoach(ct: ChiTieu, cap: str, o: OKeHoach) -> str | None:
    """The hard error of one plan cell (level, value, then basis), or None."""
    if cap not in KeHoach.CapGiao.values:
        return "Cấp giao không hợp lệ (chỉ “tinh” hoặc “huyen”)."
    if thong_bao := kiem_tra_gia_tri(ct, o.gia_tri):
        return thong_bao
    if o.gia_tri is None and _ghi_chu(o.can_cu):
        return "Căn cứ cần đi kèm một giá trị kế hoạch; xóa cả căn cứ nếu muốn xóa kế hoạch."
    return kiem_tra_van_ban(_ghi_chu(o.can_cu), CAN_CU_TOI_DA, "Căn cứ")


def _nhap_chuan(o: ONhap) -> ONhap:
    """An actual cell as stored: no estimate flag without a value, note trimmed."""
    return ONhap(o.gia_tri, o.la_uoc if o.gia_tri is not None else False, _ghi_chu(o.ghi_chu))


def _xep_thuc_hien(ket_qua: KetQuaLuu, th: ThucHien | None, o: ONhap, *, don_vi: DonVi, ky: KyBaoCao,
                   ct: ChiTieu, nguoi: User) -> None:
    """Sorts one actual cell into `ket_qua`: created, changed, cleared, or unchanged."""
    if o.gia_tri is None:
        if th is not None:
            ket_qua.xoa.append(th)
    elif th is None:
        ket_qua.tao.append(ThucHien(ky=ky, don_vi=don_vi, chi_tieu=ct, gia_tri=o.gia_tri, la_uoc=o.la_uoc,
                                    ghi_chu=o.ghi_chu, nguoi_cap_nhat=nguoi))
    elif o != ONhap(th.gia_tri, th.la_uoc, th.ghi_chu):
        th.gia_tri, th.la_uoc, th.ghi_chu, th.nguoi_cap_nhat = o.gia_tri, o.la_uoc, o.ghi_chu, nguoi
        ket_qua.sua.append(th)


def _xep_ke_hoach(ket_qua: KetQuaLuu, kh: KeHoach | None, o: OKeHoach, *, don_vi: DonVi, nam: int,
                  ct: ChiTieu, cap: str, nguoi: User) -> None:
    """Sorts one plan cell into `ket_qua`: created, changed, cleared, or unchanged."""
    if o.gia_tri is None:
        if kh is not None:
            ket_qua.xoa.append(kh)
    elif kh is None:
        ket_qua.tao.append(KeHoach(nam=nam, don_vi=don_vi, chi_tieu=ct, cap_giao=cap, gia_tri=o.gia_tri,
                                   can_cu=o.can_cu, nguoi_cap_nhat=nguoi))
    elif o != OKeHoach(kh.gia_tri, kh.can_cu):
        kh.gia_tri, kh.can_cu, kh.nguoi_cap_nhat = o.gia_tri, o.can_cu, nguoi
        ket_qua.sua.append(kh)


def _khoa_nam(cap: Iterable[tuple[DonVi, int]]) -> None:
    """Locks each (unit, year) for the rest of the transaction, in one statement: an
    insert that, where the lock row exists, updates it — which takes its row lock, and
    waits while another transaction holds it. Rows go in a fixed order so two
    transactions cannot deadlock. Must be the first lock a transaction takes."""
    thu_tu = sorted({(dv.id, nam) for dv, nam in cap})
    KhoaNam.objects.bulk_create([KhoaNam(don_vi_id=dv, nam=nam) for dv, nam in thu_tu], update_conflicts=True,
                                unique_fields=["don_vi", "nam"], update_fields=["nam"])


def _khoa_trang_thai(don_vi: DonVi, ky: KyBaoCao) -> TrangThaiNop:
    """The workflow row of (unit, period), created if missing, after locking the unit's
    year, so a submission cannot slip between a check and a write."""
    _khoa_nam([(don_vi, ky.nam)])
    return TrangThaiNop.objects.get_or_create(don_vi=don_vi, ky=ky)[0]


def _da_doi(cu: ONhap | OKeHoach, hien_tai: ONhap | OKeHoach, phien_ban_hien_tai: int) -> bool:
    """Whether a cell changed since `cu` was shown: its value, or — when the version
    shown is known — its version (a change and back, A → B → A)."""
    return hien_tai != cu or (cu.phien_ban is not None and cu.phien_ban != phien_ban_hien_tai)


def _ghi_chu(van_ban: str) -> str:
    return (van_ban or "").strip()


@transaction.atomic
def thuc_hien_luu(
    *,
    don_vi: DonVi,
    ky: KyBaoCao,
    gia_tri: dict[ChiTieu, ONhap],
    nguoi: User,
    ly_do: str,
    da_thay: dict[ChiTieu, ONhap] | None = None,
) -> KetQuaLuu:
    """Save a unit's actuals for a period: create, change or clear each given cell.

    Raises KhongCoQuyen (not theirs, or the period is sent/approved), LoiDuLieu (every
    bad cell, keyed by ChiTieu) or XungDot (cells changed by someone else since
    `da_thay`, keyed by ChiTieu); in all three cases nothing is written.
    """
    if not quyen.co_quyen_nhap(nguoi, don_vi):
        raise KhongCoQuyen("Bạn không có quyền nhập số liệu cho đơn vị này.")
    if not gia_tri:
        return KetQuaLuu()
    if _khoa_trang_thai(don_vi, ky).da_khoa:
        raise KhongCoQuyen("Số liệu kỳ này đã gửi hoặc đã duyệt nên đã khóa; cần Quản trị mở khóa để sửa.")
    loi = {ct: thong_bao for ct, o in gia_tri.items() if (thong_bao := _loi_thuc_hien(ct, o))}
    if loi:
        raise LoiDuLieu(loi)

    hien_co = {
        th.chi_tieu_id: th
        for th in ThucHien.objects.select_for_update().filter(don_vi=don_vi, ky=ky, chi_tieu__in=list(gia_tri))
    }

    def hien_tai(ct: ChiTieu) -> ONhap:
        th = hien_co.get(ct.id)
        return ONhap(None) if th is None else ONhap(th.gia_tri, th.la_uoc, th.ghi_chu)

    moi = {ct: _nhap_chuan(o) for ct, o in gia_tri.items()}
    if da_thay is not None:
        phien_ban = selectors.phien_ban_thuc_hien(don_vi, ky)
        xung_dot = [
            ct for ct, o in moi.items()
            if ct in da_thay and o != da_thay[ct] and o != hien_tai(ct)
            and _da_doi(da_thay[ct], hien_tai(ct), phien_ban.get(ct.id, 0))
        ]
        if xung_dot:
            raise XungDot(xung_dot)
        # Only what the person changed is written; the rest may hold someone else's edit.
        moi = {ct: o for ct, o in moi.items() if ct not in da_thay or o != da_thay[ct]}

    ket_qua = KetQuaLuu()
    for ct, o in moi.items():
        _xep_thuc_hien(ket_qua, hien_co.get(ct.id), o, don_vi=don_vi, ky=ky, ct=ct, nguoi=nguoi)
    _ghi(ThucHien, ket_qua, ["gia_tri", "la_uoc", "ghi_chu", "nguoi_cap_nhat", "cap_nhat_luc"], nguoi, ly_do)
    return ket_qua


def ke_hoach_bi_khoa(don_vi: DonVi, nam: int) -> bool:
    """A year's plans are locked once any period of that year is sent or approved: the
    approved percentages depend on them."""
    return TrangThaiNop.objects.filter(
        don_vi=don_vi, ky__nam=nam, trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET]
    ).exists()


@transaction.atomic
def ke_hoach_luu(
    *,
    don_vi: DonVi,
    nam: int,
    gia_tri: dict[tuple[ChiTieu, str], OKeHoach],
    nguoi: User,
    ly_do: str,
    da_thay: dict[tuple[ChiTieu, str], OKeHoach] | None = None,
) -> KetQuaLuu:
    """Save a unit's annual plans, keyed by (indicator, cap_giao). Same contract as
    `thuc_hien_luu`; locked while any period of the year is sent or approved."""
    if not quyen.co_quyen_nhap(nguoi, don_vi):
        raise KhongCoQuyen("Bạn không có quyền nhập kế hoạch cho đơn vị này.")
    if not gia_tri:
        return KetQuaLuu()
    _khoa_nam([(don_vi, nam)])  # no period of the year can be sent until this commits
    if ke_hoach_bi_khoa(don_vi, nam):
        raise KhongCoQuyen(f"Kế hoạch năm {nam} đã khóa vì có kỳ báo cáo đã gửi hoặc đã duyệt.")
    loi = {(ct, cap): thong_bao for (ct, cap), o in gia_tri.items() if (thong_bao := _loi_ke_hoach(ct, cap, o))}
    if loi:
        raise LoiDuLieu(loi)

    hien_co = {
        (kh.chi_tieu_id, kh.cap_giao): kh
        for kh in KeHoach.objects.select_for_update().filter(
            don_vi=don_vi, nam=nam, chi_tieu__in={ct for ct, _ in gia_tri}
        )
    }

    def hien_tai(khoa) -> OKeHoach:
        kh = hien_co.get((khoa[0].id, khoa[1]))
        return OKeHoach(None) if kh is None else OKeHoach(kh.gia_tri, kh.can_cu)

    moi = {khoa: OKeHoach(o.gia_tri, _ghi_chu(o.can_cu)) for khoa, o in gia_tri.items()}
    if da_thay is not None:
        phien_ban = selectors.phien_ban_ke_hoach(don_vi, nam)
        xung_dot = [
            khoa for khoa, o in moi.items()
            if khoa in da_thay and o != da_thay[khoa] and o != hien_tai(khoa)
            and _da_doi(da_thay[khoa], hien_tai(khoa), phien_ban.get((khoa[0].id, khoa[1]), 0))
        ]
        if xung_dot:
            raise XungDot(xung_dot)
        moi = {khoa: o for khoa, o in moi.items() if khoa not in da_thay or o != da_thay[khoa]}

    ket_qua = KetQuaLuu()
    for (ct, cap), o in moi.items():
        _xep_ke_hoach(ket_qua, hien_co.get((ct.id, cap)), o, don_vi=don_vi, nam=nam, ct=ct, cap=cap, nguoi=nguoi)
    _ghi(KeHoach, ket_qua, ["gia_tri", "can_cu", "nguoi_cap_nhat", "cap_nhat_luc"], nguoi, ly_do)
    return ket_qua


@transaction.atomic
def luu_hang_loat(
    *,
    thuc_hien: dict[tuple[DonVi, KyBaoCao], dict[ChiTieu, ONhap]],
    ke_hoach: dict[tuple[DonVi, int], dict[tuple[ChiTieu, str], OKeHoach]],
    nguoi: User,
    ly_do: str,
) -> KetQuaLuu:
    """`thuc_hien_luu` and `ke_hoach_luu` for many (unit, period) and (unit, year) at
    once — the Excel import — with the same checks, locks and history, in a fixed
    number of queries. All or nothing: KhongCoQuyen (a unit not theirs, a locked
    period or year) or LoiDuLieu (keyed by (unit, period or year, indicator[, cap]))
    and nothing is written."""
    for don_vi in {dv for dv, _ in thuc_hien} | {dv for dv, _ in ke_hoach}:
        if not quyen.co_quyen_nhap(nguoi, don_vi):
            raise KhongCoQuyen(f"Bạn không có quyền nhập số liệu cho {don_vi.ten}.")
    thuc_hien = {k: v for k, v in thuc_hien.items() if v}
    ke_hoach = {k: v for k, v in ke_hoach.items() if v}
    ket_qua = KetQuaLuu()
    if not thuc_hien and not ke_hoach:
        return ket_qua
    dv_ids = {dv.id for dv, _ in thuc_hien} | {dv.id for dv, _ in ke_hoach}
    # Every (unit, year) touched is locked first, so nothing is sent between the check and
    # the write; then the workflow rows of the periods written exist.
    _khoa_nam([(dv, ky.nam) for dv, ky in thuc_hien] + list(ke_hoach))
    TrangThaiNop.objects.bulk_create([TrangThaiNop(don_vi=dv, ky=ky) for dv, ky in thuc_hien],
                                     ignore_conflicts=True)
    cap_nam = {nam for _, nam in ke_hoach}
    khoa = list(TrangThaiNop.objects.filter(don_vi_id__in=dv_ids).filter(
        models.Q(ky_id__in={ky.id for _, ky in thuc_hien}) | models.Q(ky__nam__in=cap_nam)
    ).select_related("ky"))
    da_khoa = {(tt.don_vi_id, tt.ky_id) for tt in khoa if tt.da_khoa}
    nam_khoa = {(tt.don_vi_id, tt.ky.nam) for tt in khoa if tt.da_khoa}
    for dv, ky in thuc_hien:
        if (dv.id, ky.id) in da_khoa:
            raise KhongCoQuyen(f"Số liệu {ky.ten} của {dv.ten} đã gửi hoặc đã duyệt nên đã khóa; "
                               "cần Quản trị mở khóa để sửa.")
    for dv, nam in ke_hoach:
        if (dv.id, nam) in nam_khoa:
            raise KhongCoQuyen(f"Kế hoạch năm {nam} của {dv.ten} đã khóa vì có kỳ báo cáo đã gửi hoặc đã duyệt.")

    loi = {(dv, ky, ct): thong_bao for (dv, ky), cac_o in thuc_hien.items() for ct, o in cac_o.items()
           if (thong_bao := _loi_thuc_hien(ct, o))}
    loi |= {(dv, nam, ct, cap): thong_bao for (dv, nam), cac_o in ke_hoach.items() for (ct, cap), o in cac_o.items()
            if (thong_bao := _loi_ke_hoach(ct, cap, o))}
    if loi:
        raise LoiDuLieu(loi)

    if thuc_hien:
        cap_th = {(dv.id, ky.id) for dv, ky in thuc_hien}
        hien_co = {
            (th.don_vi_id, th.ky_id, th.chi_tieu_id): th
            for th in ThucHien.objects.select_for_update().filter(
                don_vi_id__in={dv for dv, _ in cap_th}, ky_id__in={ky for _, ky in cap_th}).order_by("id")
            if (th.don_vi_id, th.ky_id) in cap_th
        }
        kq = KetQuaLuu()
        for (dv, ky), cac_o in thuc_hien.items():
            for ct, o in cac_o.items():
                _xep_thuc_hien(kq, hien_co.get((dv.id, ky.id, ct.id)), _nhap_chuan(o), don_vi=dv, ky=ky, ct=ct,
                               nguoi=nguoi)
        _ghi(ThucHien, kq, ["gia_tri", "la_uoc", "ghi_chu", "nguoi_cap_nhat", "cap_nhat_luc"], nguoi, ly_do)
        ket_qua.tao += kq.tao
        ket_qua.sua += kq.sua
        ket_qua.xoa += kq.xoa
    if ke_hoach:
        cap_kh = {(dv.id, nam) for dv, nam in ke_hoach}
        hien_co = {
            (kh.don_vi_id, kh.nam, kh.chi_tieu_id, kh.cap_giao): kh
            for kh in KeHoach.objects.select_for_update().filter(
                don_vi_id__in={dv for dv, _ in cap_kh}, nam__in={nam for _, nam in cap_kh}).order_by("id")
            if (kh.don_vi_id, kh.nam) in cap_kh
        }
        kq = KetQuaLuu()
        for (dv, nam), cac_o in ke_hoach.items():
            for (ct, cap), o in cac_o.items():
                _xep_ke_hoach(kq, hien_co.get((dv.id, nam, ct.id, cap)), OKeHoach(o.gia_tri, _ghi_chu(o.can_cu)),
                              don_vi=dv, nam=nam, ct=ct, cap=cap, nguoi=nguoi)
        _ghi(KeHoach, kq, ["gia_tri", "can_cu", "nguoi_cap_nhat", "cap_nhat_luc"], nguoi, ly_do)
        ket_qua.tao += kq.tao
        ket_qua.sua += kq.sua
        ket_qua.xoa += kq.xoa
    return ket_qua


def _ghi(mo_hinh, ket_qua: KetQuaLuu, truong: list[str], nguoi: User, ly_do: str) -> None:
    """Write creations and changes in bulk with their history; clearing a cell deletes
    its row one by one so each deletion is recorded (rare: a person clears a cell)."""
    if ket_qua.tao:
        ket_qua.tao = bulk_create_with_history(ket_qua.tao, mo_hinh, batch_size=500, default_user=nguoi,
                                               default_change_reason=ly_do)
    if ket_qua.sua:
        bay_gio = timezone.now()
        for dong in ket_qua.sua:
            dong.cap_nhat_luc = bay_gio
        bulk_update_with_history(ket_qua.sua, mo_hinh, truong, batch_size=500, default_user=nguoi,
                                 default_change_reason=ly_do, default_date=bay_gio)
    for dong in ket_qua.xoa:
        dong._history_user = nguoi
        dong._change_reason = ly_do
        dong.delete()


# -- the workflow of a unit's figures for a period (DESIGN §6) -----------------------

TT = TrangThaiNop.TrangThai


class SaiTrangThai(Exception):
    """The step does not apply in the current state; the message says why, in Vietnamese."""


def _chuyen(tt: TrangThaiNop, *, moi: str, nguoi: User, ly_do_lich_su: str, ly_do: str = "") -> TrangThaiNop:
    tt.trang_thai, tt.ly_do, tt.nguoi_cap_nhat = moi, ly_do, nguoi
    tt._history_user = nguoi
    tt._change_reason = ly_do_lich_su
    tt.save()
    return tt


def _ly_do_bat_buoc(ly_do: str, viec: str) -> str:
    ly_do = (ly_do or "").strip()
    if not ly_do:
        raise LoiDuLieu({"ly_do": f"Cần ghi lý do {viec}."})
    if thong_bao := kiem_tra_van_ban(ly_do, GHI_CHU_TOI_DA, "Lý do"):
        raise LoiDuLieu({"ly_do": thong_bao})
    return ly_do


@transaction.atomic
def gui_so_lieu(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User) -> TrangThaiNop:
    """đang nhập / trả lại → đã gửi. Locks the figures."""
    if not quyen.co_quyen_nhap(nguoi, don_vi):
        raise KhongCoQuyen("Bạn không có quyền gửi số liệu của đơn vị này.")
    tt = _khoa_trang_thai(don_vi, ky)
    if tt.trang_thai not in (TT.DANG_NHAP, TT.TRA_LAI):
        raise SaiTrangThai(f"Số liệu đang ở trạng thái “{tt.get_trang_thai_display()}”, không gửi lại được.")
    return _chuyen(tt, moi=TT.DA_GUI, nguoi=nguoi, ly_do_lich_su="Gửi số liệu")


@transaction.atomic
def duyet_so_lieu(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User) -> TrangThaiNop:
    """đã gửi → đã duyệt."""
    if not quyen.co_the_duyet(nguoi):
        raise KhongCoQuyen("Chỉ Văn phòng tổng hợp hoặc Quản trị được duyệt số liệu.")
    tt = _khoa_trang_thai(don_vi, ky)
    if tt.trang_thai != TT.DA_GUI:
        raise SaiTrangThai(f"Chỉ duyệt được số liệu đã gửi (hiện: “{tt.get_trang_thai_display()}”).")
    return _chuyen(tt, moi=TT.DA_DUYET, nguoi=nguoi, ly_do_lich_su="Duyệt số liệu")


@transaction.atomic
def tra_lai_so_lieu(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User, ly_do: str) -> TrangThaiNop:
    """đã gửi → trả lại, with the reason the district will read; unlocks the figures."""
    if not quyen.co_the_duyet(nguoi):
        raise KhongCoQuyen("Chỉ Văn phòng tổng hợp hoặc Quản trị được trả lại số liệu.")
    ly_do = _ly_do_bat_buoc(ly_do, "trả lại")
    tt = _khoa_trang_thai(don_vi, ky)
    if tt.trang_thai != TT.DA_GUI:
        raise SaiTrangThai(f"Chỉ trả lại được số liệu đã gửi (hiện: “{tt.get_trang_thai_display()}”).")
    return _chuyen(tt, moi=TT.TRA_LAI, nguoi=nguoi, ly_do_lich_su=f"Trả lại: {ly_do}", ly_do=ly_do)


@transaction.atomic
def mo_khoa_so_lieu(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User, ly_do: str) -> TrangThaiNop:
    """đã gửi / đã duyệt → đang nhập, by a Quản trị, with a reason."""
    if not quyen.co_the_mo_khoa(nguoi):
        raise KhongCoQuyen("Chỉ Quản trị được mở khóa số liệu đã gửi hoặc đã duyệt.")
    ly_do = _ly_do_bat_buoc(ly_do, "mở khóa")
    tt = _khoa_trang_thai(don_vi, ky)
    if not tt.da_khoa:
        raise SaiTrangThai("Số liệu chưa bị khóa.")
    return _chuyen(tt, moi=TT.DANG_NHAP, nguoi=nguoi, ly_do_lich_su=f"Mở khóa: {ly_do}", ly_do=ly_do)
