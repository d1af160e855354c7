"""Dashboard pages kept between requests, under the version of the data.

A province's overview, report or ranking at commune scale computes thousands of rows;
leaders open the same pages many times between two saves. `giu_trang` keeps a page's
response in this process's memory under a key made of everything the page depends on:
- the version of the data (`chitieu.phien_ban`), read at the start of the request, so a
  page is never shown once any table of the application changed — a save, an import,
  an approval, a change of permissions, a new notification;
- the user (what they may see, their roles, their name in the menu);
- the address with its query string, and the session's "chỉ số liệu đã duyệt" choice;
- today's date (deadlines and "đang chậm" are counted from it).

A page is never taken from memory or put there:
- outside PostgreSQL (there is no version), or when BO_DEM_TRANG_MB is 0;
- inside a transaction (`phien_ban.trong_giao_dich`);
- while messages wait to be shown to the user;
- unless it answered 200 with a body and set no cookie.

The form tokens (CSRF) of a page are not kept: each request served from memory carries
its own, as a rendered one would.

Pages are kept compressed, in bounded memory (BO_DEM_TRANG_MB per process, least recently
used first out); a page larger than an eighth of it is not kept.
"""

import re
import threading
import zlib
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import router
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from chitieu import phien_ban
from chitieu.models import ThucHien

_MA_CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CHO_CSRF = b"\x00csrf\x00"


class BoNho:
    """Least-recently-used memory of bounded total size (bytes of the bodies), safe to
    share between the threads of a process."""

    def __init__(self, toi_da_byte: int):
        self.toi_da_byte = toi_da_byte
        self._muc: OrderedDict = OrderedDict()
        self._dung = 0
        self._khoa = threading.Lock()

    def lay(self, khoa):
        with self._khoa:
            muc = self._muc.get(khoa)
            if muc is not None:
                self._muc.move_to_end(khoa)
            return muc

    def dat(self, khoa, muc, co: int) -> None:
        if co > self.toi_da_byte // 8:
            return
        with self._khoa:
            cu = self._muc.pop(khoa, None)
            if cu is not None:
                self._dung -= cu[0]
            self._muc[khoa] = (co, muc)
            self._dung += co
            while self._dung > self.toi_da_byte:
                _, (co_cu, _) = self._muc.popitem(last=False)
                self._dung -= co_cu

    def xoa_het(self) -> None:
        with self._khoa:
            self._muc.clear()
            self._dung = 0

    def __len__(self) -> int:
        return len(self._muc)

    @property
    def dung_byte(self) -> int:
        return self._dung


_bo_nho: BoNho | None = None
_khoa_tao = threading.Lock()


def bo_nho() -> BoNho:
    global _bo_nho
    toi_da = settings.BO_DEM_TRANG_MB * 1024 * 1024
    if _bo_nho is None or _bo_nho.toi_da_byte != toi_da:
        with _khoa_tao:
            if _bo_nho is None or _bo_nho.toi_da_byte != toi_da:
                _bo_nho = BoNho(toi_da)
    return _bo_nho


def _dung_duoc(request, csdl: str) -> bool:
    return (settings.BO_DEM_TRANG_MB > 0 and request.method in ("GET", "HEAD")
            and phien_ban.co_phien_ban(csdl) and not phien_ban.trong_giao_dich(csdl)
            and not len(get_messages(request)))


def giu_trang(lua_chon_phien):
    """Keeps the decorated view's responses as described above. `lua_chon_phien(request)`
    applies and returns what the session adds to the address (the "chỉ số liệu đã
    duyệt" choice); it runs on every request, served from memory or not."""

    def boc(view):
        @wraps(view)
        def giu(request, *args, **kwargs):
            lua_chon = lua_chon_phien(request)
            csdl = router.db_for_read(ThucHien)  # the database the figures are read from
            if not _dung_duoc(request, csdl):
                return view(request, *args, **kwargs)
            khoa = (phien_ban.doc(csdl), csdl, request.user.pk, request.get_full_path(), lua_chon,
                    timezone.localdate())
            nho = bo_nho()
            muc = nho.lay(khoa)
            if muc is not None:
                return _tra_lai(request, muc[1])
            tra_loi = view(request, *args, **kwargs)
            if tra_loi.status_code == 200 and not tra_loi.streaming and not tra_loi.cookies:
                noi_dung = tra_loi.content
                la_html = tra_loi.get("Content-Type", "").startswith("text/html")
                if la_html:
                    noi_dung = _MA_CSRF.sub(rb"\1" + _CHO_CSRF + rb"\2", noi_dung)
                tieu_de = list(tra_loi.items())  # the view's own headers; middleware adds the rest
                nen = zlib.compress(noi_dung, 1)  # an overview of 130 communes: 1.2 MB → about 0.1 MB
                nho.dat(khoa, (nen, la_html, tieu_de), len(nen))
            return tra_loi

        return giu

    return boc


def _tra_lai(request, muc) -> HttpResponse:
    nen, la_html, tieu_de = muc
    noi_dung = zlib.decompress(nen)
    if la_html and _CHO_CSRF in noi_dung:
        noi_dung = noi_dung.replace(_CHO_CSRF, get_token(request).encode())
    tra_loi = HttpResponse(noi_dung)
    for ten, gia_tri in tieu_de:
        tra_loi[ten] = gia_tri
    return tra_loi
