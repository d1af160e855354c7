"""The address of the person at the other end, for the login throttle (django-axes).

Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the address it
received the request from to X-Forwarded-For (nginx: `proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for;`), the client is the entry the outermost proxy wrote: the
TRUSTED_PROXY_COUNT-th from the right. Entries further left were sent by the client
and are never believed. Without proxies (the default) it is REMOTE_ADDR."""

import ipaddress

from django.conf import settings


def dia_chi_khach(request) -> str | None:
    dia_chi = request.META.get("REMOTE_ADDR")
    so_proxy = settings.TRUSTED_PROXY_COUNT
    if so_proxy <= 0:
        return dia_chi
    cac_dia_chi = [x.strip() for x in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if x.strip()]
    if len(cac_dia_chi) < so_proxy:
        return dia_chi  # not through the proxies the deployment declares
    try:
        return str(ipaddress.ip_address(cac_dia_chi[-so_proxy]))
    except ValueError:
        return dia_chi
