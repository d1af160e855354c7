"""The login throttle behind a reverse proxy: with TRUSTED_PROXY_COUNT=1 it keys on the
client's address from X-Forwarded-For (never on the proxy's, never on what a client
writes there itself), per username and address; the lockout says how long, in minutes."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings

from config.dia_chi import dia_chi_khach
from tests import factories
from tests.html import chu as van_ban

PROXY = "10.0.0.5"  # nginx, as every request reaches the app server from it


def _dang_nhap(client, mat_khau: str, dia_chi: str, username: str = "nhap_lieu_an_lao"):
    return client.post("/dang-nhap/", {"username": username, "password": mat_khau},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=dia_chi)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_failures_from_one_address_behind_the_proxy_do_not_lock_the_user_out_elsewhere(client, nhap_lieu_an_lao,
                                                                                       settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _dang_nhap(client, "sai", "203.0.113.7")
    bi_khoa = _dang_nhap(client, factories.MAT_KHAU, "203.0.113.7")
    assert bi_khoa.status_code == 429 and "Tạm khóa đăng nhập" in bi_khoa.content.decode()
    # The same person from their office, through the same proxy: not locked out.
    assert _dang_nhap(client, factories.MAT_KHAU, "198.51.100.20").status_code == 302
    # A client cannot pick its address by writing the header itself: nginx appends the real one.
    client.logout()
    assert _dang_nhap(client, factories.MAT_KHAU, "198.51.100.20, 203.0.113.7").status_code == 429


def test_without_the_proxy_setting_the_forwarded_header_is_ignored(client, nhap_lieu_an_lao, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _dang_nhap(client, "sai", "203.0.113.7")
    # Keyed on REMOTE_ADDR: a forged header from another "address" does not get around the lock.
    assert _dang_nhap(client, factories.MAT_KHAU, "198.51.100.20").status_code == 429


@pytest.mark.parametrize(("so_proxy", "remote", "xff", "ket_qua"), [
    (0, "10.0.0.5", "203.0.113.7", "10.0.0.5"),
    (1, "10.0.0.5", "203.0.113.7", "203.0.113.7"),
    (1, "10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
    (2, "10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
    (1, "10.0.0.5", "", "10.0.0.5"),
    (2, "10.0.0.5", "203.0.113.7", "10.0.0.5"),
    (1, "10.0.0.5", "không-phải-địa-chỉ", "10.0.0.5"),
    (1, "10.0.0.5", "2001:db8::1", "2001:db8::1"),
])
def test_the_client_address_is_the_entry_the_outermost_trusted_proxy_wrote(rf, so_proxy, remote, xff, ket_qua):
    with override_settings(TRUSTED_PROXY_COUNT=so_proxy):
        assert dia_chi_khach(rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff)) == ket_qua


@pytest.mark.parametrize(("phut", "chu"), [(15, "15 phút"), (90, "1 giờ 30 phút"), (60, "1 giờ")])
def test_the_lockout_page_gives_the_time_in_vietnamese(client, nhap_lieu_an_lao, settings, phut, chu):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=phut)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/", {"username": "nhap_lieu_an_lao", "password": "sai"})
    html = client.post("/dang-nhap/", {"username": "nhap_lieu_an_lao", "password": "sai"}).content.decode()
    assert f"Vui lòng thử lại sau {chu} hoặc liên hệ quản trị viên" in van_ban(html)
    assert not re.search(r"PT\d", html)  # the ISO 8601 duration axes passes ("PT15M")
