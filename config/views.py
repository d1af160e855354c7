from django.db import connection
from django.http import HttpRequest, HttpResponse

from chitieu.quyen import CONG_KHAI, truy_cap


@truy_cap(CONG_KHAI)
def suc_khoe(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when this app server can reach its database."""
    with connection.cursor() as con_tro:
        con_tro.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
