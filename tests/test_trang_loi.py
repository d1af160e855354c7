"""Error pages: 403, 404, 500 and a CSRF failure speak Vietnamese inside the site's
layout, say why (the reason the access rule gives) and where to go — never Django's
bare English pages."""

import pytest
from django.test import Client
from django.views.defaults import server_error

from chitieu.models import ThucHien
from tests.html import chu


def _trong_bo_cuc(html: str) -> None:
    """The page is drawn in base.html: the brand bar and the way back to the overview."""
    assert 'class="navbar-brand' in html and "Chỉ tiêu KT-XH" in html
    assert 'href="/"' in html and "Về trang Tổng quan" in html
    for tieng_anh in ("Forbidden", "Not Found", "Server Error", "CSRF verification failed", "Reason given"):
        assert tieng_anh not in html


def test_another_units_entry_page_says_why_in_vietnamese_within_the_layout(client, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.get("/nhap-lieu/tuy-phuoc/2023-6t/")
    html = tra_loi.content.decode()
    assert tra_loi.status_code == 403
    _trong_bo_cuc(html)
    assert "Không có quyền truy cập" in html
    assert "Bạn không có quyền nhập số liệu cho đơn vị này." in chu(html)
    # The menu of the user is there, and the page points to the units they do write.
    assert 'href="/nhap-lieu/"' in html and "Đơn vị bạn được nhập liệu" in html


def test_a_role_rule_refusal_names_who_may(client, lanh_dao):
    client.force_login(lanh_dao)
    tra_loi = client.get("/nhap-lieu/an-lao/2023-6t/")
    assert tra_loi.status_code == 403
    _trong_bo_cuc(tra_loi.content.decode())
    assert "Chỉ tài khoản Nhập liệu, Tổng hợp hoặc Quản trị được nhập số liệu." in chu(tra_loi.content.decode())


def test_the_status_page_refusal_names_who_may_approve(client, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.get("/tinh-trang-nop/2023-6t/")
    assert tra_loi.status_code == 403
    assert "Chỉ Văn phòng tổng hợp hoặc Quản trị được duyệt hay trả lại số liệu." in chu(tra_loi.content.decode())


@pytest.mark.parametrize("duong_dan", ["/khong-co-trang-nay/", "/don-vi/khong-co/2023-6t/", "/chi-tieu/CT99/2023-6t/"])
def test_not_found_is_vietnamese_and_never_shows_djangos_query_message(client, lanh_dao, duong_dan):
    client.force_login(lanh_dao)
    tra_loi = client.get(duong_dan)
    html = tra_loi.content.decode()
    assert tra_loi.status_code == 404
    _trong_bo_cuc(html)
    assert "Không tìm thấy trang" in html and duong_dan in html
    assert "matches the given query" not in html and "No " not in chu(html)


def test_not_found_for_an_anonymous_visitor_still_has_the_layout(client, db):
    tra_loi = client.get("/khong-co-trang-nay/")
    assert tra_loi.status_code == 404
    _trong_bo_cuc(tra_loi.content.decode())


def test_server_error_page_renders_without_a_request_context(rf, db):
    tra_loi = server_error(rf.get("/don-vi/an-lao/2023-6t/"))
    html = tra_loi.content.decode()
    assert tra_loi.status_code == 500
    _trong_bo_cuc(html)
    assert "Hệ thống gặp lỗi" in html and "Số liệu đã lưu trước đó không bị ảnh hưởng" in html


def test_a_view_that_fails_answers_the_vietnamese_500_page(client, lanh_dao, monkeypatch):
    from baocao import views

    def hong(*args, **kwargs):
        raise RuntimeError("thử lỗi")

    monkeypatch.setattr(views, "render", hong)
    khach = Client(raise_request_exception=False)
    khach.force_login(lanh_dao)
    tra_loi = khach.get("/don-vi/an-lao/2023-6t/")
    assert tra_loi.status_code == 500
    assert "Hệ thống gặp lỗi" in tra_loi.content.decode()


def test_a_form_posted_without_its_csrf_token_gets_the_vietnamese_page_and_saves_nothing(nhap_lieu_an_lao, danh_muc):
    khach = Client(enforce_csrf_checks=True)
    khach.force_login(nhap_lieu_an_lao)
    tra_loi = khach.post("/nhap-lieu/an-lao/2023-6t/", {"th-CT01": "1"})
    html = tra_loi.content.decode()
    assert tra_loi.status_code == 403
    _trong_bo_cuc(html)
    assert "Không gửi được biểu mẫu" in html and "Không có gì được lưu từ lần gửi này." in html
    assert 'href="/nhap-lieu/"' in html  # rendered with the request: the user's menu is there
    assert not ThucHien.objects.exists()
