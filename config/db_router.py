"""The optional read replica (DATABASE_REPLICA_URL).

Only the read-only dashboard pages (URL names `baocao-…`, GET/HEAD) read from the
replica, and even there sessions, users and login records come from the primary, so a
login or a save is never hidden by replication lag. Everything else — entry, approval,
imports — reads and writes the primary, where conflict detection needs fresh rows.
"""

from contextvars import ContextVar

from django.conf import settings

_dung_ban_sao: ContextVar[bool] = ContextVar("dung_ban_sao", default=False)
LUON_DOC_BAN_CHINH = {"sessions", "auth", "axes", "contenttypes", "admin"}


def co_ban_sao() -> bool:
    return "replica" in settings.DATABASES


class BanSaoChoTrangXem:
    def db_for_read(self, model, **hints):
        if _dung_ban_sao.get() and model._meta.app_label not in LUON_DOC_BAN_CHINH:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ChonBanSaoMiddleware:
    """Marks a request as replica-readable: a safe method on a dashboard page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            dau = getattr(request, "_ban_sao", None)
            if dau is not None:  # the next request on this thread starts on the primary
                _dung_ban_sao.reset(dau)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if co_ban_sao() and request.method in ("GET", "HEAD"):
            if (request.resolver_match.url_name or "").startswith("baocao-"):
                request._ban_sao = _dung_ban_sao.set(True)
