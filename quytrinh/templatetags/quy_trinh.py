"""The workflow's pieces on pages of other apps (the entry grid of `chitieu`), so that
`chitieu` never imports `quytrinh`: its templates load this library, and the queries
run here, a fixed number per page."""

from django import template
from django.utils import timezone

from chitieu import quyen
from chitieu.models import TrangThaiNop

from .. import selectors, services

register = template.Library()


@register.inclusion_tag("quytrinh/_nhap_lieu.html", takes_context=True)
def quy_trinh_nhap_lieu(context) -> dict:
    """The entry page's workflow panel: state, deadline ("Hạn nộp 20/6 · còn 3 ngày"),
    the reason of a return, the steps this user may take, the unlock request. Needs
    `request`, `don_vi`, `ky`, `trang_thai` in the page's context."""
    nguoi, don_vi, ky, tt = context["request"].user, context["don_vi"], context["ky"], context["trang_thai"]
    ngay = selectors.hom_nay()
    co_the_duyet = quyen.co_the_duyet(nguoi)
    duyet_luc = selectors.thoi_diem_duyet(don_vi, ky) if tt.trang_thai == TrangThaiNop.TrangThai.DA_DUYET else None
    return {
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
        "don_vi": don_vi,
        "ky": ky,
        "tt": tt,
        "han": selectors.han_cua_don_vi(don_vi, ky, tt, ngay),
        "co_the_duyet": co_the_duyet,
        "co_the_mo_khoa": quyen.co_the_mo_khoa(nguoi),
        "thu_hoi_duoc": co_the_duyet and duyet_luc is not None and timezone.localdate(duyet_luc) == ngay,
        "yeu_cau": selectors.yeu_cau_mo_khoa_dang_cho(don_vi, ky) if tt.da_khoa else None,
        "de_nghi_duoc": tt.da_khoa and services.la_ben_don_vi(nguoi, don_vi),
    }


@register.simple_tag
def giai_trinh_mo(don_vi, ky) -> dict:
    """{% giai_trinh_mo don_vi ky as giai_trinh %}: the open threads by indicator id."""
    return selectors.giai_trinh_mo(don_vi, ky)


@register.filter
def cua(theo_id: dict, khoa):
    """{{ giai_trinh|cua:ct.id }}: the thread of this indicator, if any."""
    return theo_id.get(khoa)
