"""Uploads waiting for their confirmation: a quota per user (how many, how many bytes),
a way to cancel one, and expired ones deleted by the daily command and on login — not
only when someone uploads again."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from chitieu import tep_tam
from chitieu.models import TepTam
from tests import factories
from tests.chitieu import excel
from tests.html import chu


@pytest.fixture
def bieu(danh_muc, nhap_lieu_an_lao):
    factories.so_lieu_an_lao_2023(danh_muc)
    return excel.sua(excel.bieu_mau_xlsx(danh_muc.ky_2023_6t, danh_muc.an_lao), {("CT05", "th"): 50})


def test_a_user_keeps_at_most_five_uploads_waiting_and_is_shown_them(client, bieu, nhap_lieu_an_lao, tong_hop):
    client.force_login(nhap_lieu_an_lao)
    for i in range(5):
        assert "1 ô thay đổi" in chu(excel.tai_len(client, bieu, f"tep-{i}.xlsx").content.decode())
    tra_loi = excel.tai_len(client, bieu, "tep-6.xlsx")
    van_ban = chu(tra_loi.content.decode())
    assert tra_loi.status_code == 400
    assert "Bạn đang có 5 tệp chờ xác nhận (tối đa 5)" in van_ban
    assert all(f"tep-{i}.xlsx" in van_ban for i in range(5))  # listed, to confirm or cancel
    assert TepTam.objects.count() == 5
    # Another user's quota is their own.
    client.force_login(tong_hop)
    assert "1 ô thay đổi" in chu(excel.tai_len(client, bieu).content.decode())


def test_cancelling_an_upload_frees_its_place(client, bieu, nhap_lieu_an_lao, nhap_lieu_tuy_phuoc):
    client.force_login(nhap_lieu_an_lao)
    with override_settings(EXCEL_UPLOADS_PER_USER=1):
        excel.tai_len(client, bieu)
        tam = TepTam.objects.get()
        client.force_login(nhap_lieu_tuy_phuoc)  # not theirs: nothing happens
        assert "Không tìm thấy tệp" in chu(client.post(f"/excel/nhap/{tam.ma}/huy/", follow=True).content.decode())
        assert TepTam.objects.filter(ma=tam.ma).exists()
        client.force_login(nhap_lieu_an_lao)
        tra_loi = client.post(f"/excel/nhap/{tam.ma}/huy/", follow=True)
        assert "Đã hủy tệp bieu-mau.xlsx; không có gì được nhập." in chu(tra_loi.content.decode())
        assert not TepTam.objects.exists()
        assert "1 ô thay đổi" in chu(excel.tai_len(client, bieu).content.decode())


def test_the_bytes_kept_per_user_are_limited_too(client, bieu, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    excel.tai_len(client, bieu)
    da_dung = TepTam.objects.get().kich_thuoc
    with override_settings(EXCEL_UPLOAD_BYTES_PER_USER=da_dung + 10):
        tra_loi = excel.tai_len(client, bieu, "thu-hai.xlsx")
    assert tra_loi.status_code == 400 and "Các tệp chờ xác nhận của bạn đã dùng" in chu(tra_loi.content.decode())
    assert TepTam.objects.count() == 1


def _het_han_mot(client, bieu) -> TepTam:
    excel.tai_len(client, bieu)
    TepTam.objects.update(het_han=timezone.now() - timedelta(minutes=1))
    return TepTam.objects.get()


def test_the_daily_command_deletes_expired_uploads_only(nhap_lieu_an_lao, tong_hop):
    cu = tep_tam.luu(nhap_lieu_an_lao, "cu.xlsx", b"x")
    TepTam.objects.filter(id=cu.id).update(het_han=timezone.now() - timedelta(minutes=1))
    moi = tep_tam.luu(tong_hop, "moi.xlsx", b"x")
    ra = io.StringIO()
    call_command("don_tep_tam", stdout=ra)
    assert ra.getvalue().strip() == "Đã xóa 1 tệp Excel quá hạn xác nhận."
    assert list(TepTam.objects.values_list("id", flat=True)) == [moi.id]


def test_logging_in_deletes_expired_uploads(client, bieu, nhap_lieu_an_lao, tong_hop):
    client.force_login(nhap_lieu_an_lao)
    _het_han_mot(client, bieu)
    client.logout()
    assert client.post("/dang-nhap/", {"username": "tong_hop", "password": factories.MAT_KHAU}).status_code == 302
    assert not TepTam.objects.exists()
