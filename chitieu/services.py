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
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import dinh_dang, quyen, selectors, tinh_toan
from .ky_tu import loi_ky_tu
from .models import (SO_CHU_SO, SO_THAP_PHAN, ChiTieu, DonVi, KeHoach, KhoaNam, KyBaoCao, NguonKeHoach, ThucHien,
                     TrangThaiNop)

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


class CanXacNhan(Exception):
    """New values 100× off what they are held against (`tinh_toan.lech_bac_do`) that
    nobody confirmed. `o` maps each cell's key to its `BacDo`; nothing was written."""

    def __init__(self, o: dict):
        super().__init__(", ".join(map(str, o)))
        self.o = o


@dataclass(frozen=True)
class BacDo:
    """A value that the magnitude rule holds back, with what it was held against."""

    gia_tri: Decimal
    huong: str  # tinh_toan.BAC_DO_LON or BAC_DO_NHO
    moc: selectors.MocBacDo


@dataclass(frozen=True)
class ONhap:
    """One actual as typed or imported. `gia_tri=None` clears the cell.
    `da_xac_nhan`: the person confirmed this very value although it is 100× off the plan
    and last year. `phien_ban`, in what a person was shown, is the cell's version then.
    Neither is part of the cell's content (two cells are equal whatever they say)."""

    gia_tri: Decimal | None
    la_uoc: bool = False
    ghi_chu: str = ""
    da_xac_nhan: bool = field(default=False, compare=False)
    phien_ban: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class OKeHoach:
    """One plan version as typed or imported: a value, or a bound (`kieu` ≥, ≤, or a
    range up to `gia_tri_den`), its basis and its phases ({month: expected}).
    `gia_tri=None` clears the cell (deletes that version). `phien_ban` as in `ONhap`."""

    gia_tri: Decimal | None
    can_cu: str = ""
    kieu: str = tinh_toan.BANG
    gia_tri_den: Decimal | None = None
    tien_do: dict | None = None
    phien_ban: int | None = field(default=None, compare=False)

    def chuan(self) -> "OKeHoach":
        """As stored: basis trimmed, no range end or phases without a value (the version
        shown, if any, kept)."""
        if self.gia_tri is None:
            return OKeHoach(None, _ghi_chu(self.can_cu), phien_ban=self.phien_ban)
        return OKeHoach(self.gia_tri, _ghi_chu(self.can_cu), self.kieu,
                        self.gia_tri_den if self.kieu == tinh_toan.KHOANG else None, dict(self.tien_do or {}),
                        self.phien_ban)

    @classmethod
    def cua(cls, kh: "KeHoach | None") -> "OKeHoach":
        """A stored version as a cell."""
        if kh is None:
            return cls(None)
        # As typed: a stored 100.000000 is the 100 someone entered (its decimals are the column's).
        den = None if kh.gia_tri_den is None else dinh_dang.bo_so_0_thua(kh.gia_tri_den)
        return cls(dinh_dang.bo_so_0_thua(kh.gia_tri), kh.can_cu, kh.kieu, den, _tien_do_so(kh.tien_do)).chuan()


def _tien_do_so(tien_do) -> dict[int, Decimal]:
    """Stored phases ({"3": "10"}) as numbers ({3: Decimal("10")})."""
    return {int(t): Decimal(str(x)) for t, x in (tien_do or {}).items()}


def _tien_do_luu(tien_do: dict | None) -> dict[str, str]:
    """Phases as stored in JSON: {"3": "10", …}, exact decimals as text."""
    return {str(t): format(x, "f") for t, x in sorted((tien_do or {}).items())}


# A plan cell is one version: (indicator, source, effective date). The first version of a
# year takes effect on 1 January; a revision on the date of its document.
KhoaKeHoach = tuple[ChiTieu, NguonKeHoach, date]


def dau_nam(nam: int) -> date:
    return date(nam, 1, 1)


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
    if tinh_toan.so_chu_so_le(gia_tri) > chi_tieu.so_le:
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


def loi_ke_hoach(ct: ChiTieu, nam: int, hieu_luc_tu: date, o: OKeHoach) -> str | None:
    """The hard error of one plan version (date, kind, values, phases, then basis), or None."""
    if hieu_luc_tu.year != nam:
        return f"Ngày hiệu lực {hieu_luc_tu:%d/%m/%Y} không thuộc năm {nam}."
    if o.kieu not in KeHoach.Kieu.values:
        return "Dạng kế hoạch không hợp lệ."
    if thong_bao := kiem_tra_gia_tri(ct, o.gia_tri):
        return thong_bao
    if o.gia_tri is None:
        if _ghi_chu(o.can_cu):
            return "Căn cứ cần đi kèm một giá trị kế hoạch; xóa cả căn cứ nếu muốn xóa kế hoạch."
        return None
    if o.kieu == tinh_toan.KHOANG:
        if o.gia_tri_den is None:
            return "Khoảng kế hoạch cần cả cận dưới và cận trên (ví dụ 8,8–9,4)."
        if thong_bao := kiem_tra_gia_tri(ct, o.gia_tri_den):
            return thong_bao
        if o.gia_tri_den < o.gia_tri:
            return "Khoảng kế hoạch phải viết từ số nhỏ đến số lớn (ví dụ 8,8–9,4)."
    if thong_bao := _loi_tien_do(ct, o.tien_do):
        return thong_bao
    return kiem_tra_van_ban(_ghi_chu(o.can_cu), CAN_CU_TOI_DA, "Căn cứ")


def _loi_tien_do(ct: ChiTieu, tien_do: dict | None) -> str | None:
    """Phases: months 1–12; for a cumulative indicator a share of the annual plan in %
    (0–100, never falling); otherwise a value the indicator accepts."""
    if not tien_do:
        return None
    if any(not isinstance(t, int) or not 1 <= t <= 12 for t in tien_do):
        return "Tiến độ theo kỳ: tháng phải từ 1 đến 12."
    truoc = Decimal(0)
    for thang, x in sorted(tien_do.items()):
        if not isinstance(x, Decimal) or not x.is_finite():
            return f"Tiến độ tháng {thang} không phải là số."
        if ct.loai == ChiTieu.Loai.LUY_KE:
            if not Decimal(0) <= x <= Decimal(100):
                return f"Tiến độ tháng {thang} là % kế hoạch năm, phải từ 0 đến 100."
            if x < truoc:
                return f"Tiến độ tháng {thang} ({x.normalize()} %) nhỏ hơn tháng trước: chỉ tiêu lũy kế không giảm."
            truoc = x
        elif thong_bao := kiem_tra_gia_tri(ct, x):
            return f"Tiến độ tháng {thang}: {thong_bao}"
    return None


def _nhap_chuan(o: ONhap) -> ONhap:
    """An actual cell as stored: no estimate flag without a value, note trimmed."""
    return ONhap(o.gia_tri, o.la_uoc if o.gia_tri is not None else False, _ghi_chu(o.ghi_chu), o.da_xac_nhan)


def can_xac_nhan(ky: KyBaoCao, moi: dict[DonVi, dict[ChiTieu, ONhap]], cu: dict[tuple[int, int], Decimal | None],
                  ke_hoach_moi: dict | None = None) -> dict[tuple[DonVi, ChiTieu], BacDo]:
    """The new values of period `ky` that the magnitude rule holds back: changed,
    unconfirmed, and 100× off both the plan's expected value and last year. `cu` holds
    the stored values by (don_vi_id, chi_tieu_id). Three queries when there is any
    value to check, none otherwise."""
    can_xet = {dv: [ct for ct, o in cac_o.items() if o.gia_tri is not None and not o.da_xac_nhan
                    and o.gia_tri != cu.get((dv.id, ct.id))]
               for dv, cac_o in moi.items()}
    can_xet = {dv: cts for dv, cts in can_xet.items() if cts}
    if not can_xet:
        return {}
    moc = selectors.moc_bac_do(ky, can_xet, ke_hoach_moi)
    ket_qua = {}
    for dv, cts in can_xet.items():
        for ct in cts:
            gia_tri = moi[dv][ct].gia_tri
            if huong := moc[(dv.id, ct.id)].lech(gia_tri):
                ket_qua[(dv, ct)] = BacDo(gia_tri, huong, moc[(dv.id, ct.id)])
    return ket_qua


def thong_bao_da_ngung(don_vi: DonVi, ky: KyBaoCao) -> str:
    """Why a unit that ended before a period's last day cannot enter that period."""
    return (f"{don_vi.ten} đã ngừng hoạt động từ {don_vi.ngay_ngung_hoat_dong:%d/%m/%Y} nên không báo cáo "
            f"{ky.ten}: kỳ này do các đơn vị kế thừa báo cáo. Không số nào được lưu.")


def thong_bao_ngoai_nam(don_vi: DonVi, nam: int) -> str | None:
    """Why a unit has no plans of `nam`: it ended by 1 January of that year, or was founded
    after its 31 December (huyện An Lão, ended 1/7/2025, has plans of 2025 and none of
    2026). None when it was active in some part of the year."""
    if don_vi.hoat_dong_trong_nam(nam):
        return None
    if don_vi.ngay_ngung_hoat_dong is not None and don_vi.ngay_ngung_hoat_dong <= date(nam, 1, 1):
        return (f"{don_vi.ten} đã ngừng hoạt động từ {don_vi.ngay_ngung_hoat_dong:%d/%m/%Y} nên không có kế hoạch "
                f"năm {nam}: kế hoạch năm này giao cho các đơn vị kế thừa. Không kế hoạch nào được lưu.")
    return (f"{don_vi.ten} thành lập từ {don_vi.ngay_thanh_lap:%d/%m/%Y} nên không có kế hoạch năm {nam}. "
            "Không kế hoạch nào được lưu.")


def truoc_thanh_lap(don_vi: DonVi, ky: KyBaoCao) -> bool:
    """Whether the period ended before the unit was founded (its figures there are
    recomputed bases, "tính lại theo địa giới mới")."""
    return don_vi.ngay_thanh_lap is not None and ky.ngay_cuoi < don_vi.ngay_thanh_lap


def _xep_thuc_hien(ket_qua: KetQuaLuu, th: ThucHien | None, o: ONhap, *, don_vi: DonVi, ky: KyBaoCao,
                   ct: ChiTieu, nguoi: User) -> None:
    """Sorts one actual cell into `ket_qua`: created, changed, cleared, or unchanged.
    A figure of a period that ended before the unit was founded can only be a base
    recomputed for its new boundaries (to compare with): it is stored flagged so."""
    if o.gia_tri is None:
        if th is not None:
            ket_qua.xoa.append(th)
    elif th is None:
        # By ids, not objects: 20,000 rows of an import spent a second in the relation setters.
        ket_qua.tao.append(ThucHien(ky_id=ky.id, don_vi_id=don_vi.id, chi_tieu_id=ct.id, gia_tri=o.gia_tri,
                                    la_uoc=o.la_uoc, ghi_chu=o.ghi_chu, nguoi_cap_nhat_id=nguoi.pk if nguoi else None,
                                    tinh_lai_dia_gioi=truoc_thanh_lap(don_vi, ky)))
    elif o != ONhap(th.gia_tri, th.la_uoc, th.ghi_chu):
        th.gia_tri, th.la_uoc, th.ghi_chu, th.nguoi_cap_nhat = o.gia_tri, o.la_uoc, o.ghi_chu, nguoi
        ket_qua.sua.append(th)


def _xep_ke_hoach(ket_qua: KetQuaLuu, kh: KeHoach | None, o: OKeHoach, *, don_vi: DonVi, nam: int,
                  khoa: KhoaKeHoach, nguoi: User) -> None:
    """Sorts one plan version into `ket_qua`: created, changed, cleared, or unchanged."""
    ct, nguon, hieu_luc_tu = khoa
    if o.gia_tri is None:
        if kh is not None:
            ket_qua.xoa.append(kh)
    elif kh is None:
        ket_qua.tao.append(KeHoach(nam=nam, don_vi=don_vi, chi_tieu=ct, nguon=nguon, hieu_luc_tu=hieu_luc_tu,
                                   kieu=o.kieu, gia_tri=o.gia_tri, gia_tri_den=o.gia_tri_den,
                                   tien_do=_tien_do_luu(o.tien_do), can_cu=o.can_cu, nguoi_cap_nhat=nguoi))
    elif o != OKeHoach.cua(kh):
        kh.kieu, kh.gia_tri, kh.gia_tri_den = o.kieu, o.gia_tri, o.gia_tri_den
        kh.tien_do, kh.can_cu, kh.nguoi_cap_nhat = _tien_do_luu(o.tien_do), o.can_cu, nguoi
        ket_qua.sua.append(kh)


TRUONG_KE_HOACH = ["kieu", "gia_tri", "gia_tri_den", "tien_do", "can_cu", "nguoi_cap_nhat", "cap_nhat_luc"]


def khoa_nam(cap: Iterable[tuple[DonVi, int]]) -> None:
    """Locks each (unit, year) for the rest of the transaction, in one statement: an
    insert that, where the lock row exists, updates it — which takes its row lock, and
    waits while another transaction holds it. Rows go in a fixed order so two
    transactions cannot deadlock. Must be the first lock a transaction takes: a step
    over several units (the bulk approval of `quytrinh`) locks all of them here, at
    once, before its first step."""
    thu_tu = sorted({(dv.id, nam) for dv, nam in cap})
    KhoaNam.objects.bulk_create([KhoaNam(don_vi_id=dv, nam=nam) for dv, nam in thu_tu], update_conflicts=True,
                                unique_fields=["don_vi", "nam"], update_fields=["nam"])


def _khoa_trang_thai(don_vi: DonVi, ky: KyBaoCao) -> TrangThaiNop:
    """The workflow row of (unit, period), created if missing, after locking the unit's
    year, so a submission cannot slip between a check and a write."""
    khoa_nam([(don_vi, ky.nam)])
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
    bad cell, keyed by ChiTieu), XungDot (cells changed by someone else since
    `da_thay`, keyed by ChiTieu) or CanXacNhan (new values 100× off the plan and last
    year without `da_xac_nhan`, keyed by ChiTieu); in every case nothing is written.
    """
    if not quyen.co_quyen_nhap(nguoi, don_vi):
        raise KhongCoQuyen("Bạn không có quyền nhập số liệu cho đơn vị này.")
    if not gia_tri:
        return KetQuaLuu()
    if don_vi.ngung_truoc_cuoi_ky(ky):
        raise KhongCoQuyen(thong_bao_da_ngung(don_vi, ky))
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
    if bac_do := can_xac_nhan(ky, {don_vi: moi}, {(don_vi.id, ct): th.gia_tri for ct, th in hien_co.items()}):
        raise CanXacNhan({ct: bd for (_, ct), bd in bac_do.items()})

    ket_qua = KetQuaLuu()
    for ct, o in moi.items():
        _xep_thuc_hien(ket_qua, hien_co.get(ct.id), o, don_vi=don_vi, ky=ky, ct=ct, nguoi=nguoi)
    _ghi(ThucHien, ket_qua, ["gia_tri", "la_uoc", "ghi_chu", "nguoi_cap_nhat", "cap_nhat_luc"], nguoi, ly_do)
    return ket_qua


def ngay_khoa_ke_hoach(don_vi: DonVi, nam: int) -> list[date]:
    """The last days of the unit's periods of `nam` that are sent or approved: the plan
    versions those periods are compared with are locked (their percentages are final)."""
    return sorted(k.ngay_cuoi for k in KyBaoCao.objects.filter(
        nam=nam, trang_thai_nop__don_vi=don_vi,
        trang_thai_nop__trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET]))


def ke_hoach_bi_khoa(don_vi: DonVi, nam: int) -> bool:
    """Whether any of the year's plans is locked: a period of that year is sent or approved."""
    return bool(ngay_khoa_ke_hoach(don_vi, nam))


def phien_ban_bi_khoa(hieu_luc_tu: date, hieu_luc_sau: date | None, ngay_khoa: list[date]) -> bool:
    """A plan version in force from `hieu_luc_tu` until the next version (`hieu_luc_sau`,
    None: the year's end) is locked when a sent or approved period ends while it is in
    force — changing, adding or removing it would change that period's percentages.
    A revision effective after every sent period is free: "KH điều chỉnh" applies from
    its date on."""
    return any(hieu_luc_tu <= ngay and (hieu_luc_sau is None or ngay < hieu_luc_sau) for ngay in ngay_khoa)


def _hieu_luc_sau(phien_ban: dict[tuple[int, int], list[date]], khoa: KhoaKeHoach) -> date | None:
    """The effective date of the version after `khoa`'s among the stored versions."""
    ct, nguon, ngay = khoa
    return min((d for d in phien_ban.get((ct.id, nguon.id), []) if d > ngay), default=None)


def _kiem_khoa_ke_hoach(don_vi: DonVi, nam: int, cac_khoa, hien_co: dict, ngay_khoa: list[date]) -> None:
    """KhongCoQuyen when a version to be written is locked (`phien_ban_bi_khoa`)."""
    phien_ban: dict[tuple[int, int], list[date]] = {}
    for (ct_id, ng_id, ngay) in hien_co:
        phien_ban.setdefault((ct_id, ng_id), []).append(ngay)
    for khoa in cac_khoa:
        if phien_ban_bi_khoa(khoa[2], _hieu_luc_sau(phien_ban, khoa), ngay_khoa):
            raise KhongCoQuyen(f"Kế hoạch năm {nam} của {don_vi.ten} ({khoa[0].ma}, {khoa[1].ten}) đã khóa vì kỳ báo "
                               "cáo dùng kế hoạch này đã gửi hoặc đã duyệt.")


@transaction.atomic
def ke_hoach_luu(
    *,
    don_vi: DonVi,
    nam: int,
    gia_tri: dict[KhoaKeHoach, OKeHoach],
    nguoi: User,
    ly_do: str,
    da_thay: dict[KhoaKeHoach, OKeHoach] | None = None,
) -> KetQuaLuu:
    """Save plan versions of a unit's year, keyed by (indicator, source, effective date):
    create, change or clear each. Same contract as `thuc_hien_luu`; a version is locked
    while a sent or approved period is compared with it (`phien_ban_bi_khoa`)."""
    if not quyen.co_quyen_nhap(nguoi, don_vi):
        raise KhongCoQuyen("Bạn không có quyền nhập kế hoạch cho đơn vị này.")
    if thong_bao := thong_bao_ngoai_nam(don_vi, nam):
        raise KhongCoQuyen(thong_bao)
    if not gia_tri:
        return KetQuaLuu()
    khoa_nam([(don_vi, nam)])  # no period of the year can be sent until this commits
    loi = {khoa: thong_bao for khoa, o in gia_tri.items() if (thong_bao := loi_ke_hoach(khoa[0], nam, khoa[2], o))}
    if loi:
        raise LoiDuLieu(loi)

    hien_co = {
        (kh.chi_tieu_id, kh.nguon_id, kh.hieu_luc_tu): kh
        for kh in KeHoach.objects.select_for_update().filter(
            don_vi=don_vi, nam=nam, chi_tieu__in={khoa[0] for khoa in gia_tri}
        )
    }

    def hien_tai(khoa) -> OKeHoach:
        return OKeHoach.cua(hien_co.get((khoa[0].id, khoa[1].id, khoa[2])))

    moi = {khoa: o.chuan() for khoa, o in gia_tri.items()}
    if da_thay is not None:
        phien_ban = selectors.phien_ban_ke_hoach(don_vi, nam)
        xung_dot = [
            khoa for khoa, o in moi.items()
            if khoa in da_thay and o != da_thay[khoa] and o != hien_tai(khoa)
            and _da_doi(da_thay[khoa], hien_tai(khoa), phien_ban.get((khoa[0].id, khoa[1].id, khoa[2]), 0))
        ]
        if xung_dot:
            raise XungDot(xung_dot)
        moi = {khoa: o for khoa, o in moi.items() if khoa not in da_thay or o != da_thay[khoa]}
    moi = {khoa: o for khoa, o in moi.items() if o != hien_tai(khoa)}
    _kiem_khoa_ke_hoach(don_vi, nam, moi, hien_co, ngay_khoa_ke_hoach(don_vi, nam) if moi else [])

    ket_qua = KetQuaLuu()
    for khoa, o in moi.items():
        _xep_ke_hoach(ket_qua, hien_co.get((khoa[0].id, khoa[1].id, khoa[2])), o, don_vi=don_vi, nam=nam, khoa=khoa,
                      nguoi=nguoi)
    _ghi(KeHoach, ket_qua, TRUONG_KE_HOACH, nguoi, ly_do)
    return ket_qua


def ke_hoach_dieu_chinh(*, don_vi: DonVi, nam: int, chi_tieu: ChiTieu, nguon: NguonKeHoach, o: OKeHoach,
                        hieu_luc_tu: date, nguoi: User, ly_do: str = "Điều chỉnh kế hoạch") -> KetQuaLuu:
    """A revised plan: a new version from `hieu_luc_tu` (after 1 January, with the basis
    of the revising document), keeping every earlier version. Periods that end before
    that date stay compared with the earlier version."""
    loi = {}
    if hieu_luc_tu <= dau_nam(nam) or hieu_luc_tu.year != nam:
        loi["hieu_luc_tu"] = f"Kế hoạch điều chỉnh có hiệu lực sau ngày 01/01/{nam} và trong năm {nam}."
    if o.gia_tri is None:
        loi["gia_tri"] = "Cần giá trị kế hoạch điều chỉnh."
    if not _ghi_chu(o.can_cu):
        loi["can_cu"] = "Cần ghi căn cứ điều chỉnh (số, ngày văn bản)."
    elif KeHoach.objects.filter(don_vi=don_vi, nam=nam, chi_tieu=chi_tieu, nguon=nguon,
                                hieu_luc_tu=hieu_luc_tu).exists():
        loi["hieu_luc_tu"] = f"Đã có một phiên bản kế hoạch hiệu lực từ {hieu_luc_tu:%d/%m/%Y}; sửa phiên bản đó."
    if loi:
        raise LoiDuLieu(loi)
    khoa = (chi_tieu, nguon, hieu_luc_tu)
    return ke_hoach_luu(don_vi=don_vi, nam=nam, gia_tri={khoa: o}, nguoi=nguoi, ly_do=ly_do,
                        da_thay={khoa: OKeHoach(None)})


@transaction.atomic
def luu_hang_loat(
    *,
    thuc_hien: dict[tuple[DonVi, KyBaoCao], dict[ChiTieu, ONhap]],
    ke_hoach: dict[tuple[DonVi, int], dict[KhoaKeHoach, OKeHoach]],
    nguoi: User,
    ly_do: str,
) -> KetQuaLuu:
    """`thuc_hien_luu` and `ke_hoach_luu` for many (unit, period) and (unit, year) at
    once — the Excel import — with the same checks, locks and history, in a fixed
    number of queries (eight more per period with values to check against the magnitude
    rule). All or nothing: KhongCoQuyen (a unit not theirs, a locked period or plan
    version), LoiDuLieu (keyed by (unit, period, indicator) or (unit, year, indicator,
    source, effective date)) or CanXacNhan (keyed by (unit, period, indicator); held
    against the plans as this call leaves them) and nothing is written."""
    for don_vi in {dv for dv, _ in thuc_hien} | {dv for dv, _ in ke_hoach}:
        if not quyen.co_quyen_nhap(nguoi, don_vi):
            raise KhongCoQuyen(f"Bạn không có quyền nhập số liệu cho {don_vi.ten}.")
    thuc_hien = {k: v for k, v in thuc_hien.items() if v}
    ke_hoach = {k: v for k, v in ke_hoach.items() if v}
    for dv, ky in thuc_hien:
        if dv.ngung_truoc_cuoi_ky(ky):
            raise KhongCoQuyen(thong_bao_da_ngung(dv, ky))
    for dv, nam in ke_hoach:
        if thong_bao := thong_bao_ngoai_nam(dv, nam):
            raise KhongCoQuyen(thong_bao)
    ket_qua = KetQuaLuu()
    if not thuc_hien and not ke_hoach:
        return ket_qua
    dv_ids = {dv.id for dv, _ in thuc_hien} | {dv.id for dv, _ in ke_hoach}
    # Every (unit, year) touched is locked first, so nothing is sent between the check and
    # the write; then the workflow rows of the periods written exist.
    khoa_nam([(dv, ky.nam) for dv, ky in thuc_hien] + list(ke_hoach))
    TrangThaiNop.objects.bulk_create([TrangThaiNop(don_vi=dv, ky=ky) for dv, ky in thuc_hien],
                                     ignore_conflicts=True)
    cap_nam = {nam for _, nam in ke_hoach}
    khoa = list(TrangThaiNop.objects.filter(don_vi_id__in=dv_ids).filter(
        models.Q(ky_id__in={ky.id for _, ky in thuc_hien}) | models.Q(ky__nam__in=cap_nam)
    ).select_related("ky"))
    da_khoa = {(tt.don_vi_id, tt.ky_id) for tt in khoa if tt.da_khoa}
    ngay_khoa: dict[tuple[int, int], list[date]] = {}
    for tt in khoa:
        if tt.da_khoa:
            ngay_khoa.setdefault((tt.don_vi_id, tt.ky.nam), []).append(tt.ky.ngay_cuoi)
    for dv, ky in thuc_hien:
        if (dv.id, ky.id) in da_khoa:
            raise KhongCoQuyen(f"Số liệu {ky.ten} của {dv.ten} đã gửi hoặc đã duyệt nên đã khóa; "
                               "cần Quản trị mở khóa để sửa.")

    loi = {(dv, ky, ct): thong_bao for (dv, ky), cac_o in thuc_hien.items() for ct, o in cac_o.items()
           if (thong_bao := _loi_thuc_hien(ct, o))}
    loi |= {(dv, nam, *khoa): thong_bao for (dv, nam), cac_o in ke_hoach.items() for khoa, o in cac_o.items()
            if (thong_bao := loi_ke_hoach(khoa[0], nam, khoa[2], o))}
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
        bac_do = {}
        for ky in sorted({ky for _, ky in thuc_hien}, key=lambda k: (k.nam, k.so_thang)):
            cua_ky = {dv: cac_o for (dv, k), cac_o in thuc_hien.items() if k == ky}
            cu = {(dv, ct): th.gia_tri for (dv, k, ct), th in hien_co.items() if k == ky.id}
            ke_hoach_moi = {(dv.id, ct.id, ng.id, ngay): o.chuan() for (dv, nam), cac_o in ke_hoach.items()
                            if nam == ky.nam for (ct, ng, ngay), o in cac_o.items()}
            bac_do |= {(dv, ky, ct): bd for (dv, ct), bd in can_xac_nhan(ky, cua_ky, cu, ke_hoach_moi).items()}
        if bac_do:
            raise CanXacNhan(bac_do)
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
        hien_co_nam: dict[tuple[int, int], dict] = {}
        for kh in KeHoach.objects.select_for_update().filter(
                don_vi_id__in={dv for dv, _ in cap_kh}, nam__in={nam for _, nam in cap_kh}).order_by("id"):
            if (kh.don_vi_id, kh.nam) in cap_kh:
                hien_co_nam.setdefault((kh.don_vi_id, kh.nam), {})[(kh.chi_tieu_id, kh.nguon_id, kh.hieu_luc_tu)] = kh
        kq = KetQuaLuu()
        for (dv, nam), cac_o in ke_hoach.items():
            hien_co = hien_co_nam.get((dv.id, nam), {})
            moi = {khoa: o.chuan() for khoa, o in cac_o.items()}
            moi = {khoa: o for khoa, o in moi.items()
                   if o != OKeHoach.cua(hien_co.get((khoa[0].id, khoa[1].id, khoa[2])))}
            _kiem_khoa_ke_hoach(dv, nam, moi, hien_co, ngay_khoa.get((dv.id, nam), []))
            for khoa, o in moi.items():
                _xep_ke_hoach(kq, hien_co.get((khoa[0].id, khoa[1].id, khoa[2])), o, don_vi=dv, nam=nam, khoa=khoa,
                              nguoi=nguoi)
        _ghi(KeHoach, kq, TRUONG_KE_HOACH, nguoi, ly_do)
        ket_qua.tao += kq.tao
        ket_qua.sua += kq.sua
        ket_qua.xoa += kq.xoa
    return ket_qua


def _chen_tu_chon() -> bool:
    """Whether history can be written by INSERT … SELECT (`lich_su_tao`): PostgreSQL."""
    return connection.vendor == "postgresql"


def lich_su_tao(mo_hinh, ids: list[int], nguoi: User, ly_do: str, luc) -> None:
    """The history records ("+") of the rows `ids` of `mo_hinh` just created, written by
    the database from the rows themselves in one INSERT … SELECT, in the order of `ids`
    (ascending, as created): the records `bulk_create_with_history` makes with
    `default_user=nguoi, default_change_reason=ly_do, default_date=luc`, without
    building a model instance per record. PostgreSQL (ids returned by bulk_create)."""
    if not ids or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    lich_su = mo_hinh.history.model
    qn = connection.ops.quote_name
    nguon = [mo_hinh._meta.get_field(f.name).column for f in lich_su.tracked_fields]
    dich = [lich_su._meta.get_field(f.name).column for f in lich_su.tracked_fields]
    cot_ls = [lich_su._meta.get_field(ten).column
              for ten in ("history_date", "history_user", "history_change_reason", "history_type")]
    with connection.cursor() as con_tro:
        con_tro.execute(
            f"INSERT INTO {qn(lich_su._meta.db_table)} ({', '.join(map(qn, dich + cot_ls))}) "
            f"SELECT {', '.join(map(qn, nguon))}, %s, %s, %s, %s FROM {qn(mo_hinh._meta.db_table)} "
            f"WHERE {qn(mo_hinh._meta.pk.column)} = ANY(%s) ORDER BY {qn(mo_hinh._meta.pk.column)}",
            [luc, nguoi.pk if nguoi is not None else None, ly_do, "+", sorted(ids)])


def _chen_thuc_hien(cac_dong: list[ThucHien], bay_gio) -> None:
    """Inserts new actuals in one statement, `INSERT … SELECT FROM unnest(column arrays)`,
    and sets their ids: on PostgreSQL, what `bulk_create` writes for these rows (every
    column from the instance; `cap_nhat_luc`, auto_now, is `bay_gio`) without compiling
    a placeholder per value — the Excel import of 20,000 rows spent most of its write
    there. Ids are matched back by the row's unique key (period, unit, indicator), not
    by the order RETURNING happens to give."""
    truong = [f for f in ThucHien._meta.concrete_fields if not f.primary_key]
    for dong in cac_dong:
        dong.cap_nhat_luc = bay_gio
    qn = connection.ops.quote_name
    cot = [[dong.__dict__[f.attname] for dong in cac_dong] for f in truong]
    pk = ThucHien._meta.pk.column
    with connection.cursor() as con_tro:
        con_tro.execute(
            f"INSERT INTO {qn(ThucHien._meta.db_table)} ({', '.join(qn(f.column) for f in truong)}) "
            f"SELECT * FROM unnest({', '.join(f'%s::{f.db_type(connection)}[]' for f in truong)}) "
            f"RETURNING {qn(pk)}, {qn('ky_id')}, {qn('don_vi_id')}, {qn('chi_tieu_id')}", cot)
        theo_khoa = {(ky, dv, ct): id_ for id_, ky, dv, ct in con_tro.fetchall()}
    for dong in cac_dong:
        dong.pk = theo_khoa[(dong.ky_id, dong.don_vi_id, dong.chi_tieu_id)]
        dong._state.adding, dong._state.db = False, connection.alias


def _ghi(mo_hinh, ket_qua: KetQuaLuu, truong: list[str], nguoi: User, ly_do: str) -> None:
    """Write creations and changes in bulk with their history; clearing a cell deletes
    its row one by one so each deletion is recorded (rare: a person clears a cell)."""
    if ket_qua.tao:
        bay_gio = timezone.now()
        if _chen_tu_chon():
            if mo_hinh is ThucHien:
                _chen_thuc_hien(ket_qua.tao, bay_gio)
            else:
                ket_qua.tao = mo_hinh.objects.bulk_create(ket_qua.tao, batch_size=500)
            lich_su_tao(mo_hinh, [dong.pk for dong in ket_qua.tao], nguoi, ly_do, bay_gio)
        else:
            ket_qua.tao = bulk_create_with_history(ket_qua.tao, mo_hinh, batch_size=500, default_user=nguoi,
                                                   default_change_reason=ly_do, default_date=bay_gio)
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


@transaction.atomic
def thu_hoi_duyet_so_lieu(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User, ly_do: str,
                          bay_gio=None) -> TrangThaiNop:
    """đã duyệt → đã gửi, by who approves, with a reason, on the day of the approval
    only (local date); later, only a Quản trị reopens. The figures stay locked."""
    if not quyen.co_the_duyet(nguoi):
        raise KhongCoQuyen("Chỉ Văn phòng tổng hợp hoặc Quản trị được thu hồi duyệt.")
    ly_do = _ly_do_bat_buoc(ly_do, "thu hồi duyệt")
    tt = _khoa_trang_thai(don_vi, ky)
    if tt.trang_thai != TT.DA_DUYET:
        raise SaiTrangThai("Chỉ thu hồi được số liệu đã duyệt.")
    duyet_luc = tt.history.filter(trang_thai=TT.DA_DUYET).order_by("-history_date").values_list(
        "history_date", flat=True).first()
    if timezone.localdate(duyet_luc) != timezone.localdate(bay_gio or timezone.now()):
        raise SaiTrangThai("Chỉ thu hồi được việc duyệt trong ngày duyệt; sau đó cần Quản trị mở khóa.")
    return _chuyen(tt, moi=TT.DA_GUI, nguoi=nguoi, ly_do_lich_su=f"Thu hồi duyệt: {ly_do}", ly_do=ly_do)
