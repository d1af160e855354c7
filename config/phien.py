"""Database sessions that know when they end, so a page where people type can warn
them a few minutes before (SESSION_COOKIE_AGE after the session was last saved).

Django's database backend reads the session row, expiry included, and keeps only its
data; this backend keeps the expiry too. No extra query."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as SessionStoreCsdl
from django.utils import timezone


class SessionStore(SessionStoreCsdl):
    het_han_luc: datetime | None = None  # when the stored session ends

    def _get_session_from_db(self):
        phien = super()._get_session_from_db()
        self.het_han_luc = phien.expire_date if phien else None
        return phien

    def save(self, must_create=False):
        super().save(must_create)
        self.het_han_luc = self.get_expiry_date()


def thoi_han_phien(request) -> dict:
    """Seconds left in the request's session and the local time it ends, for the page
    to warn before it does (the browser counts down from its own clock, so a wrong
    clock on the computer does not matter)."""
    het_han = getattr(request.session, "het_han_luc", None)
    if het_han is None:
        het_han = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    con_lai = max(int((het_han - timezone.now()).total_seconds()), 0)
    return {"con_lai_giay": con_lai, "het_han_luc": f"{timezone.localtime(het_han):%H:%M}"}
