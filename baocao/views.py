"""Pages that show the data. Views stay thin: access through `chitieu.quyen`, figures
from `chitieu.selectors` (which call `tinh_toan`), then render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chitieu import quyen, selectors
from chitieu.models import KyBaoCao
from chitieu.quyen import DANG_NHAP, XEM, truy_cap


@truy_cap(DANG_NHAP)
def tong_quan(request: HttpRequest) -> HttpResponse:
    """The province overview for the latest period with data."""
    ky = selectors.ky_moi_nhat_co_so_lieu()
    cac_don_vi = list(quyen.don_vi_xem_duoc(request.user).order_by("thu_tu", "ten_ngan"))
    return render(request, "baocao/tong_quan.html", {"ky": ky, "cac_don_vi": cac_don_vi})


@truy_cap(XEM)
def don_vi_moi_nhat(request: HttpRequest, ma_don_vi: str) -> HttpResponse:
    """A unit's page for its latest period with data (or the latest period at all)."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky = selectors.ky_moi_nhat_co_so_lieu(don_vi) or KyBaoCao.objects.order_by("-nam", "-so_thang").first()
    if ky is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    return redirect("baocao-don-vi", ma_don_vi=don_vi.ma, ky=ky.slug)


@truy_cap(XEM)
def don_vi(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """One unit, all indicators, for one period."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bao_cao = selectors.lay_ky(ky)
    bang = selectors.bang_don_vi(don_vi, ky_bao_cao)
    return render(
        request,
        "baocao/don_vi.html",
        {
            "don_vi": don_vi,
            "ky": ky_bao_cao,
            "bang": bang,
            "cac_ky": KyBaoCao.objects.order_by("-nam", "-so_thang"),
            "co_the_nhap": quyen.co_quyen_nhap(request.user, don_vi),
        },
    )
