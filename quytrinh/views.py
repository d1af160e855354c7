"""Pages of the workflow: the status page and approving, returning and taking back,
unlock requests, deadlines, notifications, explanation threads. Each view declares its
rule (`truy_cap`), fetches the unit the user may touch (`quyen.lay_don_vi`), then
form → service → redirect, or selector → render."""

from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from chitieu import loc_don_vi, quyen
from chitieu import selectors as cs
from chitieu.models import DonVi, KyBaoCao, TrangThaiNop
from chitieu.quyen import DANG_NHAP, DUYET, HOI, NHAP, XEM, truy_cap

from . import quy_tac, selectors, services
from .models import GiaiTrinh, ThongBao


def _loi(e: Exception) -> str:
    return "; ".join(map(str, e.loi.values())) if isinstance(e, services.LoiDuLieu) else str(e)


def _lam(request: HttpRequest, viec, thanh_cong: str) -> bool:
    """Runs a service; its refusal becomes an error message, success a success message."""
    try:
        viec()
    except (services.SaiTrangThai, services.LoiDuLieu, services.KhongCoQuyen) as e:
        messages.error(request, _loi(e))
        return False
    messages.success(request, thanh_cong)
    return True


def _tiep(request: HttpRequest, mac_dinh: str) -> HttpResponse:
    """Back to the page the form came from (`tiep`, same site only), else `mac_dinh`."""
    tiep = request.POST.get("tiep", "")
    if tiep and url_has_allowed_host_and_scheme(tiep, {request.get_host()}, require_https=request.is_secure()):
        return redirect(tiep)
    return redirect(mac_dinh)


def _url_nhap_lieu(don_vi: DonVi, ky: KyBaoCao) -> str:
    return reverse("chitieu-nhap-lieu", args=[don_vi.ma, ky.slug])


# -- the status page and approving ---------------------------------------------------


@truy_cap(DUYET)
def tinh_trang_nop(request: HttpRequest, ky: str) -> HttpResponse:
    """The units expected to report for a period (not the province, whose figures are
    their sum): state, deadline, figures entered, last change, open threads, unlock
    requests; the rates; approve several at once."""
    ky_bc = cs.lay_ky(ky)
    tat_ca = loc_don_vi.CacDonVi()  # rows; model instances (with the parent's name) for the chosen tree only
    ds = loc_don_vi.loc(selectors.don_vi_bao_cao(ky_bc, quyen.id_don_vi_xem_duoc(request.user), tat_ca.dong),
                        tat_ca.dong, request.GET, mot_nhom=True, tao=tat_ca.tao_ca_cha)
    _ghi_chu_nhom(ds, ky_bc)
    tt = selectors.tinh_trang_nop(ky_bc, None, selectors.hom_nay(), ds.don_vi)
    tren_trang = {dv.id for dv in ds.trang}
    return render(request, "quytrinh/tinh_trang_nop.html", {
        "ky": ky_bc,
        "tt": tt,
        "ds": ds,
        "mot_nhom": True,
        "dong_trang": [d for d in tt.dong if d.don_vi.id in tren_trang],
        "cac_ky": KyBaoCao.objects.order_by("-nam", "-so_thang"),
        "co_the_mo_khoa": quyen.co_the_mo_khoa(request.user),
    })


def _ghi_chu_nhom(ds: loc_don_vi.DanhSachDonVi, ky: KyBaoCao) -> None:
    """Adds to each tree of the status page how many of its units sent and had their
    figures approved. One query, of the period's sent and approved rows: the listed units
    are kept here rather than named in the query (the country's 3,000 ids in an IN list
    cost more than the rows)."""
    cua_nhom = ds.goc_id
    dem: dict[tuple[int, str], int] = defaultdict(int)
    for don_vi_id, trang_thai in TrangThaiNop.objects.filter(
            ky=ky, trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET]
    ).values_list("don_vi_id", "trang_thai"):
        if don_vi_id in cua_nhom:
            dem[(cua_nhom[don_vi_id], trang_thai)] += 1
    ds.cac_nhom = [(g, so, f"; {dem[(g.id, 'da_gui')]} chờ duyệt, {dem[(g.id, 'da_duyet')]} đã duyệt")
                   for g, so, _ in ds.cac_nhom]


@truy_cap(DUYET)
def tinh_trang_nop_moi_nhat(request: HttpRequest) -> HttpResponse:
    ky = cs.ky_moi_nhat_co_so_lieu() or KyBaoCao.objects.order_by("-nam", "-so_thang").first()
    if ky is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    return redirect("quytrinh-tinh-trang-nop", ky=ky.slug)


@truy_cap(DUYET)
def duyet(request: HttpRequest, ky: str) -> HttpResponse:
    """Approving asks first: the units chosen (`don_vi`, by GET from a link or by POST
    from the status page's check boxes) are listed with what they sent; only a POST
    with `xac_nhan` approves them, all or none."""
    ky_bc = cs.lay_ky(ky)
    du_lieu = request.POST if request.method == "POST" else request.GET
    ma = list(dict.fromkeys(du_lieu.getlist("don_vi")))
    cac_don_vi = [quyen.lay_don_vi(request.user, m) for m in ma]
    if request.method == "POST" and du_lieu.get("xac_nhan") == "1":
        ten = ", ".join(dv.ten_ngan for dv in cac_don_vi)
        if _lam(request, lambda: services.duyet_nhieu(ky=ky_bc, cac_don_vi=cac_don_vi, nguoi=request.user),
                f"Đã duyệt số liệu {ky_bc.ten} của {len(cac_don_vi)} đơn vị: {ten}."):
            if du_lieu.get("tiep") == "nhap-lieu" and len(cac_don_vi) == 1:
                return redirect(_url_nhap_lieu(cac_don_vi[0], ky_bc))
            return redirect("quytrinh-tinh-trang-nop", ky=ky_bc.slug)
    tt = selectors.tinh_trang_nop(ky_bc, {dv.id for dv in cac_don_vi}, selectors.hom_nay())
    return render(request, "quytrinh/duyet.html", {
        "ky": ky_bc, "tt": tt,
        "khong_duyet_duoc": [d for d in tt.dong if d.tt.trang_thai != "da_gui"],
        "tiep": du_lieu.get("tiep", ""),
    })


@truy_cap(DUYET, chi_post=True)
def tra_lai(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """Returns sent figures with the reason the unit's staff will read (and be told)."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bc = cs.lay_ky(ky)
    _lam(request, lambda: services.tra_lai(don_vi=don_vi, ky=ky_bc, nguoi=request.user,
                                           ly_do=request.POST.get("ly_do", "")),
         f"Đã trả lại số liệu {ky_bc.ten} của {don_vi.ten} kèm lý do.")
    return _tiep(request, _url_nhap_lieu(don_vi, ky_bc))


@truy_cap(DUYET, chi_post=True)
def thu_hoi_duyet(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bc = cs.lay_ky(ky)
    _lam(request, lambda: services.thu_hoi_duyet(don_vi=don_vi, ky=ky_bc, nguoi=request.user,
                                                 ly_do=request.POST.get("ly_do", "")),
         f"Đã thu hồi việc duyệt số liệu {ky_bc.ten} của {don_vi.ten}; số liệu chờ duyệt lại.")
    return _tiep(request, _url_nhap_lieu(don_vi, ky_bc))


# -- unlock requests ---------------------------------------------------------------


@truy_cap(NHAP, chi_post=True)
def de_nghi_mo_khoa(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    ky_bc = cs.lay_ky(ky)
    _lam(request, lambda: services.de_nghi_mo_khoa(don_vi=don_vi, ky=ky_bc, nguoi=request.user,
                                                   ly_do=request.POST.get("ly_do", "")),
         "Đã gửi đề nghị mở khóa; Văn phòng tổng hợp và Quản trị đã được thông báo.")
    return redirect(_url_nhap_lieu(don_vi, ky_bc))


@truy_cap(DUYET, chi_post=True)
def quyet_dinh_mo_khoa(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bc = cs.lay_ky(ky)
    dong_y = request.POST.get("quyet_dinh") == "dong_y"
    _lam(request, lambda: services.quyet_dinh_mo_khoa(don_vi=don_vi, ky=ky_bc, nguoi=request.user, dong_y=dong_y,
                                                      ly_do=request.POST.get("ly_do", "")),
         "Đã đồng ý mở khóa; đơn vị đã được thông báo." if dong_y else "Đã từ chối đề nghị; đơn vị đã được thông báo.")
    return _tiep(request, _url_nhap_lieu(don_vi, ky_bc))


# -- deadlines -----------------------------------------------------------------------


@truy_cap(DUYET)
def han_nop_moi_nhat(request: HttpRequest) -> HttpResponse:
    nam = selectors.hom_nay().year
    if not KyBaoCao.objects.filter(nam=nam).exists():
        ky = KyBaoCao.objects.order_by("-nam").first()
        if ky is None:
            raise Http404("Chưa có kỳ báo cáo nào.")
        nam = ky.nam
    return redirect("quytrinh-han-nop", nam=nam)


@truy_cap(DUYET)
def han_nop(request: HttpRequest, nam: int) -> HttpResponse:
    """The deadline of each period of a year for each level of unit: the default rule
    (the 20th of the period's last month) unless the province office set another."""
    cac_ky = list(KyBaoCao.objects.filter(nam=nam).order_by("so_thang"))
    if not cac_ky:
        raise Http404("Năm này chưa có kỳ báo cáo.")
    cac_cap = [(c, ten) for c, ten in DonVi.Cap.choices
               if c in set(DonVi.objects.values_list("cap", flat=True).distinct())]
    loi: dict = {}
    nhap: dict = {}
    if request.method == "POST":
        han: dict = {}
        for k in cac_ky:
            for cap, _ in cac_cap:
                van_ban = request.POST.get(f"han-{cap}-{k.id}", "").strip()
                nhap[(cap, k.id)] = van_ban
                try:
                    han[(cap, k.id)] = date.fromisoformat(van_ban) if van_ban else None
                except ValueError:
                    loi[(cap, k.id)] = f"“{van_ban}” không phải ngày (dd/mm/yyyy)."
        if not loi:
            try:
                so = services.dat_han_nop(nam=nam, han=han, nguoi=request.user)
            except services.LoiDuLieu as e:
                loi = e.loi
            else:
                messages.success(request, f"Đã lưu {so} thay đổi hạn nộp năm {nam}." if so
                                 else "Không có thay đổi nào cần lưu.")
                return redirect("quytrinh-han-nop", nam=nam)
        messages.error(request, "Chưa lưu: có ô không hợp lệ — xem thông báo cạnh ô.")
    da_dat = selectors.han_da_dat(cac_ky)
    bang = []
    for k in cac_ky:
        o = []
        for cap, ten in cac_cap:
            mac_dinh = quy_tac.han_mac_dinh(k.nam, k.so_thang)
            dat = da_dat.get((cap, k.id))
            o.append({"ten": f"han-{cap}-{k.id}", "nhan": f"Hạn nộp {k.ten} — {ten}",
                      "gia_tri": nhap.get((cap, k.id), (dat or mac_dinh).isoformat()),
                      "mac_dinh": mac_dinh, "da_dat": dat is not None, "loi": loi.get((cap, k.id), "")})
        bang.append((k, o))
    return render(request, "quytrinh/han_nop.html", {
        "nam": nam, "cac_cap": cac_cap, "bang": bang,
        "cac_nam": sorted(set(KyBaoCao.objects.values_list("nam", flat=True)), reverse=True),
    }, status=400 if loi else 200)


# -- notifications -------------------------------------------------------------------

SO_THONG_BAO_MOI_TRANG = 50


@truy_cap(DANG_NHAP)
def thong_bao(request: HttpRequest) -> HttpResponse:
    """The user's messages, newest first, unread marked."""
    cac = list(selectors.thong_bao_cua(request.user)[:SO_THONG_BAO_MOI_TRANG])
    return render(request, "quytrinh/thong_bao.html", {"cac_thong_bao": cac})


@truy_cap(DANG_NHAP)
def mo_thong_bao(request: HttpRequest, so_thong_bao: int) -> HttpResponse:
    """Marks one of the user's messages read and goes where it points."""
    tb = get_object_or_404(ThongBao, id=so_thong_bao, nguoi_nhan=request.user)
    services.doc_thong_bao(thong_bao=tb, nguoi=request.user)
    return redirect(tb.duong_dan or "quytrinh-thong-bao")


@truy_cap(DANG_NHAP, chi_post=True)
def doc_het(request: HttpRequest) -> HttpResponse:
    so = services.doc_het(nguoi=request.user)
    messages.success(request, f"Đã đánh dấu {so} thông báo là đã đọc.")
    return redirect("quytrinh-thong-bao")


@truy_cap(DANG_NHAP)
def cai_dat_thong_bao(request: HttpRequest) -> HttpResponse:
    """Which kinds of message the user also wants by email."""
    if request.method == "POST":
        gui = set(request.POST.getlist("gui_email"))
        try:
            services.dat_email_tat(nguoi=request.user, cac_loai_tat=set(ThongBao.Loai.values) - gui)
        except services.LoiDuLieu as e:
            messages.error(request, _loi(e))
        else:
            messages.success(request, "Đã lưu cài đặt nhận email.")
        return redirect("quytrinh-cai-dat-thong-bao")
    tat = set(request.user.tat_email.values_list("loai", flat=True))
    return render(request, "quytrinh/cai_dat_thong_bao.html", {
        "cac_loai": [(ma, ten, ma not in tat) for ma, ten in ThongBao.Loai.choices],
    })


# -- giải trình ----------------------------------------------------------------------


@truy_cap(XEM)
def danh_sach_giai_trinh(request: HttpRequest) -> HttpResponse:
    """The threads of the units the user may see (open ones, or all with `?tat_ca=1`)."""
    tat_ca = request.GET.get("tat_ca") == "1"
    return render(request, "quytrinh/danh_sach_giai_trinh.html", {
        "cac_giai_trinh": list(selectors.giai_trinh_xem_duoc(request.user, chi_mo=not tat_ca)[:200]),
        "tat_ca": tat_ca,
    })


def _giai_trinh(request: HttpRequest, ma_don_vi: str, ky: str, ma_chi_tieu: str):
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bc = cs.lay_ky(ky)
    chi_tieu = cs.lay_chi_tieu(ma_chi_tieu)
    gt = GiaiTrinh.objects.filter(don_vi=don_vi, ky=ky_bc, chi_tieu=chi_tieu).select_related("nguoi_hoi").first()
    if gt is not None:
        gt.don_vi, gt.ky, gt.chi_tieu = don_vi, ky_bc, chi_tieu
    return don_vi, ky_bc, chi_tieu, gt


@truy_cap(XEM)
def giai_trinh(request: HttpRequest, ma_don_vi: str, ky: str, ma_chi_tieu: str) -> HttpResponse:
    """The thread of one indicator of one unit and period. POST adds a message: a
    question (or follow-up) from the asking side, an answer from the unit's staff."""
    don_vi, ky_bc, chi_tieu, gt = _giai_trinh(request, ma_don_vi, ky, ma_chi_tieu)
    if request.method == "POST":
        noi_dung = request.POST.get("noi_dung", "")
        if services.la_ben_don_vi(request.user, don_vi):
            if gt is None:
                messages.error(request, "Chưa có yêu cầu giải trình nào cho chỉ tiêu này.")
            else:
                _lam(request, lambda: services.tra_loi_giai_trinh(giai_trinh=gt, nguoi=request.user,
                                                                  noi_dung=noi_dung),
                     "Đã gửi trả lời; người yêu cầu đã được thông báo.")
        else:
            _lam(request, lambda: services.hoi_giai_trinh(don_vi=don_vi, ky=ky_bc, chi_tieu=chi_tieu,
                                                          nguoi=request.user, noi_dung=noi_dung),
                 "Đã gửi yêu cầu giải trình; cán bộ nhập liệu của đơn vị đã được thông báo.")
        return redirect("quytrinh-giai-trinh", ma_don_vi=don_vi.ma, ky=ky_bc.slug, ma_chi_tieu=chi_tieu.ma)
    dong = cs.bang_don_vi(don_vi, ky_bc)
    return render(request, "quytrinh/giai_trinh.html", {
        "don_vi": don_vi, "ky": ky_bc, "ct": chi_tieu, "gt": gt,
        "dong": next((d for d in dong.dong if d.chi_tieu.id == chi_tieu.id), None),
        "y_kien": selectors.y_kien(gt) if gt else [],
        "lich_su": list(gt.history.select_related("history_user").order_by("history_date")) if gt else [],
        "ben_hoi": services.la_ben_hoi(request.user, don_vi),
        "ben_don_vi": services.la_ben_don_vi(request.user, don_vi),
        "dong_duoc": gt is not None and gt.dang_mo and (gt.nguoi_hoi_id == request.user.id
                                                         or quyen.co_the_duyet(request.user)),
        "sua_bao_cao": quyen.co_quyen_nhap(request.user, don_vi),
    })


@truy_cap(HOI, chi_post=True)
def dong_giai_trinh(request: HttpRequest, ma_don_vi: str, ky: str, ma_chi_tieu: str) -> HttpResponse:
    don_vi, ky_bc, chi_tieu, gt = _giai_trinh(request, ma_don_vi, ky, ma_chi_tieu)
    if gt is None:
        messages.error(request, "Chưa có yêu cầu giải trình nào cho chỉ tiêu này.")
    else:
        _lam(request, lambda: services.dong_giai_trinh(giai_trinh=gt, nguoi=request.user), "Đã đóng giải trình.")
    return redirect("quytrinh-giai-trinh", ma_don_vi=don_vi.ma, ky=ky_bc.slug, ma_chi_tieu=chi_tieu.ma)


@truy_cap(NHAP, chi_post=True)
def giai_trinh_bao_cao(request: HttpRequest, ma_don_vi: str, ky: str, ma_chi_tieu: str) -> HttpResponse:
    """Whether the unit's report prints this thread's answers."""
    don_vi, ky_bc, chi_tieu, gt = _giai_trinh(request, ma_don_vi, ky, ma_chi_tieu)
    quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    co = request.POST.get("dua_vao_bao_cao") == "1"
    if gt is None:
        messages.error(request, "Chưa có yêu cầu giải trình nào cho chỉ tiêu này.")
    else:
        _lam(request, lambda: services.dat_dua_vao_bao_cao(giai_trinh=gt, nguoi=request.user, co=co),
             "Báo cáo của đơn vị sẽ có phần giải trình này." if co
             else "Báo cáo của đơn vị sẽ không in giải trình này.")
    return redirect("quytrinh-giai-trinh", ma_don_vi=don_vi.ma, ky=ky_bc.slug, ma_chi_tieu=chi_tieu.ma)

