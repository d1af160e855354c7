"""Quên mật khẩu: Django's password reset views with Vietnamese pages and email; the
link sets a new password once; an unknown address reveals nothing."""

import re

from django.contrib.auth.models import User
from django.core import mail

from tests.html import du_lieu_form


def test_the_login_page_offers_password_reset(client, db):
    assert 'href="/quen-mat-khau/"' in client.get("/dang-nhap/").content.decode()


def test_a_reset_email_in_vietnamese_leads_to_a_new_password(client, nhap_lieu_an_lao):
    nhap_lieu_an_lao.email = "an-lao@example.org"
    nhap_lieu_an_lao.save()
    tra_loi = client.post("/quen-mat-khau/", {"email": "an-lao@example.org"})
    assert tra_loi.status_code == 302 and tra_loi["Location"] == "/quen-mat-khau/da-gui/"
    assert "Hãy kiểm tra hộp thư" in client.get("/quen-mat-khau/da-gui/").content.decode()
    assert len(mail.outbox) == 1
    thu = mail.outbox[0]
    assert thu.subject == "Đặt lại mật khẩu tài khoản Chỉ tiêu KT-XH" and "nhap_lieu_an_lao" in thu.body
    duong_dan = re.search(r"http://testserver(/dat-lai-mat-khau/\S+/)", thu.body).group(1)
    trang = client.get(duong_dan, follow=True)
    assert "Đặt mật khẩu mới" in trang.content.decode() and 'name="new_password1"' in trang.content.decode()
    dat = client.post(trang.redirect_chain[-1][0], du_lieu_form(trang.content.decode())
                      | {"new_password1": "Moi-Hon-2024!", "new_password2": "Moi-Hon-2024!"})
    assert dat.status_code == 302 and dat["Location"] == "/dat-lai-mat-khau/xong/"
    assert User.objects.get(pk=nhap_lieu_an_lao.pk).check_password("Moi-Hon-2024!")
    # The link works once.
    assert "không hợp lệ" in client.get(duong_dan, follow=True).content.decode()


def test_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    tra_loi = client.post("/quen-mat-khau/", {"email": "khong-ai@example.org"})
    assert tra_loi.status_code == 302 and tra_loi["Location"] == "/quen-mat-khau/da-gui/"
    assert not mail.outbox


def test_a_bad_address_is_refused_in_vietnamese(client, db):
    trang = client.post("/quen-mat-khau/", {"email": "khong-phai-dia-chi"}).content.decode()
    assert "Nhập một địa chỉ thư điện tử hợp lệ" in trang and not mail.outbox
