"""Template helpers of the dashboards."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def thay_tham_so(context, **tham_so) -> str:
    """The current page's query string with some parameters replaced (and never the
    download switch `dang`): {% thay_tham_so duyet=1 %} → "?ky=2023-6t&duyet=1"."""
    cac = context["request"].GET.copy()
    cac.pop("dang", None)
    for ten, gia_tri in tham_so.items():
        cac[ten] = str(gia_tri)
    return "?" + cac.urlencode()
