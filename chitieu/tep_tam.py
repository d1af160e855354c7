"""Uploads waiting for their confirmation (`TepTam`): kept per user within a quota
(EXCEL_UPLOADS_PER_USER files, EXCEL_UPLOAD_BYTES_PER_USER bytes of what was read),
found only by their owner, and removed when confirmed, cancelled or expired — expired
ones by `manage.py don_tep_tam` (daily), on every login and before every upload, so
abandoned files never wait for someone's next upload."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .models import TepTam


def _mb(so_byte: int) -> str:
    return f"{so_byte / (1024 * 1024):.1f}".replace(".", ",")


def don_het_han() -> int:
    """Deletes every expired pending upload; returns how many."""
    return TepTam.objects.filter(het_han__lte=timezone.now()).delete()[0]


def cua(nguoi, ma: str) -> TepTam | None:
    """The user's own pending upload `ma`, if it has not expired."""
    return TepTam.objects.filter(ma=ma, nguoi_dung=nguoi, het_han__gt=timezone.now()).first()


def dang_cho(nguoi) -> list[TepTam]:
    """The user's pending uploads, newest first (without their contents)."""
    return list(TepTam.objects.filter(nguoi_dung=nguoi, het_han__gt=timezone.now()).defer("du_lieu")
                .order_by("-tao_luc"))


def loi_han_muc(nguoi, kich_thuoc: int = 0) -> str | None:
    """Why one more pending upload of `kich_thuoc` bytes would exceed the user's quota, or None."""
    cho = TepTam.objects.filter(nguoi_dung=nguoi, het_han__gt=timezone.now())
    so, tong = cho.count(), cho.aggregate(tong=Sum("kich_thuoc"))["tong"] or 0
    if so >= settings.EXCEL_UPLOADS_PER_USER:
        return (f"Bạn đang có {so} tệp chờ xác nhận (tối đa {settings.EXCEL_UPLOADS_PER_USER}). "
                "Hãy xác nhận hoặc hủy bớt các tệp đó (danh sách bên dưới) rồi tải lên tiếp.")
    if tong + kich_thuoc > settings.EXCEL_UPLOAD_BYTES_PER_USER:
        return (f"Các tệp chờ xác nhận của bạn đã dùng {_mb(tong)} MB, thêm tệp này ({_mb(kich_thuoc)} MB) sẽ quá "
                f"{_mb(settings.EXCEL_UPLOAD_BYTES_PER_USER)} MB. Hãy xác nhận hoặc hủy bớt các tệp đang chờ.")
    return None


def luu(nguoi, ten_tep: str, du_lieu: bytes) -> TepTam:
    """Keeps what was read from an upload until it is confirmed or expires."""
    return TepTam.objects.create(ma=secrets.token_urlsafe(32), nguoi_dung=nguoi, ten_tep=ten_tep[:255],
                                 du_lieu=du_lieu, kich_thuoc=len(du_lieu),
                                 het_han=timezone.now() + timedelta(hours=settings.EXCEL_UPLOAD_HOURS))
