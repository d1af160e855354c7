"""Data entry and approval. Each view: the rule (`truy_cap`), the unit the user may
touch (`quyen.lay_don_vi`), then form → service → redirect, or selector → render."""

from dataclasses import replace
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from config.phien import thoi_han_phien

from . import dinh_dang, du_bao, ke_thua, loc_don_vi, quyen, selectors, services
from .forms import DieuChinhKeHoachForm, LuoiKeHoach, LuoiThucHien, LyDoForm, TienDoForm
from .models import DonVi, KeThua, KyBaoCao, NguonKeHoach, ThucHien
from .quyen import MO_KHOA, NHAP, truy_cap

LY_DO_FORM = "Nhập trên form"


@truy_cap(NHAP)
def chon_nhap_lieu(request: HttpRequest) -> HttpResponse:
    """Where to enter: the units this user writes, with the status of each period of a
    year (`?nam=`, by default the year of the latest figures; one column per period, up to
    twelve since communes report monthly) — one tree and one page at a time when they are
    many (`loc_don_vi`)."""
    ky = selectors.ky_moi_nhat_co_so_lieu() or KyBaoCao.objects.order_by("-nam", "-so_thang").first()
    tat_ca_ky = list(KyBaoCao.objects.order_by("-nam", "so_thang"))
    cac_nam = list(dict.fromkeys(k.nam for k in tat_ca_ky))
    nam = ky.nam if ky else None
    if "nam" in request.GET:
        chon = request.GET["nam"]
        if not (chon.isascii() and chon.isdigit() and int(chon) in cac_nam):
            raise Http404("Không có kỳ báo cáo nào của năm này.")
        nam = int(chon)
    cac_ky = [k for k in tat_ca_ky if k.nam == nam]
    tat_ca = loc_don_vi.CacDonVi().dong  # rows, no model instance per unit
    ids = quyen.id_don_vi_nhap_duoc(request.user)
    ds = loc_don_vi.loc(tat_ca if ids is None else [dv for dv in tat_ca if dv.id in ids], tat_ca, request.GET)
    theo_id = DonVi.objects.in_bulk([dv.id for dv in ds.trang])
    trang = [theo_id[dv.id] for dv in ds.trang]
    trang_thai = selectors.trang_thai_nop_nhieu_ky(cac_ky, trang)
    return render(request, "chitieu/chon_nhap_lieu.html", {
        "nam": nam,
        "cac_nam": cac_nam,
        "cac_ky": cac_ky,
        "ds": ds,
        # A unit ended before a period's last day does not report it (its successors do), and
        # one that did not exist in the year has no plans of it.
        "dong": [(dv, [(k, trang_thai[(dv.id, k.id)], dv.ngung_truoc_cuoi_ky(k)) for k in cac_ky],
                  nam is None or dv.hoat_dong_trong_nam(nam)) for dv in trang],
        "co_the_duyet": quyen.co_the_duyet(request.user),
        "ky_moi_nhat": ky,
    })


def _trang_nhap_lieu(request, don_vi, ky, luoi, trang_thai, status=200, chua_gui=False) -> HttpResponse:
    ky_du_bao = _goi_y_ca_nam(don_vi, ky, luoi) if not trang_thai.da_khoa else None
    return render(request, "chitieu/nhap_lieu.html", {
        "chua_gui": chua_gui,
        "truoc_thanh_lap": services.truoc_thanh_lap(don_vi, ky),
        "phien": thoi_han_phien(request),
        "ky_du_bao": ky_du_bao,
        "don_vi": don_vi,
        "ky": ky,
        "luoi": luoi,
        "cac_nguon": luoi.bang.cac_nguon,
        "so_cot": 8 + 2 * len(luoi.bang.cac_nguon),
        "trang_thai": trang_thai,
        "sua_duoc": not trang_thai.da_khoa,
        "co_the_duyet": quyen.co_the_duyet(request.user),
        "co_the_mo_khoa": quyen.co_the_mo_khoa(request.user),
        "cac_ky": KyBaoCao.objects.filter(nam__gte=ky.nam - 1, nam__lte=ky.nam + 1).order_by("-nam", "-so_thang"),
        "form_ly_do": LyDoForm(),
    }, status=status)


def _goi_y_ca_nam(don_vi: DonVi, ky: KyBaoCao, luoi: LuoiThucHien) -> KyBaoCao | None:
    """On the full-year grid, the forecast of each row from the latest earlier period of
    the year with figures, offered as "ước cả năm" (filled only at the user's request,
    saved only by Lưu); that period, or None. Three queries."""
    if ky.so_thang != 12:
        return None
    ky_truoc = du_bao.ky_du_bao_ca_nam(don_vi, ky)
    if ky_truoc is not None:
        luoi.gan_goi_y(du_bao.du_bao_tu_ky(don_vi, ky_truoc, luoi.bang.dong))
    return ky_truoc


def _luoi(don_vi: DonVi, ky: KyBaoCao) -> LuoiThucHien:
    bang = selectors.bang_don_vi(don_vi, ky)
    return LuoiThucHien(bang, selectors.canh_bao(bang), selectors.phien_ban_thuc_hien(don_vi, ky))


def _bi_khoa(request, don_vi: DonVi, ky: KyBaoCao, luoi: LuoiThucHien) -> HttpResponse:
    """The period was sent or approved while the person typed: nothing saved, and what
    they typed shown back so it is not lost."""
    return render(request, "chitieu/bi_khoa.html", {"don_vi": don_vi, "ky": ky, "luoi": luoi,
                                                     "trang_thai": quyen.trang_thai_nop(don_vi, ky)}, status=403)


def _ngoai_nam(request, don_vi: DonVi, nam: int, thong_bao: str) -> HttpResponse:
    """A unit that did not exist in `nam` has no plans of it: where they are set instead
    (its successors, or the unit from its first year). A form sent anyway saves nothing."""
    ngung = don_vi.ngay_ngung_hoat_dong
    da_ngung = ngung is not None and ngung <= date(nam, 1, 1)  # else: founded after the year
    ke_thua_boi = [(kt, ke_thua.viet_ty_le(kt.ty_le)) for kt in KeThua.objects.filter(
        don_vi_cu=don_vi).select_related("don_vi_moi").order_by("don_vi_moi__thu_tu", "don_vi_moi__ten_ngan")
        if kt.don_vi_moi.hoat_dong_trong_nam(nam)] if da_ngung else []
    nam_dung = (ngung - timedelta(days=1)).year if da_ngung else don_vi.ngay_thanh_lap.year
    return render(request, "chitieu/ke_hoach_ngoai_nam.html", {
        "don_vi": don_vi, "nam": nam, "nam_dung": nam_dung, "da_ngung": da_ngung, "ke_thua_boi": ke_thua_boi,
        "da_gui": request.method == "POST",
        "thong_bao": thong_bao if request.method == "POST" else thong_bao.removesuffix(" Không kế hoạch nào được lưu."),
    }, status=409 if request.method == "POST" else 200)


def _da_ngung(request, don_vi: DonVi, ky: KyBaoCao) -> HttpResponse:
    """A unit merged or dissolved before the period's end does not report it: where its
    successors enter it instead, and its last period it does report. A form sent anyway
    (a tab opened before the end date was set) saves nothing and says so."""
    ke_thua_boi = [(kt, ke_thua.viet_ty_le(kt.ty_le)) for kt in KeThua.objects.filter(
        don_vi_cu=don_vi).select_related("don_vi_moi").order_by("don_vi_moi__thu_tu", "don_vi_moi__ten_ngan")]
    ngung = don_vi.ngay_ngung_hoat_dong
    ky_cuoi = max((k for k in KyBaoCao.objects.filter(nam__lte=ngung.year) if k.ngay_cuoi < ngung),
                  key=lambda k: k.ngay_cuoi, default=None)
    return render(request, "chitieu/da_ngung.html", {
        "don_vi": don_vi, "ky": ky, "ke_thua_boi": ke_thua_boi, "ky_cuoi": ky_cuoi,
        "da_gui": request.method == "POST", "thong_bao": services.thong_bao_da_ngung(don_vi, ky),
    }, status=409 if request.method == "POST" else 200)


@truy_cap(NHAP)
def nhap_lieu(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """The actuals grid of a unit for a period. POST saves what changed: cells that
    cannot be read, were changed by someone else meanwhile, or are 100× off the plan and
    last year without a confirmation are left out and shown with their message and the
    text as typed; everything else is saved. "Lưu và gửi" sends only when every cell
    was saved; otherwise the page says CHƯA GỬI first and lists the cells."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    ky_bc = selectors.lay_ky(ky)
    if don_vi.ngung_truoc_cuoi_ky(ky_bc):
        return _da_ngung(request, don_vi, ky_bc)
    if request.method != "POST":
        return _trang_nhap_lieu(request, don_vi, ky_bc, _luoi(don_vi, ky_bc), quyen.trang_thai_nop(don_vi, ky_bc))

    luoi = LuoiThucHien(selectors.bang_don_vi(don_vi, ky_bc)).nhan(request.POST)
    if quyen.trang_thai_nop(don_vi, ky_bc).da_khoa:
        return _bi_khoa(request, don_vi, ky_bc, luoi)
    thay_doi, da_thay = luoi.doc()
    loi, xung_dot, bac_do = {}, [], {}
    ket_qua = None
    while ket_qua is None:
        try:
            ket_qua = services.thuc_hien_luu(don_vi=don_vi, ky=ky_bc, gia_tri=thay_doi, nguoi=request.user,
                                             ly_do=LY_DO_FORM, da_thay=da_thay)
        except services.KhongCoQuyen:
            return _bi_khoa(request, don_vi, ky_bc, luoi)  # sent between the check above and the save
        except services.LoiDuLieu as e:
            loi.update(e.loi)
        except services.XungDot as e:
            xung_dot.extend(e.o)
        except services.CanXacNhan as e:
            bac_do.update(e.o)
        for ct in [*loi, *xung_dot, *bac_do]:
            thay_doi.pop(ct, None)

    gui = request.POST.get("hanh_dong") == "gui"
    chua_luu = {o.ma for o in luoi.dong if o.loi} | {ct.ma for ct in [*loi, *xung_dot, *bac_do]}
    if not chua_luu:
        if gui:
            return _gui(request, don_vi, ky_bc)
        messages.success(request, f"Đã lưu {ket_qua.so_thay_doi} thay đổi." if ket_qua.so_thay_doi
                         else "Không có thay đổi nào cần lưu.")
        return redirect("chitieu-nhap-lieu", ma_don_vi=don_vi.ma, ky=ky_bc.slug)

    # Show the saved state, with the cells that were not saved exactly as typed.
    moi = _luoi(don_vi, ky_bc).nhan(request.POST, chi=chua_luu)
    for o in moi.dong:
        o.loi = next((x.loi for x in luoi.dong if x.ma == o.ma and x.loi), "")
    moi.gan_loi(loi)
    moi.gan_xung_dot(xung_dot, {th.chi_tieu_id: th for th in ThucHien.objects.filter(
        don_vi=don_vi, ky=ky_bc, chi_tieu__in=xung_dot).select_related("nguoi_cap_nhat")},
        selectors.phien_ban_thuc_hien(don_vi, ky_bc))
    moi.gan_bac_do(bac_do)
    da_luu = f"Đã lưu {ket_qua.so_thay_doi} thay đổi khác. " if ket_qua.so_thay_doi else ""
    if gui:
        messages.error(request, f"CHƯA GỬI: {len(chua_luu)} ô chưa lưu được nên số liệu chưa được gửi. {da_luu}"
                                "Sửa các ô được liệt kê, rồi bấm Lưu và gửi lại.")
    else:
        messages.warning(request, f"{len(chua_luu)} ô chưa lưu — xem danh sách và thông báo cạnh từng ô, sửa rồi "
                                  f"bấm Lưu lại. {da_luu}".strip())
    return _trang_nhap_lieu(request, don_vi, ky_bc, moi, quyen.trang_thai_nop(don_vi, ky_bc), chua_gui=gui)


@truy_cap(NHAP, chi_post=True)
def nhap_lieu_xem_truoc(request: HttpRequest, ma_don_vi: str, ky: str) -> JsonResponse:
    """The percentages, status, warnings and errors of the grid as typed, computed by
    the server (`tinh_toan` through the selectors) — nothing is saved."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    ky_bc = selectors.lay_ky(ky)
    luoi = LuoiThucHien(selectors.bang_don_vi(don_vi, ky_bc)).nhan(request.POST)
    bang = selectors.bang_don_vi(don_vi, ky_bc, thay_the=luoi.gia_tri_dang_go())
    return JsonResponse(luoi.xem_truoc(bang, request.POST))


def _gui(request: HttpRequest, don_vi: DonVi, ky: KyBaoCao) -> HttpResponse:
    try:
        services.gui_so_lieu(don_vi=don_vi, ky=ky, nguoi=request.user)
    except services.SaiTrangThai as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Đã lưu và gửi số liệu {ky.ten} của {don_vi.ten}. Số liệu được khóa "
                                  "cho đến khi được duyệt hoặc trả lại.")
    return redirect("chitieu-nhap-lieu", ma_don_vi=don_vi.ma, ky=ky.slug)


def _chuyen_trang_thai(request: HttpRequest, ma_don_vi: str, ky: str, buoc, thanh_cong: str, can_ly_do: bool,
                       de: str = quyen.XEM):
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=de)
    ky_bc = selectors.lay_ky(ky)
    ly_do = {}
    if can_ly_do:
        ly_do = {"ly_do": request.POST.get("ly_do", "")}
    try:
        buoc(don_vi=don_vi, ky=ky_bc, nguoi=request.user, **ly_do)
    except (services.SaiTrangThai, services.LoiDuLieu) as e:
        messages.error(request, "; ".join(e.loi.values()) if isinstance(e, services.LoiDuLieu) else str(e))
    else:
        messages.success(request, thanh_cong.format(don_vi=don_vi.ten, ky=ky_bc.ten))
    return redirect("chitieu-nhap-lieu", ma_don_vi=don_vi.ma, ky=ky_bc.slug)


@truy_cap(NHAP, chi_post=True)
def gui(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """Send the saved figures of a period to the province office."""
    return _chuyen_trang_thai(request, ma_don_vi, ky, services.gui_so_lieu,
                              "Đã gửi số liệu {ky} của {don_vi}.", can_ly_do=False, de=NHAP)


@truy_cap(MO_KHOA, chi_post=True)
def mo_khoa(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    return _chuyen_trang_thai(request, ma_don_vi, ky, services.mo_khoa_so_lieu,
                              "Đã mở khóa số liệu {ky} của {don_vi}.", can_ly_do=True)


def _nam(nam: int) -> int:
    if not KyBaoCao.objects.filter(nam=nam).exists():
        raise Http404("Năm này chưa có kỳ báo cáo.")
    return nam


def _luoi_ke_hoach(don_vi: DonVi, nam: int, bo, ngay_khoa, hien_phien_ban: bool = True) -> LuoiKeHoach:
    """The plans grid as stored; `hien_phien_ban`: with each cell's version, for a page
    that shows it (a POST is read back with the versions it carries)."""
    return LuoiKeHoach(selectors.chi_tieu_cua_bo(bo), [ng for ng, _ in selectors.nguon_cua_bo(bo)], nam,
                       selectors.ke_hoach_cua(don_vi, nam), ngay_khoa,
                       selectors.phien_ban_ke_hoach(don_vi, nam) if hien_phien_ban else None)


@truy_cap(NHAP)
def ke_hoach(request: HttpRequest, ma_don_vi: str, nam: int) -> HttpResponse:
    """The unit's plans of a year: one column per plan source of its indicator set
    ("KH tỉnh giao", "NQ HĐND xã giao" …), a value or a bound ("≥ 10,27", "8,8–9,4")
    and its basis: one per source, typed at the top of its column, or a cell's own. A
    cell edits the plan's latest version; revisions and phases are on the plan's own
    page. A version a sent or approved period is compared with is locked."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    nam = _nam(nam)
    if thong_bao := services.thong_bao_ngoai_nam(don_vi, nam):
        return _ngoai_nam(request, don_vi, nam, thong_bao)
    bo = selectors.bo_chi_tieu_cua(don_vi, nam)
    ngay_khoa = services.ngay_khoa_ke_hoach(don_vi, nam)

    def bi_khoa_khi_luu(luoi: LuoiKeHoach) -> HttpResponse:
        """The plans typed are locked (a period compared with them was sent or approved,
        perhaps while the person typed): nothing saved, what was typed shown back."""
        return render(request, "chitieu/ke_hoach_bi_khoa.html", {"don_vi": don_vi, "nam": nam, "luoi": luoi},
                      status=403)

    if request.method == "POST":
        luoi = _luoi_ke_hoach(don_vi, nam, bo, ngay_khoa, hien_phien_ban=False).nhan(request.POST)
        if luoi.dong and all(o.bi_khoa for dong in luoi.dong for o in dong.o):
            return bi_khoa_khi_luu(luoi)
        thay_doi, da_thay = luoi.doc()
        loi, xung_dot, ket_qua = {}, [], None
        while ket_qua is None:
            try:
                ket_qua = services.ke_hoach_luu(don_vi=don_vi, nam=nam, gia_tri=thay_doi, nguoi=request.user,
                                                ly_do=LY_DO_FORM, da_thay=da_thay)
            except services.KhongCoQuyen:
                return bi_khoa_khi_luu(luoi)  # sent between the check above and the save
            except services.LoiDuLieu as e:
                loi.update(e.loi)
            except services.XungDot as e:
                xung_dot.extend(e.o)
            for khoa in [*loi, *xung_dot]:
                thay_doi.pop(khoa, None)
        chua_luu = {(ct.ma, o.nguon.ma) for dong in luoi.dong for o in dong.o if o.loi for ct in [dong.chi_tieu]} | {
            (khoa[0].ma, khoa[1].ma) for khoa in [*loi, *xung_dot]}
        if not chua_luu and not luoi.loi_chung:
            messages.success(request, f"Đã lưu {ket_qua.so_thay_doi} thay đổi kế hoạch." if ket_qua.so_thay_doi
                             else "Không có thay đổi nào cần lưu.")
            return redirect("chitieu-ke-hoach", ma_don_vi=don_vi.ma, nam=nam)
        moi = _luoi_ke_hoach(don_vi, nam, bo, ngay_khoa).nhan(request.POST, chi=chua_luu)
        for dong_moi, dong_cu in zip(moi.dong, luoi.dong):
            for o_moi, o_cu in zip(dong_moi.o, dong_cu.o):
                o_moi.loi = o_cu.loi
        moi.gan_loi(loi)
        moi.loi_chung = luoi.loi_chung
        moi.gan_xung_dot(xung_dot, selectors.ke_hoach_cua(don_vi, nam), selectors.phien_ban_ke_hoach(don_vi, nam))
        messages.warning(request, (f"Đã lưu {ket_qua.so_thay_doi} thay đổi. " if ket_qua.so_thay_doi else "")
                         + (f"{len(chua_luu)} ô chưa lưu — xem thông báo cạnh từng ô." if chua_luu else
                            "Căn cứ chung chưa lưu — xem thông báo ở đầu cột."))
        luoi = moi
    else:
        luoi = _luoi_ke_hoach(don_vi, nam, bo, ngay_khoa)
    return render(request, "chitieu/ke_hoach.html", {
        "don_vi": don_vi,
        "nam": nam,
        "bo": bo,
        "luoi": luoi,
        "bi_khoa": bool(ngay_khoa),
        "sua_duoc": any(not o.bi_khoa for dong in luoi.dong for o in dong.o),
        "phien": thoi_han_phien(request),
        "cac_nam": sorted(set(KyBaoCao.objects.values_list("nam", flat=True)), reverse=True),
    })


@truy_cap(NHAP)
def ke_hoach_mot(request: HttpRequest, ma_don_vi: str, nam: int, ma_chi_tieu: str, ma_nguon: str) -> HttpResponse:
    """One plan of a unit's year from one source: every version (the first, in force
    from 1 January, and each revision with its date and basis), a form to add a
    revision, and the phases of the current version."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    nam = _nam(nam)
    if thong_bao := services.thong_bao_ngoai_nam(don_vi, nam):
        return _ngoai_nam(request, don_vi, nam, thong_bao)
    chi_tieu = selectors.lay_chi_tieu(ma_chi_tieu)
    nguon = get_object_or_404(NguonKeHoach, ma=ma_nguon)

    def doc_phien_ban(tien_do: str | None = None) -> tuple[list, object, TienDoForm]:
        """The versions, the current one, and the phases form showing it (its phases, or
        `tien_do` as typed) with its version."""
        phien_ban = selectors.ke_hoach_cua(don_vi, nam).get((chi_tieu.id, nguon.id), [])
        hien_tai = phien_ban[-1] if phien_ban else None
        if tien_do is None:
            tien_do = dinh_dang.viet_tien_do(selectors.doc_tien_do(hien_tai.tien_do)) if hien_tai else ""
        return phien_ban, hien_tai, TienDoForm(initial={
            "tien_do": tien_do, "cu_hieu_luc_tu": hien_tai.hieu_luc_tu if hien_tai else None,
            "cu_phien_ban": selectors.phien_ban_ke_hoach(don_vi, nam).get(
                (chi_tieu.id, nguon.id, hien_tai.hieu_luc_tu), 0) if hien_tai else None})

    phien_ban, hien_tai, form_tien_do = doc_phien_ban()
    ngay_khoa = services.ngay_khoa_ke_hoach(don_vi, nam)
    form_dieu_chinh = DieuChinhKeHoachForm()
    if request.method == "POST":
        try:
            if request.POST.get("hanh_dong") == "tien_do":
                form_tien_do = TienDoForm(request.POST)
                if hien_tai is None:
                    raise PermissionDenied("Chưa có kế hoạch để đặt tiến độ.")
                if form_tien_do.is_valid():
                    du_lieu = form_tien_do.cleaned_data
                    ngay = du_lieu["cu_hieu_luc_tu"] or hien_tai.hieu_luc_tu  # the version the page showed
                    khoa = (chi_tieu, nguon, ngay)
                    kh = next((k for k in phien_ban if k.hieu_luc_tu == ngay), None)
                    if kh is None:  # removed since the page was opened
                        raise services.XungDot([khoa])
                    cu = services.OKeHoach.cua(kh)
                    services.ke_hoach_luu(
                        don_vi=don_vi, nam=nam, nguoi=request.user, ly_do="Đặt tiến độ theo kỳ",
                        gia_tri={khoa: replace(cu, tien_do=du_lieu["tien_do"])},
                        da_thay={khoa: replace(cu, phien_ban=du_lieu["cu_phien_ban"])})
                    messages.success(request, "Đã lưu tiến độ theo kỳ.")
                    return redirect(request.path)
            else:
                form_dieu_chinh = DieuChinhKeHoachForm(request.POST)
                if form_dieu_chinh.is_valid():
                    du_lieu = form_dieu_chinh.cleaned_data
                    kieu, a, b = du_lieu["gia_tri"]
                    services.ke_hoach_dieu_chinh(
                        don_vi=don_vi, nam=nam, chi_tieu=chi_tieu, nguon=nguon, hieu_luc_tu=du_lieu["hieu_luc_tu"],
                        o=services.OKeHoach(a, du_lieu["can_cu"], kieu, b, du_lieu["tien_do"]), nguoi=request.user)
                    messages.success(request, f"Đã thêm kế hoạch điều chỉnh hiệu lực từ "
                                              f"{du_lieu['hieu_luc_tu']:%d/%m/%Y}.")
                    return redirect(request.path)
        except services.LoiDuLieu as e:
            form = form_tien_do if request.POST.get("hanh_dong") == "tien_do" else form_dieu_chinh
            for truong, thong_bao in e.loi.items():
                form.add_error(truong if truong in form.fields else None, thong_bao)
        except services.XungDot:
            messages.error(request, "Người khác vừa sửa kế hoạch này; xem lại rồi lưu lần nữa.")
            if request.POST.get("hanh_dong") == "tien_do":  # what was typed stays, against the version now stored
                phien_ban, hien_tai, form_tien_do = doc_phien_ban(request.POST.get("tien_do", ""))
        except services.KhongCoQuyen as e:
            messages.error(request, str(e))
    dong_phien_ban = []
    for i, kh in enumerate(phien_ban):
        sau = phien_ban[i + 1].hieu_luc_tu if i + 1 < len(phien_ban) else None
        dong_phien_ban.append((kh, services.phien_ban_bi_khoa(kh.hieu_luc_tu, sau, ngay_khoa)))
    return render(request, "chitieu/ke_hoach_mot.html", {
        "don_vi": don_vi, "nam": nam, "ct": chi_tieu, "nguon": nguon, "phien_ban": dong_phien_ban,
        "hien_tai": hien_tai, "form_dieu_chinh": form_dieu_chinh, "form_tien_do": form_tien_do,
        "tien_do_khoa": hien_tai is not None and dong_phien_ban[-1][1],
    })


@truy_cap(quyen.XEM)
def lich_su(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """Every change to a unit's figures of a period: who, when, old → new, why."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bc = selectors.lay_ky(ky)
    return render(request, "chitieu/lich_su.html", {
        "don_vi": don_vi, "ky": ky_bc, "su_kien": selectors.lich_su(don_vi, ky_bc), "chi_tieu": None,
        "quay_lai": reverse("chitieu-nhap-lieu", args=[don_vi.ma, ky_bc.slug])
        if quyen.co_quyen_nhap(request.user, don_vi) else reverse("baocao-don-vi", args=[don_vi.ma, ky_bc.slug]),
    })


@truy_cap(quyen.XEM)
def lich_su_o(request: HttpRequest, ma_don_vi: str, ky: str, ma_chi_tieu: str) -> HttpResponse:
    """The history of one value (and of its plans for the year)."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bc = selectors.lay_ky(ky)
    chi_tieu = selectors.lay_chi_tieu(ma_chi_tieu)
    return render(request, "chitieu/lich_su.html", {
        "don_vi": don_vi, "ky": ky_bc, "chi_tieu": chi_tieu,
        "su_kien": selectors.lich_su(don_vi, ky_bc, chi_tieu),
        "quay_lai": reverse("chitieu-lich-su", args=[don_vi.ma, ky_bc.slug]),
    })
