"""Who may do what — the one place every view, the admin, the Excel import and export
ask. Roles are Django groups (DESIGN §6); unit assignments are `PhanCong` rows.

| role      | sees                                  | writes                                 |
|-----------|---------------------------------------|----------------------------------------|
| Quản trị  | everything                            | everything; reopens locked data        |
| Tổng hợp  | everything                            | any unit while open; approves/returns  |
| Nhập liệu | its units and the units below them    | its units while open; submits          |
| Lãnh đạo  | all units, or its units and below     | questions to units (giải trình)        |

A superuser is a Quản trị. Answers are cached on the user object for the request.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .models import DonVi, KyBaoCao, TrangThaiNop

QUAN_TRI = "Quản trị"
TONG_HOP = "Tổng hợp"
NHAP_LIEU = "Nhập liệu"
LANH_DAO = "Lãnh đạo"
CAC_VAI_TRO = (QUAN_TRI, TONG_HOP, NHAP_LIEU, LANH_DAO)

NguoiDung = User | AnonymousUser


def vai_tro(nguoi: NguoiDung) -> frozenset[str]:
    """The user's roles; a superuser is Quản trị; an inactive or anonymous user has none."""
    if not nguoi.is_authenticated or not nguoi.is_active:
        return frozenset()
    if not hasattr(nguoi, "_vai_tro"):
        ten_nhom = set(nguoi.groups.filter(name__in=CAC_VAI_TRO).values_list("name", flat=True))
        if nguoi.is_superuser:
            ten_nhom.add(QUAN_TRI)
        nguoi._vai_tro = frozenset(ten_nhom)
    return nguoi._vai_tro


def la_quan_tri(nguoi: NguoiDung) -> bool:
    return QUAN_TRI in vai_tro(nguoi)


def xem_tat_ca(nguoi: NguoiDung) -> bool:
    """Sees every unit: Quản trị, Tổng hợp, and a Lãnh đạo without assigned units."""
    roles = vai_tro(nguoi)
    if roles & {QUAN_TRI, TONG_HOP}:
        return True
    return LANH_DAO in roles and not _don_vi_phan_cong(nguoi)


def _don_vi_phan_cong(nguoi: NguoiDung) -> frozenset[int]:
    if not nguoi.is_authenticated:
        return frozenset()
    if not hasattr(nguoi, "_don_vi_phan_cong"):
        nguoi._don_vi_phan_cong = frozenset(nguoi.phan_cong.values_list("don_vi_id", flat=True))
    return nguoi._don_vi_phan_cong


def _cung_cac_don_vi_duoi(goc: Iterable[int]) -> frozenset[int]:
    """The given units and every unit below them, at any depth (one query)."""
    con_cua: dict[int, list[int]] = {}
    for id_, cha_id in DonVi.objects.values_list("id", "cha_id"):
        con_cua.setdefault(cha_id, []).append(id_)
    ket_qua, cho_xet = set(), list(goc)
    while cho_xet:
        id_ = cho_xet.pop()
        if id_ not in ket_qua:
            ket_qua.add(id_)
            cho_xet.extend(con_cua.get(id_, ()))
    return frozenset(ket_qua)


def id_don_vi_xem_duoc(nguoi: NguoiDung) -> frozenset[int] | None:
    """Ids of the units the user may read; None means all of them."""
    if xem_tat_ca(nguoi):
        return None
    if not vai_tro(nguoi):
        return frozenset()
    if not hasattr(nguoi, "_id_don_vi_xem_duoc"):
        nguoi._id_don_vi_xem_duoc = _cung_cac_don_vi_duoi(_don_vi_phan_cong(nguoi))
    return nguoi._id_don_vi_xem_duoc


def don_vi_xem_duoc(nguoi: NguoiDung):
    """The units the user may read, as a queryset."""
    ids = id_don_vi_xem_duoc(nguoi)
    return DonVi.objects.all() if ids is None else DonVi.objects.filter(id__in=ids)


def co_the_xem(nguoi: NguoiDung, don_vi: DonVi) -> bool:
    ids = id_don_vi_xem_duoc(nguoi)
    return ids is None or don_vi.id in ids


def co_quyen_nhap(nguoi: NguoiDung, don_vi: DonVi) -> bool:
    """May write this unit's figures when its period is open (ignores the lock)."""
    roles = vai_tro(nguoi)
    if roles & {QUAN_TRI, TONG_HOP}:
        return True
    return NHAP_LIEU in roles and don_vi.id in _don_vi_phan_cong(nguoi)


def id_don_vi_nhap_duoc(nguoi: NguoiDung) -> frozenset[int] | None:
    """Ids of the units the user may write (when their period is open); None means all
    of them (no query then)."""
    roles = vai_tro(nguoi)
    if roles & {QUAN_TRI, TONG_HOP}:
        return None
    if NHAP_LIEU in roles:
        return _don_vi_phan_cong(nguoi)
    return frozenset()


def don_vi_nhap_duoc(nguoi: NguoiDung):
    """The units the user may write (when their period is open), as a queryset."""
    ids = id_don_vi_nhap_duoc(nguoi)
    return DonVi.objects.all() if ids is None else DonVi.objects.filter(id__in=ids)


def trang_thai_nop(don_vi: DonVi, ky: KyBaoCao) -> TrangThaiNop:
    """The workflow row of (unit, period); an unsaved `dang_nhap` row when none exists."""
    return TrangThaiNop.objects.filter(don_vi=don_vi, ky=ky).first() or TrangThaiNop(don_vi=don_vi, ky=ky)


def co_the_nhap(nguoi: NguoiDung, don_vi: DonVi, ky: KyBaoCao) -> bool:
    """May write this unit's figures for this period now: has the right, and the period
    is not locked (sent or approved data is locked for everyone until reopened)."""
    return co_quyen_nhap(nguoi, don_vi) and not trang_thai_nop(don_vi, ky).da_khoa


def co_the_duyet(nguoi: NguoiDung) -> bool:
    """May approve or return a submitted period."""
    return bool(vai_tro(nguoi) & {QUAN_TRI, TONG_HOP})


def co_the_hoi(nguoi: NguoiDung) -> bool:
    """May ask a unit to explain a figure (giải trình): leaders, the province office,
    administrators — for the units they may see."""
    return bool(vai_tro(nguoi) & {QUAN_TRI, TONG_HOP, LANH_DAO})


def co_the_mo_khoa(nguoi: NguoiDung) -> bool:
    """May reopen sent or approved data (with a reason)."""
    return la_quan_tri(nguoi)


# -- views: every view declares its rule with `truy_cap`, so a test can walk every URL
# pattern and check each role against the declared rule without knowing the view.

XEM = "xem"  # anyone with a role; a unit in the URL must be one the user may see
NHAP = "nhap"  # a role that writes; a unit in the URL must be one the user may write
DUYET = "duyet"  # Tổng hợp, Quản trị
MO_KHOA = "mo_khoa"  # Quản trị
HOI = "hoi"  # Lãnh đạo, Tổng hợp, Quản trị: ask a unit to explain a figure
DANG_NHAP = "dang_nhap"  # any logged-in user (own password, the landing page)
CONG_KHAI = "cong_khai"  # anyone (the login page)


# What the 403 page says when a role rule refuses (templates/403.html shows it).
LY_DO_TU_CHOI = {
    XEM: "Tài khoản của bạn chưa được gán vai trò nào nên chưa xem được số liệu; hãy liên hệ Quản trị.",
    NHAP: "Chỉ tài khoản Nhập liệu, Tổng hợp hoặc Quản trị được nhập số liệu.",
    DUYET: "Chỉ Văn phòng tổng hợp hoặc Quản trị được duyệt hay trả lại số liệu.",
    MO_KHOA: "Chỉ Quản trị được mở khóa số liệu đã gửi hoặc đã duyệt.",
    HOI: "Chỉ Lãnh đạo, Tổng hợp hoặc Quản trị được yêu cầu giải trình.",
}


def truy_cap(quy_tac: str, *, chi_post: bool = False):
    """Declares and enforces who may call a view: login, then the HTTP method (POST-only
    views answer 405 to GET), then the role. Unit-level checks happen in `lay_don_vi`."""

    def boc(view):
        @wraps(view)
        def kiem_tra(request, *args, **kwargs):
            roles = vai_tro(request.user)
            duoc = {
                XEM: bool(roles),
                NHAP: bool(roles & {QUAN_TRI, TONG_HOP, NHAP_LIEU}),
                DUYET: co_the_duyet(request.user),
                MO_KHOA: co_the_mo_khoa(request.user),
                HOI: co_the_hoi(request.user),
            }.get(quy_tac, True)
            if not duoc:
                raise PermissionDenied(LY_DO_TU_CHOI.get(quy_tac, "Tài khoản của bạn không có quyền dùng chức năng này."))
            return view(request, *args, **kwargs)

        ket_qua = require_POST(kiem_tra) if chi_post else kiem_tra
        if quy_tac != CONG_KHAI:
            ket_qua = login_required(ket_qua)
        ket_qua.quy_tac_truy_cap = quy_tac
        ket_qua.chi_post = chi_post
        return ket_qua

    return boc


def lay_don_vi(nguoi: NguoiDung, ma_don_vi: str, *, de: str = XEM) -> DonVi:
    """The unit of a URL if this user may read it (`de=XEM`) or write it (`de=NHAP`):
    404 when it does not exist, 403 when it is not theirs."""
    don_vi = get_object_or_404(DonVi.objects.select_related("cha"), ma=ma_don_vi)
    if de == NHAP and not co_quyen_nhap(nguoi, don_vi):
        raise PermissionDenied("Bạn không có quyền nhập số liệu cho đơn vị này.")
    if not co_the_xem(nguoi, don_vi):
        raise PermissionDenied("Bạn không có quyền xem số liệu của đơn vị này.")
    return don_vi
