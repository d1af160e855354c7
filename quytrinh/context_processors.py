from functools import cache

from . import selectors


def thong_bao(request) -> dict:
    """The unread count of the menu's "Thông báo", read only when a page shows it."""
    nguoi = getattr(request, "user", None)
    if nguoi is None or not nguoi.is_authenticated:
        return {}
    return {"so_thong_bao_chua_doc": cache(lambda: selectors.so_chua_doc(nguoi))}
