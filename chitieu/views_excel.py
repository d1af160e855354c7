"""Excel pages: download the district form of a (unit, period) or of a period for all
units; upload a workbook → preview per cell (old → new, warnings, errors) → confirm,
applied all or nothing (`bieu_mau.ap_dung`, through `chitieu.services`).

A file is read once, on upload, within the upload budget (`doc_xlsx`); what it asks
for waits between preview and confirm in the database (`TepTam`, `tep_tam`), keyed by a
random token and owned by the uploader, so any app server can show and confirm it."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import bieu_mau, quyen, selectors, services, tai_ve, tep_tam
from .quyen import NHAP, XEM, truy_cap

THAY_DOI_MOT_TRANG = 200  # changed cells per page of the preview
LOI_HIEN = 100  # errors (and warnings) listed; the rest are counted


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
    # The units of the period's tree: not those ended before it, nor those founded after it.
    cac_don_vi = [dv for dv in quyen.don_vi_xem_duoc(request.user).order_by("thu_tu", "ten_ngan")
                  if dv.co_trong_ky(ky_bc)]
    return tai_ve.tep(bieu_mau.ghi_bieu_mau(ky_bc, cac_don_vi), f"bieu-mau-{ky_bc.slug}.xlsx")


def _trang_nhap(request, loi: str = "", status: int = 200) -> HttpResponse:
    return render(request, "chitieu/excel_nhap.html", {
        "loi": loi,
        "gioi_han_mb": settings.EXCEL_MAX_BYTES // (1024 * 1024),
        "tiep": _tiep(request),
        "dang_cho": tep_tam.dang_cho(request.user),
    }, status=status)


def _tiep(request) -> str:
    """Where to go back to (an entry page): only a path of this site — no other host, no
    scheme, no backslash (browsers read "/\\evil.example" as "//evil.example")."""
    tiep = request.GET.get("tiep") or request.POST.get("tiep") or ""
    if not tiep.startswith("/") or "\\" in tiep or not url_has_allowed_host_and_scheme(
            tiep, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return ""
    return tiep


@truy_cap(NHAP)
def nhap(request: HttpRequest) -> HttpResponse:
    """Upload a workbook (the form, one sheet per unit, or the long format). It is read
    here, once, within the upload budget; what it asks for waits for the confirmation."""
    if request.method != "POST":
        return _trang_nhap(request)
    tep = request.FILES.get("tep")
    if tep is None:
        return _trang_nhap(request, "Chưa chọn tệp .xlsx nào.", status=400)
    if tep.size > settings.EXCEL_MAX_BYTES:
        return _trang_nhap(request, f"{tep.name}: Tệp quá lớn; tối đa {settings.EXCEL_MAX_BYTES // (1024 * 1024)} MB.",
                           status=400)
    tep_tam.don_het_han()
    if thong_bao := tep_tam.loi_han_muc(request.user):
        return _trang_nhap(request, thong_bao, status=400)
    try:
        kq = bieu_mau.doc_tep(tep.read())
    except bieu_mau.LoiTep as e:
        return _trang_nhap(request, f"{tep.name}: {e}", status=400)
    xt = bieu_mau.so_sanh(kq, request.user, canh_bao=False, bac_do=False)
    if xt.loi:  # nothing of it can be imported: shown, not kept (with the cells held back)
        return _trang_xem_truoc(request, xt, tep.name, status=400)
    del xt  # a large file's comparison is not kept in memory while it is packed
    du_lieu = bieu_mau.dong_goi(kq)
    del kq
    if thong_bao := tep_tam.loi_han_muc(request.user, len(du_lieu)):
        return _trang_nhap(request, thong_bao, status=400)
    tam = tep_tam.luu(request.user, tep.name, du_lieu)
    url = reverse("chitieu-excel-xem-truoc", args=[tam.ma])
    if tiep := _tiep(request):
        url += "?" + urlencode({"tiep": tiep})
    return redirect(url)


def _het_han(request) -> HttpResponse:
    messages.error(request, "Không tìm thấy tệp đã tải lên (đã hết hạn, đã nhập xong, đã hủy, hoặc không phải của "
                            "bạn). Hãy tải tệp lên lại.")
    return redirect("chitieu-excel-nhap")


def _so_trang(request, so_muc: int) -> tuple[int, int]:
    """(this page, pages) of the changed cells, from `?trang=` (out of range: the nearest)."""
    so_trang = max(1, -(-so_muc // THAY_DOI_MOT_TRANG))
    chu = request.GET.get("trang", "1")
    trang = int(chu) if chu.isascii() and chu.isdigit() and len(chu) < 7 else 1
    return min(max(trang, 1), so_trang), so_trang


def _trang_xem_truoc(request, xt: bieu_mau.XemTruoc, ten_tep: str, tam=None, status: int = 200) -> HttpResponse:
    """The preview of a pending upload `tam`, or — without `tam` — the errors of a file
    that was refused (nothing kept, nothing to confirm)."""
    trang, so_trang = _so_trang(request, len(xt.thay_doi))
    dau = (trang - 1) * THAY_DOI_MOT_TRANG
    tiep = _tiep(request)
    don_vi, chi_tieu = xt.tom_tat() if so_trang > 1 else ([], [])
    return render(request, "chitieu/excel_xem_truoc.html", {
        "tam": tam, "ten_tep": ten_tep, "xt": xt, "tiep": tiep,
        "thay_doi": xt.thay_doi[dau:dau + THAY_DOI_MOT_TRANG], "tu": dau + 1,
        "den": min(dau + THAY_DOI_MOT_TRANG, len(xt.thay_doi)),
        "trang": trang, "so_trang": so_trang,
        "loi": xt.loi[:LOI_HIEN], "so_loi_khac": xt.so_loi - min(len(xt.loi), LOI_HIEN),
        "canh_bao": xt.canh_bao[:LOI_HIEN], "so_canh_bao_khac": max(0, len(xt.canh_bao) - LOI_HIEN),
        "so_lam_tron_khac": xt.so_lam_tron - len(xt.lam_tron),
        "theo_don_vi": don_vi, "theo_chi_tieu": chi_tieu,
        "tham_so": urlencode({"tiep": tiep}) + "&" if tiep else "",
    }, status=status)


@truy_cap(NHAP)
def xem_truoc(request: HttpRequest, ma_tep: str) -> HttpResponse:
    """What the file would change: counts, changes per unit and indicator, warnings and
    errors (the first ones, with how many more), and the changed cells, a page at a time.
    Compared with the database on every view; the file itself is not read again."""
    tam = tep_tam.cua(request.user, ma_tep)
    if tam is None:
        return _het_han(request)
    xt = bieu_mau.so_sanh(bieu_mau.mo_goi(bytes(tam.du_lieu)), request.user)
    return _trang_xem_truoc(request, xt, tam.ten_tep, tam)


@truy_cap(NHAP, chi_post=True)
def xac_nhan(request: HttpRequest, ma_tep: str) -> HttpResponse:
    """Apply exactly what the preview showed, all or nothing: the file's cells (read at
    upload) are compared with the database again, and only when the result is the one
    previewed — same changes, same database — are they written."""
    tam = tep_tam.cua(request.user, ma_tep)
    if tam is None:
        return _het_han(request)
    url_xem_truoc = reverse("chitieu-excel-xem-truoc", args=[tam.ma])
    if tiep := _tiep(request):
        url_xem_truoc += "?" + urlencode({"tiep": tiep})
    # The magnitude rule is applied once, by the service under its locks (`ap_dung`).
    xt = bieu_mau.so_sanh(bieu_mau.mo_goi(bytes(tam.du_lieu)), request.user, canh_bao=False, bac_do=False)
    if xt.loi:
        messages.error(request, "Tệp còn lỗi nên chưa nhập gì; sửa tệp rồi tải lên lại.")
        return redirect(url_xem_truoc)
    if request.POST.get("dau_van_tay") != xt.dau_van_tay:
        messages.warning(request, "Số liệu đã thay đổi kể từ lúc xem trước; đây là bản xem trước mới, "
                                  "hãy kiểm tra rồi xác nhận lại.")
        return redirect(url_xem_truoc)
    da_xac_nhan = set(request.POST.getlist("xac_nhan_bac_do"))
    try:
        so = bieu_mau.ap_dung(xt, request.user, tam.ten_tep, da_xac_nhan)
    except services.CanXacNhan as e:
        chua = bieu_mau.chua_xac_nhan(xt, e)
        messages.error(request, f"Chưa nhập gì: còn {len(chua)} ô có số gấp hoặc chưa bằng 1/100 kế hoạch và cùng kỳ "
                                f"mà chưa được xác nhận ({', '.join(chua[:10])}{'…' if len(chua) > 10 else ''}). "
                                "Đánh dấu từng ô nếu số đúng, hoặc sửa tệp rồi tải lên lại.")
        return redirect(url_xem_truoc)
    except (services.KhongCoQuyen, services.LoiDuLieu, services.XungDot) as e:
        if isinstance(e, services.LoiDuLieu):
            thong_bao = "; ".join(map(str, e.loi.values()))
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
    return redirect(tiep or reverse("chitieu-excel-nhap"))


@truy_cap(NHAP, chi_post=True)
def huy(request: HttpRequest, ma_tep: str) -> HttpResponse:
    """Drop one's own pending upload without importing anything."""
    tam = tep_tam.cua(request.user, ma_tep)
    if tam is None:
        return _het_han(request)
    tam.delete()
    messages.info(request, f"Đã hủy tệp {tam.ten_tep}; không có gì được nhập.")
    return redirect("chitieu-excel-nhap")
