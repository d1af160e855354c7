from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chitieu.quyen import CONG_KHAI, truy_cap


@truy_cap(CONG_KHAI)
def suc_khoe(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when this app server can reach its database, 503 (take
    this server out of rotation) when it cannot."""
    try:
        with connection.cursor() as con_tro:
            con_tro.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("không kết nối được cơ sở dữ liệu", content_type="text/plain; charset=utf-8", status=503)
    return HttpResponse("ok", content_type="text/plain")


def loi_csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF failure (settings.CSRF_FAILURE_VIEW): the Vietnamese page inside the site's
    layout, rendered with the request so the menu shows; Django's own reason stays in
    the log (django.security.csrf), which is where an administrator looks."""
    return render(request, "403_csrf.html", status=403)
