"""Every write of the workflow: approving (several units at once), returning, taking an
approval back, unlock requests, explanation threads, deadlines, notifications.

Workflow steps go through `chitieu.services` (which checks roles and records the
history); this module adds what follows them — the notifications — in the same
transaction. Emails leave after the commit (`transaction.on_commit`), one claim per
message so that no message is mailed twice, even by two processes at once.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from chitieu import quyen
from chitieu import services as cs
from chitieu.models import ChiTieu, DonVi, KyBaoCao, TrangThaiNop

from . import quy_tac, selectors
from .models import GiaiTrinh, HanNop, TatEmail, ThongBao, YeuCauMoKhoa, YKien

log = logging.getLogger(__name__)

TT = TrangThaiNop.TrangThai
NOI_DUNG_TOI_DA = YKien._meta.get_field("noi_dung").max_length
LY_DO_TOI_DA = YeuCauMoKhoa._meta.get_field("ly_do").max_length

KhongCoQuyen = cs.KhongCoQuyen
LoiDuLieu = cs.LoiDuLieu
SaiTrangThai = cs.SaiTrangThai


def _bay_gio() -> datetime:
    return timezone.now()


def _van_ban_bat_buoc(van_ban: str, ten: str, toi_da: int) -> str:
    van_ban = (van_ban or "").strip()
    if not van_ban:
        raise LoiDuLieu({"noi_dung": f"Cần ghi {ten[0].lower() + ten[1:]}."})
    if thong_bao := cs.kiem_tra_van_ban(van_ban, toi_da, ten):
        raise LoiDuLieu({"noi_dung": thong_bao})
    return van_ban


# -- notifications -------------------------------------------------------------------


def thong_bao(*, nguoi_nhan: Iterable[User], loai: str, khoa: str, tieu_de: str, noi_dung: str,
              duong_dan: str = "", luc: datetime | None = None) -> list[ThongBao]:
    """Creates one message per recipient unless that recipient already has it
    ((recipient, kind, subject) is unique), and mails the new ones after the commit —
    except to people without an address or who turned this kind off."""
    luc = luc or _bay_gio()
    nguoi_nhan = list({n.id: n for n in nguoi_nhan}.values())
    tat = set(TatEmail.objects.filter(nguoi_dung__in=nguoi_nhan, loai=loai).values_list("nguoi_dung_id", flat=True))
    co_roi = set(ThongBao.objects.filter(nguoi_nhan__in=nguoi_nhan, loai=loai, khoa=khoa)
                 .values_list("nguoi_nhan_id", flat=True))
    moi = []
    for nguoi in nguoi_nhan:
        if nguoi.id in co_roi:
            continue
        email = ThongBao.Email.KHONG if (nguoi.id in tat or not nguoi.email) else ThongBao.Email.CHO
        try:
            with transaction.atomic():
                moi.append(ThongBao.objects.create(
                    nguoi_nhan=nguoi, loai=loai, khoa=khoa, tieu_de=tieu_de[:300], noi_dung=noi_dung,
                    duong_dan=duong_dan, tao_luc=luc, email=email))
        except IntegrityError:
            continue  # created meanwhile by another process: that one is the message
    can_gui = [tb.id for tb in moi if tb.email == ThongBao.Email.CHO]
    if can_gui:
        transaction.on_commit(lambda: gui_email(can_gui))
    return moi


def _dia_chi(duong_dan: str) -> str:
    return settings.DIA_CHI_TRANG.rstrip("/") + duong_dan if duong_dan else settings.DIA_CHI_TRANG


def gui_email(ids: Sequence[int]) -> int:
    """Mails these messages, each at most once: a message is claimed (pending → sending)
    before it is sent, so a second run or another process skips it. A failure is
    logged and left for the daily command to retry. Returns how many were sent."""
    so_da_gui = 0
    for tb in ThongBao.objects.filter(id__in=ids).select_related("nguoi_nhan").order_by("id"):
        if not ThongBao.objects.filter(id=tb.id, email__in=[ThongBao.Email.CHO, ThongBao.Email.LOI]).update(
                email=ThongBao.Email.DANG_GUI):
            continue
        noi_dung = f"{tb.noi_dung}\n\nXem trên hệ thống: {_dia_chi(tb.duong_dan)}\n\n" \
                   f"Tắt loại thư này: {_dia_chi(reverse('quytrinh-cai-dat-thong-bao'))}"
        try:
            send_mail(f"[Chỉ tiêu KT-XH] {tb.tieu_de}", noi_dung, None, [tb.nguoi_nhan.email])
        except Exception:
            log.exception("Không gửi được email thông báo %s tới %s", tb.id, tb.nguoi_nhan.email)
            ThongBao.objects.filter(id=tb.id).update(email=ThongBao.Email.LOI)
            continue
        ThongBao.objects.filter(id=tb.id).update(email=ThongBao.Email.DA_GUI, email_luc=_bay_gio())
        so_da_gui += 1
    return so_da_gui


def gui_email_dang_cho() -> int:
    """Mails every message still waiting (or whose sending failed)."""
    return gui_email(list(ThongBao.objects.filter(email__in=[ThongBao.Email.CHO, ThongBao.Email.LOI])
                          .values_list("id", flat=True)))


@transaction.atomic
def doc_thong_bao(*, thong_bao: ThongBao, nguoi: User) -> ThongBao:
    if thong_bao.nguoi_nhan_id != nguoi.id:
        raise KhongCoQuyen("Đây không phải thông báo của bạn.")
    if thong_bao.da_doc_luc is None:
        thong_bao.da_doc_luc = _bay_gio()
        thong_bao.save(update_fields=["da_doc_luc"])
    return thong_bao


def doc_het(*, nguoi: User) -> int:
    return ThongBao.objects.filter(nguoi_nhan=nguoi, da_doc_luc__isnull=True).update(da_doc_luc=_bay_gio())


@transaction.atomic
def dat_email_tat(*, nguoi: User, cac_loai_tat: Iterable[str]) -> set[str]:
    """The kinds this person does not want mailed (every other kind is mailed)."""
    tat = set(cac_loai_tat)
    if khong_ro := tat - set(ThongBao.Loai.values):
        raise LoiDuLieu({"loai": f"Loại thông báo không hợp lệ: {', '.join(sorted(khong_ro))}."})
    TatEmail.objects.filter(nguoi_dung=nguoi).exclude(loai__in=tat).delete()
    co = set(TatEmail.objects.filter(nguoi_dung=nguoi).values_list("loai", flat=True))
    TatEmail.objects.bulk_create([TatEmail(nguoi_dung=nguoi, loai=loai) for loai in sorted(tat - co)])
    return tat


def _url_nhap_lieu(don_vi: DonVi, ky: KyBaoCao) -> str:
    return reverse("chitieu-nhap-lieu", args=[don_vi.ma, ky.slug])


def _ten_nguoi(nguoi: User) -> str:
    return nguoi.get_full_name() or nguoi.username


# -- approving, returning, taking back -------------------------------------------------


@transaction.atomic
def tra_lai(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User, ly_do: str) -> TrangThaiNop:
    """Returns sent figures with a reason (`chitieu.services`) and tells the unit's staff."""
    tt = cs.tra_lai_so_lieu(don_vi=don_vi, ky=ky, nguoi=nguoi, ly_do=ly_do)
    buoc = tt.history.latest().history_id
    thong_bao(nguoi_nhan=selectors.nhan_vien_don_vi(don_vi), loai=ThongBao.Loai.TRA_LAI,
              khoa=f"{don_vi.ma}:{ky.slug}:{buoc}",
              tieu_de=f"Số liệu {ky.ten} của {don_vi.ten} bị trả lại",
              noi_dung=f"{_ten_nguoi(nguoi)} đã trả lại số liệu {ky.ten} của {don_vi.ten}.\nLý do: {tt.ly_do}\n"
                       "Sửa theo yêu cầu rồi gửi lại.",
              duong_dan=_url_nhap_lieu(don_vi, ky))
    return tt


@transaction.atomic
def duyet_nhieu(*, ky: KyBaoCao, cac_don_vi: Sequence[DonVi], nguoi: User) -> list[TrangThaiNop]:
    """Approves the sent figures of these units for `ky`, all or none (one unit not in
    "đã gửi" stops the whole), and tells each unit's staff."""
    if not cac_don_vi:
        raise LoiDuLieu({"don_vi": "Chưa chọn đơn vị nào để duyệt."})
    if not quyen.co_the_duyet(nguoi):
        raise KhongCoQuyen("Chỉ Văn phòng tổng hợp hoặc Quản trị được duyệt số liệu.")
    # Every unit's year at once, in the fixed order, before the first step: two bulk
    # approvals of overlapping units cannot deadlock.
    cs.khoa_nam([(dv, ky.nam) for dv in cac_don_vi])
    ket_qua = []
    for dv in cac_don_vi:
        try:
            tt = cs.duyet_so_lieu(don_vi=dv, ky=ky, nguoi=nguoi)
        except SaiTrangThai as e:
            raise SaiTrangThai(f"{dv.ten}: {e}") from e
        ket_qua.append(tt)
        thong_bao(nguoi_nhan=selectors.nhan_vien_don_vi(dv), loai=ThongBao.Loai.DA_DUYET,
                  khoa=f"{dv.ma}:{ky.slug}:{tt.history.latest().history_id}",
                  tieu_de=f"Số liệu {ky.ten} của {dv.ten} đã được duyệt",
                  noi_dung=f"{_ten_nguoi(nguoi)} đã duyệt số liệu {ky.ten} của {dv.ten}.",
                  duong_dan=_url_nhap_lieu(dv, ky))
    return ket_qua


@transaction.atomic
def thu_hoi_duyet(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User, ly_do: str,
                  bay_gio: datetime | None = None) -> TrangThaiNop:
    """Takes an approval back the same day (`chitieu.services`) and tells the unit's staff."""
    bay_gio = bay_gio or _bay_gio()
    tt = cs.thu_hoi_duyet_so_lieu(don_vi=don_vi, ky=ky, nguoi=nguoi, ly_do=ly_do, bay_gio=bay_gio)
    thong_bao(nguoi_nhan=selectors.nhan_vien_don_vi(don_vi), loai=ThongBao.Loai.THU_HOI_DUYET,
              khoa=f"{don_vi.ma}:{ky.slug}:{tt.history.latest().history_id}",
              tieu_de=f"Thu hồi duyệt số liệu {ky.ten} của {don_vi.ten}",
              noi_dung=f"{_ten_nguoi(nguoi)} đã thu hồi việc duyệt số liệu {ky.ten} của {don_vi.ten}; "
                       f"số liệu chờ duyệt lại.\nLý do: {tt.ly_do}",
              duong_dan=_url_nhap_lieu(don_vi, ky), luc=bay_gio)
    return tt


# -- unlock requests ---------------------------------------------------------------


@transaction.atomic
def de_nghi_mo_khoa(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User, ly_do: str) -> YeuCauMoKhoa:
    """A unit asks to reopen its sent or approved figures; Quản trị and Tổng hợp are told."""
    if not quyen.co_quyen_nhap(nguoi, don_vi):
        raise KhongCoQuyen("Bạn không có quyền đề nghị mở khóa số liệu của đơn vị này.")
    ly_do = _van_ban_bat_buoc(ly_do, "Lý do đề nghị mở khóa", LY_DO_TOI_DA)
    cs.khoa_nam([(don_vi, ky.nam)])  # the state read below cannot change until this commits
    tt = quyen.trang_thai_nop(don_vi, ky)
    if not tt.da_khoa:
        raise SaiTrangThai("Số liệu chưa bị khóa, không cần đề nghị mở khóa.")
    if YeuCauMoKhoa.objects.filter(don_vi=don_vi, ky=ky, trang_thai=YeuCauMoKhoa.TrangThai.CHO).exists():
        raise SaiTrangThai("Đã có đề nghị mở khóa đang chờ quyết định.")
    yc = YeuCauMoKhoa(don_vi=don_vi, ky=ky, nguoi_yeu_cau=nguoi, ly_do=ly_do, tao_luc=_bay_gio())
    yc._history_user = nguoi
    yc.save()
    thong_bao(nguoi_nhan=selectors.nguoi_co_vai_tro(quyen.QUAN_TRI, quyen.TONG_HOP),
              loai=ThongBao.Loai.MO_KHOA_YEU_CAU, khoa=f"{yc.id}",
              tieu_de=f"{don_vi.ten} đề nghị mở khóa số liệu {ky.ten}",
              noi_dung=f"{_ten_nguoi(nguoi)} ({don_vi.ten}) đề nghị mở khóa số liệu {ky.ten} "
                       f"({tt.get_trang_thai_display().lower()}).\nLý do: {ly_do}",
              duong_dan=_url_nhap_lieu(don_vi, ky))
    return yc


@transaction.atomic
def quyet_dinh_mo_khoa(*, don_vi: DonVi, ky: KyBaoCao, nguoi: User, dong_y: bool, ly_do: str = "") -> YeuCauMoKhoa:
    """Decides the pending unlock request of (unit, period). Approving reopens: by a
    Quản trị through `mo_khoa_so_lieu` (sent or approved figures); by Tổng hợp, whose
    right is to return sent figures, through `tra_lai_so_lieu` — approved figures stay
    for a Quản trị (DESIGN §6). Rejecting needs a reason. The requester is told."""
    if not quyen.co_the_duyet(nguoi):
        raise KhongCoQuyen("Chỉ Văn phòng tổng hợp hoặc Quản trị quyết định đề nghị mở khóa.")
    # The unit's year first (the first lock, as in every workflow step), then the request.
    cs.khoa_nam([(don_vi, ky.nam)])
    yc = YeuCauMoKhoa.objects.select_for_update().filter(
        don_vi=don_vi, ky=ky, trang_thai=YeuCauMoKhoa.TrangThai.CHO).first()
    if yc is None:
        raise SaiTrangThai("Không có đề nghị mở khóa nào đang chờ.")
    if dong_y:
        y_kien = (ly_do or "").strip()  # optional when approving, but text like any other
        if y_kien and (loi := cs.kiem_tra_van_ban(y_kien, LY_DO_TOI_DA, "Ý kiến")):
            raise LoiDuLieu({"noi_dung": loi})
        ly_do_mo = f"Theo đề nghị của đơn vị: {yc.ly_do}"[:cs.GHI_CHU_TOI_DA]
        tt = quyen.trang_thai_nop(don_vi, ky)
        if quyen.co_the_mo_khoa(nguoi) and tt.da_khoa:
            cs.mo_khoa_so_lieu(don_vi=don_vi, ky=ky, nguoi=nguoi, ly_do=ly_do_mo)
        elif tt.trang_thai == TT.DA_GUI:
            cs.tra_lai_so_lieu(don_vi=don_vi, ky=ky, nguoi=nguoi, ly_do=ly_do_mo)
        elif tt.da_khoa:
            raise KhongCoQuyen("Số liệu đã duyệt chỉ Quản trị mở khóa được.")
        yc.trang_thai, yc.ly_do_quyet_dinh = YeuCauMoKhoa.TrangThai.DONG_Y, y_kien
    else:
        yc.trang_thai = YeuCauMoKhoa.TrangThai.TU_CHOI
        yc.ly_do_quyet_dinh = _van_ban_bat_buoc(ly_do, "Lý do từ chối", LY_DO_TOI_DA)
    yc.nguoi_quyet_dinh, yc.quyet_dinh_luc = nguoi, _bay_gio()
    yc._history_user = nguoi
    yc.save()
    ket_qua = "đồng ý, số liệu đã mở để sửa" if dong_y else "từ chối"
    thong_bao(nguoi_nhan=[yc.nguoi_yeu_cau, *selectors.nhan_vien_don_vi(don_vi)],
              loai=ThongBao.Loai.MO_KHOA_QUYET_DINH, khoa=f"{yc.id}",
              tieu_de=f"Đề nghị mở khóa số liệu {ky.ten} của {don_vi.ten}: {ket_qua}",
              noi_dung=f"{_ten_nguoi(nguoi)} đã {ket_qua}."
                       + (f"\nÝ kiến: {yc.ly_do_quyet_dinh}" if yc.ly_do_quyet_dinh else ""),
              duong_dan=_url_nhap_lieu(don_vi, ky))
    return yc


# -- giải trình ----------------------------------------------------------------------


def la_ben_hoi(nguoi: User, don_vi: DonVi) -> bool:
    """Leaders, the province office and administrators who may see the unit ask and follow up."""
    return quyen.co_the_hoi(nguoi) and quyen.co_the_xem(nguoi, don_vi)


def la_ben_don_vi(nguoi: User, don_vi: DonVi) -> bool:
    """The unit's own staff answer (not the province office, which asks)."""
    vai_tro = quyen.vai_tro(nguoi)
    return quyen.NHAP_LIEU in vai_tro and not quyen.co_the_hoi(nguoi) and quyen.co_quyen_nhap(nguoi, don_vi)


def _url_giai_trinh(gt: GiaiTrinh) -> str:
    return reverse("quytrinh-giai-trinh", args=[gt.don_vi.ma, gt.ky.slug, gt.chi_tieu.ma])


def _luu(gt: GiaiTrinh, nguoi: User) -> None:
    gt._history_user = nguoi
    gt.save()


@transaction.atomic
def hoi_giai_trinh(*, don_vi: DonVi, ky: KyBaoCao, chi_tieu: ChiTieu, nguoi: User, noi_dung: str) -> GiaiTrinh:
    """Asks the unit to explain one indicator of one period — opening the thread, adding
    a follow-up, or reopening a closed one. The unit's staff are told."""
    if not la_ben_hoi(nguoi, don_vi):
        raise KhongCoQuyen("Chỉ lãnh đạo, Văn phòng tổng hợp hoặc Quản trị được yêu cầu giải trình.")
    noi_dung = _van_ban_bat_buoc(noi_dung, "Nội dung yêu cầu", NOI_DUNG_TOI_DA)
    luc = _bay_gio()
    gt = GiaiTrinh.objects.select_for_update().filter(don_vi=don_vi, ky=ky, chi_tieu=chi_tieu).first()
    moi = gt is None or not gt.dang_mo
    if gt is None:
        gt = GiaiTrinh(don_vi=don_vi, ky=ky, chi_tieu=chi_tieu, nguoi_hoi=nguoi, tao_luc=luc)
    if moi:
        gt.nguoi_hoi = nguoi
    gt.trang_thai, gt.cap_nhat_luc = GiaiTrinh.TrangThai.CHO_TRA_LOI, luc
    _luu(gt, nguoi)
    yk = YKien.objects.create(giai_trinh=gt, loai=YKien.Loai.HOI, nguoi=nguoi, noi_dung=noi_dung, tao_luc=luc)
    thong_bao(nguoi_nhan=selectors.nhan_vien_don_vi(don_vi), loai=ThongBao.Loai.GIAI_TRINH_HOI, khoa=f"{yk.id}",
              tieu_de=f"Yêu cầu giải trình {chi_tieu.ma} · {ky.ten} · {don_vi.ten_ngan}",
              noi_dung=f"{_ten_nguoi(nguoi)} yêu cầu giải trình chỉ tiêu {chi_tieu.ma} {chi_tieu.ten} "
                       f"({ky.ten}, {don_vi.ten}):\n{noi_dung}",
              duong_dan=_url_giai_trinh(gt), luc=luc)
    return gt


@transaction.atomic
def tra_loi_giai_trinh(*, giai_trinh: GiaiTrinh, nguoi: User, noi_dung: str) -> GiaiTrinh:
    """The unit's staff answer an open thread; the person who asked is told."""
    gt = GiaiTrinh.objects.select_for_update().select_related("don_vi", "ky", "chi_tieu", "nguoi_hoi").get(
        id=giai_trinh.id)
    if not la_ben_don_vi(nguoi, gt.don_vi):
        raise KhongCoQuyen("Chỉ cán bộ nhập liệu của đơn vị được trả lời giải trình.")
    if not gt.dang_mo:
        raise SaiTrangThai("Giải trình này đã đóng.")
    noi_dung = _van_ban_bat_buoc(noi_dung, "Nội dung trả lời", NOI_DUNG_TOI_DA)
    luc = _bay_gio()
    gt.trang_thai, gt.cap_nhat_luc = GiaiTrinh.TrangThai.DA_TRA_LOI, luc
    _luu(gt, nguoi)
    yk = YKien.objects.create(giai_trinh=gt, loai=YKien.Loai.TRA_LOI, nguoi=nguoi, noi_dung=noi_dung, tao_luc=luc)
    thong_bao(nguoi_nhan=[gt.nguoi_hoi], loai=ThongBao.Loai.GIAI_TRINH_TRA_LOI, khoa=f"{yk.id}",
              tieu_de=f"{gt.don_vi.ten_ngan} đã trả lời giải trình {gt.chi_tieu.ma} · {gt.ky.ten}",
              noi_dung=f"{_ten_nguoi(nguoi)} ({gt.don_vi.ten}) trả lời về chỉ tiêu {gt.chi_tieu.ma} "
                       f"{gt.chi_tieu.ten} ({gt.ky.ten}):\n{noi_dung}",
              duong_dan=_url_giai_trinh(gt), luc=luc)
    return gt


@transaction.atomic
def dong_giai_trinh(*, giai_trinh: GiaiTrinh, nguoi: User) -> GiaiTrinh:
    """The asker (or the province office, or an administrator) closes the thread."""
    gt = GiaiTrinh.objects.select_for_update().get(id=giai_trinh.id)
    if not (gt.nguoi_hoi_id == nguoi.id or quyen.co_the_duyet(nguoi)):
        raise KhongCoQuyen("Chỉ người yêu cầu giải trình (hoặc Văn phòng tổng hợp) được đóng.")
    if not gt.dang_mo:
        raise SaiTrangThai("Giải trình này đã đóng.")
    gt.trang_thai, gt.cap_nhat_luc = GiaiTrinh.TrangThai.DA_DONG, _bay_gio()
    _luu(gt, nguoi)
    return gt


@transaction.atomic
def dat_dua_vao_bao_cao(*, giai_trinh: GiaiTrinh, nguoi: User, co: bool) -> GiaiTrinh:
    """Whether the unit's report prints this thread's answers (those who write the unit decide)."""
    if not quyen.co_quyen_nhap(nguoi, giai_trinh.don_vi):
        raise KhongCoQuyen("Bạn không có quyền sửa báo cáo của đơn vị này.")
    giai_trinh.dua_vao_bao_cao = co
    _luu(giai_trinh, nguoi)
    return giai_trinh


# -- deadlines -----------------------------------------------------------------------


@transaction.atomic
def dat_han_nop(*, nam: int, han: dict[tuple[str, int], date | None], nguoi: User) -> int:
    """Sets the deadline of each (level, period id) of year `nam`; None goes back to the
    default rule. A date before the period's first day is refused; nothing is written
    unless every date is acceptable. Returns how many changed."""
    if not quyen.co_the_duyet(nguoi):
        raise KhongCoQuyen("Chỉ Văn phòng tổng hợp hoặc Quản trị đặt hạn nộp.")
    cac_ky = {k.id: k for k in KyBaoCao.objects.filter(nam=nam)}
    loi = {}
    for (cap, ky_id), ngay in han.items():
        ky = cac_ky.get(ky_id)
        if ky is None or cap not in DonVi.Cap.values:
            loi[(cap, ky_id)] = "Kỳ báo cáo hoặc cấp đơn vị không hợp lệ."
        elif ngay is not None and not (date(ky.nam, 1, 1) <= ngay <= date(ky.nam + 1, 12, 31)):
            loi[(cap, ky_id)] = f"Hạn nộp {ngay:%d/%m/%Y} nằm ngoài năm {ky.nam} và năm sau."
    if loi:
        raise LoiDuLieu(loi)
    co = {(h.cap, h.ky_id): h for h in HanNop.objects.select_for_update().filter(ky__nam=nam)}
    so_doi = 0
    for (cap, ky_id), ngay in han.items():
        mac_dinh = quy_tac.han_mac_dinh(cac_ky[ky_id].nam, cac_ky[ky_id].so_thang)
        hien = co.get((cap, ky_id))
        if ngay is None or ngay == mac_dinh:
            if hien is not None:
                hien._history_user = nguoi
                hien.delete()
                so_doi += 1
        elif hien is None or hien.han != ngay:
            h = hien or HanNop(cap=cap, ky_id=ky_id)
            h.han, h.nguoi_cap_nhat, h._history_user = ngay, nguoi, nguoi
            h.save()
            so_doi += 1
    return so_doi


# -- the daily run ---------------------------------------------------------------------

SO_NGAY_NHAC = 92  # overdue notices cover periods whose deadline passed within one quarter


def nhac_qua_han(*, bay_gio: datetime | None = None) -> dict[str, int]:
    """The daily run: tells the staff of each overdue unit (once per unit and period) and
    sends each Tổng hợp user one digest of the day's overdue units, then mails every
    message still waiting. Idempotent: a second run the same day creates and mails
    nothing. Returns counts."""
    bay_gio = bay_gio or _bay_gio()
    ngay = timezone.localdate(bay_gio)
    cac_ky = [k for k in KyBaoCao.objects.filter(nam__in=[ngay.year - 1, ngay.year, ngay.year + 1])
              if any(ngay - timedelta(days=SO_NGAY_NHAC) <= h < ngay for h in _cac_han(k))]
    qua = selectors.qua_han(cac_ky, ngay)
    so_don_vi = so_tong_hop = 0
    with transaction.atomic():
        for ky, dv, han in qua:
            so_don_vi += len(thong_bao(
                nguoi_nhan=selectors.nhan_vien_don_vi(dv), loai=ThongBao.Loai.QUA_HAN, khoa=f"{dv.ma}:{ky.slug}",
                tieu_de=f"Số liệu {ky.ten} của {dv.ten} đã quá hạn nộp",
                noi_dung=f"Hạn nộp số liệu {ky.ten} của {dv.ten} là {han.han:%d/%m/%Y}; "
                         f"đến nay ({ngay:%d/%m/%Y}) đơn vị chưa gửi ({han.nhan.lower()}). "
                         "Vui lòng hoàn thành và gửi số liệu.",
                duong_dan=_url_nhap_lieu(dv, ky), luc=bay_gio))
        if qua:
            dong = [f"- {dv.ten} · {ky.ten}: {han.nhan.lower()} (hạn {han.han:%d/%m/%Y})" for ky, dv, han in qua]
            so_tong_hop = len(thong_bao(
                nguoi_nhan=selectors.nguoi_co_vai_tro(quyen.TONG_HOP), loai=ThongBao.Loai.TONG_HOP_QUA_HAN,
                khoa=ngay.isoformat(),
                tieu_de=f"{len({dv.id for _, dv, _ in qua})} đơn vị quá hạn nộp số liệu ({ngay:%d/%m/%Y})",
                noi_dung=f"Các đơn vị chưa gửi số liệu đã quá hạn, ngày {ngay:%d/%m/%Y}:\n" + "\n".join(dong),
                duong_dan=reverse("quytrinh-tinh-trang-nop", args=[qua[0][0].slug]), luc=bay_gio))
    return {"don_vi": so_don_vi, "tong_hop": so_tong_hop, "email": gui_email_dang_cho()}


def _cac_han(ky: KyBaoCao) -> list[date]:
    """Every deadline the period may have (the default and any level's own)."""
    return [quy_tac.han_mac_dinh(ky.nam, ky.so_thang), *HanNop.objects.filter(ky=ky).values_list("han", flat=True)]
