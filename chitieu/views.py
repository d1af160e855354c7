"""Data entry and approval. Each view: the rule (`truy_cap`), the unit the user may
touch (`quyen.lay_don_vi`), then form → service → redirect, or selector → render."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import dinh_dang, hien_thi, quyen, selectors, services
from .forms import LuoiKeHoach, LuoiThucHien, LyDoForm
from .models import DonVi, KeHoach, KyBaoCao, ThucHien
from .quyen import DUYET, MO_KHOA, NHAP, truy_cap

LY_DO_FORM = "Nhập trên form"


@truy_cap(NHAP)
def chon_nhap_lieu(request: HttpRequest) -> HttpResponse:
    """Where to enter: the units this user writes, with the status of each period."""
    ky = selectors.ky_moi_nhat_co_so_lieu() or KyBaoCao.objects.order_by("-nam", "-so_thang").first()
    nam = ky.nam if ky else None
    cac_ky = list(KyBaoCao.objects.filter(nam=nam).order_by("so_thang")) if nam else []
    cac_don_vi = list(quyen.don_vi_nhap_duoc(request.user).order_by("thu_tu", "ten_ngan"))
    trang_thai = selectors.trang_thai_nop_nhieu_ky(cac_ky, cac_don_vi)
    return render(request, "chitieu/chon_nhap_lieu.html", {
        "nam": nam,
        "cac_ky": cac_ky,
        "dong": [(dv, [(k, trang_thai[(dv.id, k.id)]) for k in cac_ky]) for dv in cac_don_vi],
        "co_the_duyet": quyen.co_the_duyet(request.user),
        "ky_moi_nhat": ky,
    })


def _trang_nhap_lieu(request, don_vi, ky, luoi, trang_thai, status=200) -> HttpResponse:
    return render(request, "chitieu/nhap_lieu.html", {
        "don_vi": don_vi,
        "ky": ky,
        "luoi": luoi,
        "trang_thai": trang_thai,
        "sua_duoc": not trang_thai.da_khoa,
        "co_the_duyet": quyen.co_the_duyet(request.user),
        "co_the_mo_khoa": quyen.co_the_mo_khoa(request.user),
        "cac_ky": KyBaoCao.objects.filter(nam__gte=ky.nam - 1, nam__lte=ky.nam + 1).order_by("-nam", "-so_thang"),
        "form_ly_do": LyDoForm(),
    }, status=status)


def _luoi(don_vi: DonVi, ky: KyBaoCao) -> LuoiThucHien:
    bang = selectors.bang_don_vi(don_vi, ky)
    return LuoiThucHien(bang, selectors.canh_bao(bang), selectors.phien_ban_thuc_hien(don_vi, ky))


def _bi_khoa(request, don_vi: DonVi, ky: KyBaoCao, luoi: LuoiThucHien) -> HttpResponse:
    """The period was sent or approved while the person typed: nothing saved, and what
    they typed shown back so it is not lost."""
    return render(request, "chitieu/bi_khoa.html", {"don_vi": don_vi, "ky": ky, "luoi": luoi,
                                                     "trang_thai": quyen.trang_thai_nop(don_vi, ky)}, status=403)


@truy_cap(NHAP)
def nhap_lieu(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """The actuals grid of a unit for a period. POST saves what changed: cells that
    cannot be read or were changed by someone else meanwhile are left out and shown
    with their message and the text as typed; everything else is saved."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    ky_bc = selectors.lay_ky(ky)
    if request.method != "POST":
        return _trang_nhap_lieu(request, don_vi, ky_bc, _luoi(don_vi, ky_bc), quyen.trang_thai_nop(don_vi, ky_bc))

    luoi = LuoiThucHien(selectors.bang_don_vi(don_vi, ky_bc)).nhan(request.POST)
    if quyen.trang_thai_nop(don_vi, ky_bc).da_khoa:
        return _bi_khoa(request, don_vi, ky_bc, luoi)
    thay_doi, da_thay = luoi.doc()
    loi, xung_dot = {}, []
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
        for ct in [*loi, *xung_dot]:
            thay_doi.pop(ct, None)

    chua_luu = {o.ma for o in luoi.dong if o.loi} | {ct.ma for ct in [*loi, *xung_dot]}
    if not chua_luu:
        if request.POST.get("hanh_dong") == "gui":
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
    messages.warning(request, (f"Đã lưu {ket_qua.so_thay_doi} thay đổi. " if ket_qua.so_thay_doi else "")
                     + f"{len(chua_luu)} ô chưa lưu — xem thông báo cạnh từng ô, sửa rồi bấm Lưu lại.")
    return _trang_nhap_lieu(request, don_vi, ky_bc, moi, quyen.trang_thai_nop(don_vi, ky_bc))


@truy_cap(NHAP, chi_post=True)
def nhap_lieu_xem_truoc(request: HttpRequest, ma_don_vi: str, ky: str) -> JsonResponse:
    """The percentages, status, warnings and errors of the grid as typed, computed by
    the server (`tinh_toan` through the selectors) — nothing is saved."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    ky_bc = selectors.lay_ky(ky)
    luoi = LuoiThucHien(selectors.bang_don_vi(don_vi, ky_bc)).nhan(request.POST)
    bang = selectors.bang_don_vi(don_vi, ky_bc, thay_the=luoi.gia_tri_dang_go())
    canh_bao = selectors.canh_bao(bang)
    loi = {}
    for o in luoi.dong:
        try:
            gia_tri = dinh_dang.doc_so(o.van_ban)
        except dinh_dang.LoiNhapSo as e:
            loi[o.ma] = str(e)
            continue
        if not o.tu_tinh and (thong_bao := services.kiem_tra_gia_tri(o.dong.chi_tieu, gia_tri)):
            loi[o.ma] = thong_bao
    return JsonResponse({
        dong.chi_tieu.ma: {
            **hien_thi.o_so_sanh(dong),
            "loi": loi.get(dong.chi_tieu.ma, ""),
            "canh_bao": canh_bao.get(dong.chi_tieu.id, []),
        }
        for dong in bang.dong
    })


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
    tiep = request.POST.get("tiep", "")
    if tiep == "tinh-trang":
        return redirect("chitieu-tinh-trang-nop", ky=ky_bc.slug)
    return redirect("chitieu-nhap-lieu", ma_don_vi=don_vi.ma, ky=ky_bc.slug)


@truy_cap(NHAP, chi_post=True)
def gui(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """Send the saved figures of a period to the province office."""
    return _chuyen_trang_thai(request, ma_don_vi, ky, services.gui_so_lieu,
                              "Đã gửi số liệu {ky} của {don_vi}.", can_ly_do=False, de=NHAP)


@truy_cap(DUYET, chi_post=True)
def duyet(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    return _chuyen_trang_thai(request, ma_don_vi, ky, services.duyet_so_lieu,
                              "Đã duyệt số liệu {ky} của {don_vi}.", can_ly_do=False)


@truy_cap(DUYET, chi_post=True)
def tra_lai(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    return _chuyen_trang_thai(request, ma_don_vi, ky, services.tra_lai_so_lieu,
                              "Đã trả lại số liệu {ky} của {don_vi} kèm lý do.", can_ly_do=True)


@truy_cap(MO_KHOA, chi_post=True)
def mo_khoa(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    return _chuyen_trang_thai(request, ma_don_vi, ky, services.mo_khoa_so_lieu,
                              "Đã mở khóa số liệu {ky} của {don_vi}.", can_ly_do=True)


@truy_cap(DUYET)
def tinh_trang_nop(request: HttpRequest, ky: str) -> HttpResponse:
    """Every unit's status for a period: who has not sent yet, who was returned."""
    ky_bc = selectors.lay_ky(ky)
    cac_don_vi = list(quyen.don_vi_xem_duoc(request.user).filter(
        Q(ngay_ngung_hoat_dong__isnull=True) | Q(ngay_ngung_hoat_dong__gt=f"{ky_bc.nam}-01-01")
    ).order_by("thu_tu", "ten_ngan"))
    trang_thai = selectors.trang_thai_nop_cua(ky_bc, cac_don_vi)
    so_lieu = selectors.dem_so_lieu(ky_bc, cac_don_vi)
    dong = [(dv, trang_thai[dv.id], so_lieu.get(dv.id, 0)) for dv in cac_don_vi]
    dem: dict[str, int] = {}
    for _, tt, _ in dong:
        dem[tt.get_trang_thai_display()] = dem.get(tt.get_trang_thai_display(), 0) + 1
    return render(request, "chitieu/tinh_trang_nop.html", {
        "ky": ky_bc,
        "dong": dong,
        "dem": dem,
        "so_chi_tieu": len(selectors.chi_tieu_trong_nam(ky_bc.nam)),
        "cac_ky": KyBaoCao.objects.order_by("-nam", "-so_thang"),
        "co_the_mo_khoa": quyen.co_the_mo_khoa(request.user),
    })


@truy_cap(DUYET)
def tinh_trang_nop_moi_nhat(request: HttpRequest) -> HttpResponse:
    ky = selectors.ky_moi_nhat_co_so_lieu() or KyBaoCao.objects.order_by("-nam", "-so_thang").first()
    if ky is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    return redirect("chitieu-tinh-trang-nop", ky=ky.slug)


def _nam(nam: int) -> int:
    if not KyBaoCao.objects.filter(nam=nam).exists():
        raise Http404("Năm này chưa có kỳ báo cáo.")
    return nam


@truy_cap(NHAP)
def ke_hoach(request: HttpRequest, ma_don_vi: str, nam: int) -> HttpResponse:
    """KH tỉnh giao, KH huyện giao and their căn cứ for each indicator of a year."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi, de=NHAP)
    nam = _nam(nam)
    chi_tieu = selectors.chi_tieu_trong_nam(nam)

    def luoi_moi() -> LuoiKeHoach:
        return LuoiKeHoach(chi_tieu, selectors.ke_hoach_cua(don_vi, nam), selectors.phien_ban_ke_hoach(don_vi, nam))

    def bi_khoa_khi_luu(luoi: LuoiKeHoach) -> HttpResponse:
        """A period of the year was sent: nothing saved, what was typed shown back."""
        return render(request, "chitieu/ke_hoach_bi_khoa.html", {"don_vi": don_vi, "nam": nam, "luoi": luoi},
                      status=403)

    bi_khoa = services.ke_hoach_bi_khoa(don_vi, nam)
    if request.method == "POST":
        luoi = LuoiKeHoach(chi_tieu, selectors.ke_hoach_cua(don_vi, nam)).nhan(request.POST)
        if bi_khoa:
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
        chua_luu = {(o.chi_tieu.ma, cg) for o in luoi.dong for cg in o.loi} | {
            (ct.ma, cg) for ct, cg in [*loi, *xung_dot]}
        if not chua_luu:
            messages.success(request, f"Đã lưu {ket_qua.so_thay_doi} thay đổi kế hoạch." if ket_qua.so_thay_doi
                             else "Không có thay đổi nào cần lưu.")
            return redirect("chitieu-ke-hoach", ma_don_vi=don_vi.ma, nam=nam)
        moi = luoi_moi().nhan(request.POST, chi=chua_luu)
        for o, cu in zip(moi.dong, luoi.dong):
            o.loi = dict(cu.loi)
        moi.gan_loi(loi)
        moi.gan_xung_dot(xung_dot, selectors.ke_hoach_cua(don_vi, nam), selectors.phien_ban_ke_hoach(don_vi, nam))
        messages.warning(request, (f"Đã lưu {ket_qua.so_thay_doi} thay đổi. " if ket_qua.so_thay_doi else "")
                         + f"{len(chua_luu)} ô chưa lưu — xem thông báo cạnh từng ô.")
        luoi = moi
    else:
        luoi = luoi_moi()
    return render(request, "chitieu/ke_hoach.html", {
        "don_vi": don_vi,
        "nam": nam,
        "luoi": luoi,
        "bi_khoa": bi_khoa,
        "cac_nam": sorted(set(KyBaoCao.objects.values_list("nam", flat=True)), reverse=True),
        "cap_giao": KeHoach.CapGiao,
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
