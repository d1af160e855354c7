"""A frozen clock for the workflow tests: `django.utils.timezone.now` returns a fixed
moment (Asia/Ho_Chi_Minh), so services, history rows and `auto_now` fields all see it."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def luc(nam: int, thang: int, ngay: int, gio: int = 9, phut: int = 0) -> datetime:
    return datetime(nam, thang, ngay, gio, phut, tzinfo=VN)


@contextmanager
def dong_ho(thoi_diem: datetime):
    with mock.patch("django.utils.timezone.now", return_value=thoi_diem):
        yield thoi_diem
