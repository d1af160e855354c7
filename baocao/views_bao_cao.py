"""The narrative report of a unit for a period, and its Word and Excel downloads.
Access through `chitieu.quyen`; the report itself is assembled in `baocao.bao_cao`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chitieu import quyen, selectors, tai_ve
from chitieu.models import KyBaoCao
from chitieu.quyen import XEM, truy_cap

from . import bo_dem
from .bao_cao import BaoCao, lap_bao_cao
from .views import chi_da_duyet
from .xuat_bao_cao_xlsx import xlsx_bao_cao
from .xuat_docx import docx_bao_cao



def _bao_cao(request: HttpRequest, ma_don_vi: str, ky: str) -> BaoCao:
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    return lap_bao_cao(don_vi, selectors.lay_ky(ky), request.user, chi_da_duyet(request))


@truy_cap(XEM)
@bo_dem.giu_trang(chi_da_duyet)
def bao_cao(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """The report page: the narrative, the summary, the indicator table (and, for the
    province, the comparison of its units)."""
    bc = _bao_cao(request, ma_don_vi, ky)
    return render(request, "baocao/bao_cao.html", {
        "bc": bc,
        "don_vi": bc.don_vi,
        "ky": bc.ky,
        "bang": bc.bang,
        "cac_nguon": bc.bang.cac_nguon,
        "so_cot": 6 + 2 * len(bc.bang.cac_nguon),
        "cac_ky": KyBaoCao.objects.order_by("-nam", "-so_thang"),
    })


@truy_cap(XEM)
@bo_dem.giu_trang(chi_da_duyet)
def bao_cao_docx(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    bc = _bao_cao(request, ma_don_vi, ky)
    return tai_ve.tep(docx_bao_cao(bc), f"{bc.ten_tep}.docx", tai_ve.DOCX)


@truy_cap(XEM)
@bo_dem.giu_trang(chi_da_duyet)
def bao_cao_xlsx(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    bc = _bao_cao(request, ma_don_vi, ky)
    return tai_ve.tep(xlsx_bao_cao(bc), f"{bc.ten_tep}.xlsx")
