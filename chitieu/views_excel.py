"""Excel pages: download the district form of a (unit, period) or of a period for all
units; upload a workbook → preview per cell (old → new, warnings, errors) → confirm,
applied all or nothing (`bieu_mau.ap_dung`, through `chitieu.services`).

The uploaded bytes wait between preview and confirm in the database (`TepTam`), keyed
by a random token and owned by the uploader, so any app server can confirm them."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from . import bieu_mau, quyen, selectors, services, tai_ve
from .models import TepTam
from .quyen import NHAP, XEM, truy_cap

@truy_cap(XEM)
def bieu_mau_don_vi(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """The form of one unit for one period, filled with its stored figures."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bc = selectors.lay_ky(ky)
    return tai_ve.tep(bieu_mau.ghi_bieu_mau(ky_bc, [don_vi]), f"bieu-mau-{don_vi.ma}-{ky_bc.slug}.xlsx")


@truy_cap(XEM)
def bieu_mau_ky(request: HttpRequest, ky: str) -> HttpResponse:
    """The form of a period for every unit the user may see, one sheet per unit."""
    ky_bc = selectors.lay_ky(ky)
    cac_don_vi = list(quyen.don_vi_xem_duoc(request.user).filter(
        Q(ngay_ngung_hoat_dong__isnull=True) | Q(ngay_ngung_hoat_dong__gt=f"{ky_bc.nam}-01-01")
    ).order_by("thu_tu", "ten_ngan"))
    return tai_ve.tep(bieu_mau.ghi_bieu_mau(ky_bc, cac_don_vi), f"bieu-mau-{ky_bc.slug}.xlsx")


def _trang_nhap(request, loi: str = "", status: int = 200) -> HttpResponse:
    return render(request, "chitieu/excel_nhap.html", {
        "loi": loi,
        "gioi_han_mb": settings.EXCEL_MAX_BYTES // (1024 * 1024),
        "tiep": _tiep(request),
    }, status=status)


def _tiep(request) -> str:
    """Where to go back to (an entry page), only a local path."""
    tiep = request.GET.get("tiep") or request.POST.get("tiep") or ""
    return tiep if tiep.startswith("/") and not tiep.startswith("//") else ""


@truy_cap(NHAP)
def nhap(request: HttpRequest) -> HttpResponse:
    """Upload a workbook (the form, one sheet per unit, or the long format)."""
    if request.method != "POST":
        return _trang_nhap(request)
    tep = request.FILES.get("tep")
    if tep is None:
        return _trang_nhap(request, "Chưa chọn tệp .xlsx nào.", status=400)
    if tep.size > settings.EXCEL_MAX_BYTES:
        return _trang_nhap(request, f"{tep.name}: Tệp quá lớn; tối đa {settings.EXCEL_MAX_BYTES // (1024 * 1024)} MB.",
                           status=400)
    noi_dung = tep.read()
    try:
        bieu_mau.kiem_tra_tep(noi_dung)
    except bieu_mau.LoiTep as e:
        return _trang_nhap(request, f"{tep.name}: {e}", status=400)
    TepTam.objects.filter(het_han__lt=timezone.now()).delete()
    tam = TepTam.objects.create(ma=secrets.token_urlsafe(32), nguoi_dung=request.user, ten_tep=tep.name[:255],
                                noi_dung=noi_dung,
                                het_han=timezone.now() + timedelta(hours=settings.EXCEL_UPLOAD_HOURS))
    url = reverse("chitieu-excel-xem-truoc", args=[tam.ma])
    if tiep := _tiep(request):
        url += "?tiep=" + tiep
    return redirect(url)


def _tep_cua(request, ma_tep: str) -> TepTam | None:
    return TepTam.objects.filter(ma=ma_tep, nguoi_dung=request.user, het_han__gt=timezone.now()).first()


def _het_han(request) -> HttpResponse:
    messages.error(request, "Không tìm thấy tệp đã tải lên (đã hết hạn, đã nhập xong, hoặc không phải của bạn). "
                            "Hãy tải tệp lên lại.")
    return redirect("chitieu-excel-nhap")


@truy_cap(NHAP)
def xem_truoc(request: HttpRequest, ma_tep: str) -> HttpResponse:
    """Every cell that would change (old → new), the warnings, and the errors that block."""
    tam = _tep_cua(request, ma_tep)
    if tam is None:
        return _het_han(request)
    try:
        xt = bieu_mau.xem_truoc_tep(bytes(tam.noi_dung), request.user)
    except bieu_mau.LoiTep as e:
        tam.delete()
        return _trang_nhap(request, f"{tam.ten_tep}: {e}", status=400)
    return render(request, "chitieu/excel_xem_truoc.html", {
        "tam": tam, "xt": xt, "tiep": _tiep(request),
    })


@truy_cap(NHAP, chi_post=True)
def xac_nhan(request: HttpRequest, ma_tep: str) -> HttpResponse:
    """Apply exactly what the preview showed, all or nothing."""
    tam = _tep_cua(request, ma_tep)
    if tam is None:
        return _het_han(request)
    url_xem_truoc = reverse("chitieu-excel-xem-truoc", args=[tam.ma])
    try:
        xt = bieu_mau.xem_truoc_tep(bytes(tam.noi_dung), request.user, canh_bao=False)
    except bieu_mau.LoiTep as e:
        tam.delete()
        return _trang_nhap(request, f"{tam.ten_tep}: {e}", status=400)
    if xt.loi:
        messages.error(request, "Tệp còn lỗi nên chưa nhập gì; sửa tệp rồi tải lên lại.")
        return redirect(url_xem_truoc)
    if request.POST.get("dau_van_tay") != xt.dau_van_tay:
        messages.warning(request, "Số liệu đã thay đổi kể từ lúc xem trước; đây là bản xem trước mới, "
                                  "hãy kiểm tra rồi xác nhận lại.")
        return redirect(url_xem_truoc)
    da_xac_nhan = set(request.POST.getlist("xac_nhan_bac_do"))
    if chua := [o.vi_tri for o in xt.can_xac_nhan if o.vi_tri not in da_xac_nhan]:
        messages.error(request, f"Chưa nhập gì: còn {len(chua)} ô có số gấp hoặc chưa bằng 1/100 kế hoạch và cùng kỳ "
                                f"mà chưa được xác nhận ({', '.join(chua[:10])}{'…' if len(chua) > 10 else ''}). "
                                "Đánh dấu từng ô nếu số đúng, hoặc sửa tệp rồi tải lên lại.")
        return redirect(url_xem_truoc)
    try:
        so = bieu_mau.ap_dung(xt, request.user, tam.ten_tep, da_xac_nhan)
    except (services.KhongCoQuyen, services.LoiDuLieu, services.XungDot, services.CanXacNhan) as e:
        if isinstance(e, services.LoiDuLieu):
            thong_bao = "; ".join(map(str, e.loi.values()))
        elif isinstance(e, services.CanXacNhan):
            thong_bao = ("có số gấp hoặc chưa bằng 1/100 kế hoạch và cùng kỳ chưa được xác nhận; "
                         "hãy xem lại bản xem trước.")
        else:
            thong_bao = str(e)
        messages.error(request, f"Chưa nhập gì: {thong_bao}")
        return redirect(url_xem_truoc)
    tam.delete()
    messages.success(request, f"Đã nhập {so} thay đổi từ tệp {tam.ten_tep}." if so
                     else f"Tệp {tam.ten_tep} không có thay đổi nào so với số liệu đang có.")
    nhom = list(xt.th)
    if len(nhom) == 1:
        don_vi, ky = nhom[0]
        return redirect("chitieu-nhap-lieu", ma_don_vi=don_vi.ma, ky=ky.slug)
    return redirect(_tiep(request) or reverse("chitieu-excel-nhap"))
