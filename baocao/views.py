"""Pages that show the data. Views stay thin: access through `chitieu.quyen`, figures
from `chitieu.selectors` (which call `tinh_toan`), then render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from chitieu import quyen, selectors
from chitieu.models import DonVi, KyBaoCao


def _don_vi_xem_duoc(request: HttpRequest, ma_don_vi: str) -> DonVi:
    """The unit of the URL if this user may read it: 404 if unknown, 403 if not theirs."""
    don_vi = get_object_or_404(DonVi.objects.select_related("cha"), ma=ma_don_vi)
    if not quyen.co_the_xem(request.user, don_vi):
        raise PermissionDenied("Bạn không có quyền xem số liệu của đơn vị này.")
    return don_vi


@login_required
def tong_quan(request: HttpRequest) -> HttpResponse:
    """The province overview for the latest period with data."""
    ky = selectors.ky_moi_nhat_co_so_lieu()
    cac_don_vi = list(quyen.don_vi_xem_duoc(request.user).order_by("thu_tu", "ten_ngan"))
    return render(request, "baocao/tong_quan.html", {"ky": ky, "cac_don_vi": cac_don_vi})


@login_required
def don_vi_moi_nhat(request: HttpRequest, ma_don_vi: str) -> HttpResponse:
    """A unit's page for its latest period with data (or the latest period at all)."""
    don_vi = _don_vi_xem_duoc(request, ma_don_vi)
    ky = selectors.ky_moi_nhat_co_so_lieu(don_vi) or KyBaoCao.objects.order_by("-nam", "-so_thang").first()
    if ky is None:
        raise PermissionDenied("Chưa có kỳ báo cáo nào.")
    return redirect("baocao-don-vi", ma_don_vi=don_vi.ma, ky=ky.slug)


@login_required
def don_vi(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """One unit, all indicators, for one period."""
    don_vi = _don_vi_xem_duoc(request, ma_don_vi)
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
        },
    )
