"""Notifications: in the app and by email, each message once; the daily command;
turning a kind of email off."""

import pytest
from django.core import mail
from django.core.management import call_command

from chitieu import services as cs
from quytrinh import services
from quytrinh.models import TatEmail, ThongBao
from tests import factories
from tests.html import chu
from tests.quytrinh.dong_ho import dong_ho, luc


@pytest.fixture
def co_email(nhap_lieu_an_lao, nhap_lieu_tuy_phuoc, tong_hop):
    for nguoi in (nhap_lieu_an_lao, nhap_lieu_tuy_phuoc, tong_hop):
        nguoi.email = f"{nguoi.username}@example.vn"
        nguoi.save()


def _hop_thu(dia_chi: str) -> list[str]:
    return [thu.subject for thu in mail.outbox if dia_chi in thu.to]


def test_returned_figures_tell_the_units_staff_with_the_reason(
        client, danh_muc, co_email, nhap_lieu_an_lao, nhap_lieu_tuy_phuoc, tong_hop,
        django_capture_on_commit_callbacks):
    dm = danh_muc
    cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao)
    client.force_login(tong_hop)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nhap-lieu/an-lao/2023-6t/tra-lai/", {"ly_do": "CT01.1 chưa khớp số Chi cục Thống kê"})
    assert _hop_thu("nhap_lieu_an_lao@example.vn") == [
        "[Chỉ tiêu KT-XH] Số liệu 6 tháng đầu năm 2023 của Huyện An Lão bị trả lại"]
    assert "Lý do: CT01.1 chưa khớp số Chi cục Thống kê" in mail.outbox[0].body
    assert "/nhap-lieu/an-lao/2023-6t/" in mail.outbox[0].body
    assert not _hop_thu("nhap_lieu_tuy_phuoc@example.vn")

    client.force_login(nhap_lieu_an_lao)
    trang = client.get("/").content.decode()
    assert "Thông báo 1 chưa đọc" in chu(trang)
    html = chu(client.get("/thong-bao/").content.decode())
    assert "bị trả lại" in html and "CT01.1 chưa khớp số Chi cục Thống kê" in html
    tb = ThongBao.objects.get(nguoi_nhan=nhap_lieu_an_lao)
    tra_loi = client.get(f"/thong-bao/{tb.id}/")
    assert tra_loi["Location"] == "/nhap-lieu/an-lao/2023-6t/"
    assert "chưa đọc" not in chu(client.get("/").content.decode())


def test_approving_asks_for_confirmation_then_tells_each_unit(
        client, danh_muc, co_email, nhap_lieu_an_lao, nhap_lieu_tuy_phuoc, tong_hop,
        django_capture_on_commit_callbacks):
    dm = danh_muc
    for dv in (dm.an_lao, dm.tuy_phuoc):
        cs.gui_so_lieu(don_vi=dv, ky=dm.ky_2023_6t, nguoi=tong_hop)
    client.force_login(tong_hop)
    xac_nhan = client.post("/tinh-trang-nop/2023-6t/duyet/", {"don_vi": ["an-lao", "tuy-phuoc"]})
    assert xac_nhan.status_code == 200
    assert "Xác nhận duyệt 2 đơn vị" in chu(xac_nhan.content.decode())
    assert set(dm.an_lao.trang_thai_nop.values_list("trang_thai", flat=True)) == {"da_gui"}  # not yet

    with django_capture_on_commit_callbacks(execute=True):
        tra_loi = client.post("/tinh-trang-nop/2023-6t/duyet/",
                              {"don_vi": ["an-lao", "tuy-phuoc"], "xac_nhan": "1"}, follow=True)
    assert "Đã duyệt số liệu 6 tháng đầu năm 2023 của 2 đơn vị: An Lão, Tuy Phước." in chu(tra_loi.content.decode())
    assert _hop_thu("nhap_lieu_an_lao@example.vn") == [
        "[Chỉ tiêu KT-XH] Số liệu 6 tháng đầu năm 2023 của Huyện An Lão đã được duyệt"]
    assert _hop_thu("nhap_lieu_tuy_phuoc@example.vn") == [
        "[Chỉ tiêu KT-XH] Số liệu 6 tháng đầu năm 2023 của Huyện Tuy Phước đã được duyệt"]


def test_approving_several_is_all_or_nothing(client, danh_muc, tong_hop):
    dm = danh_muc
    cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=tong_hop)
    client.force_login(tong_hop)
    tra_loi = client.post("/tinh-trang-nop/2023-6t/duyet/", {"don_vi": ["an-lao", "tuy-phuoc"], "xac_nhan": "1"})
    assert "Huyện Tuy Phước: Chỉ duyệt được số liệu đã gửi" in chu(tra_loi.content.decode())
    assert dm.an_lao.trang_thai_nop.get().trang_thai == "da_gui"
    assert not ThongBao.objects.exists()


def test_an_approval_is_taken_back_the_same_day_only_with_a_reason(danh_muc, tong_hop, nhap_lieu_an_lao):
    dm = danh_muc
    with dong_ho(luc(2023, 6, 21, 9)):
        cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao)
        services.duyet_nhieu(ky=dm.ky_2023_6t, cac_don_vi=[dm.an_lao], nguoi=tong_hop)
    with dong_ho(luc(2023, 6, 21, 23, 50)):
        with pytest.raises(services.LoiDuLieu):
            services.thu_hoi_duyet(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=tong_hop, ly_do=" ")
        tt = services.thu_hoi_duyet(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=tong_hop, ly_do="Duyệt nhầm đơn vị")
    assert tt.trang_thai == "da_gui" and tt.da_khoa
    assert ThongBao.objects.filter(nguoi_nhan=nhap_lieu_an_lao, loai="thu_hoi_duyet").exists()
    with dong_ho(luc(2023, 6, 22, 8)):
        services.duyet_nhieu(ky=dm.ky_2023_6t, cac_don_vi=[dm.an_lao], nguoi=tong_hop)
    with dong_ho(luc(2023, 6, 23, 0, 5)), pytest.raises(services.SaiTrangThai, match="trong ngày duyệt"):
        services.thu_hoi_duyet(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=tong_hop, ly_do="Quá muộn")
    assert dm.an_lao.trang_thai_nop.get().trang_thai == "da_duyet"


def test_the_daily_command_run_twice_sends_each_email_once(danh_muc, co_email, nhap_lieu_an_lao,
                                                           nhap_lieu_tuy_phuoc, tong_hop):
    dm = danh_muc
    with dong_ho(luc(2023, 3, 15)):  # quý I sent on time by both
        for dv in (dm.an_lao, dm.tuy_phuoc):
            cs.gui_so_lieu(don_vi=dv, ky=factories.ky(2023, 3), nguoi=tong_hop)
    with dong_ho(luc(2023, 6, 19)):
        cs.gui_so_lieu(don_vi=dm.tuy_phuoc, ky=dm.ky_2023_6t, nguoi=nhap_lieu_tuy_phuoc)
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert mail.outbox == []  # nothing overdue before the deadline

    with dong_ho(luc(2023, 6, 22, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert _hop_thu("nhap_lieu_an_lao@example.vn") == [
        "[Chỉ tiêu KT-XH] Số liệu 6 tháng đầu năm 2023 của Huyện An Lão đã quá hạn nộp"]
    assert "quá hạn 2 ngày" in mail.outbox[0].body
    assert not _hop_thu("nhap_lieu_tuy_phuoc@example.vn")  # sent on time
    assert _hop_thu("tong_hop@example.vn") == ["[Chỉ tiêu KT-XH] 1 đơn vị quá hạn nộp số liệu (22/06/2023)"]
    assert "Huyện An Lão · 6 tháng đầu năm 2023: quá hạn 2 ngày" in [t for t in mail.outbox
                                                                    if "tong_hop" in t.to[0]][0].body

    with dong_ho(luc(2023, 6, 23, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert len(_hop_thu("nhap_lieu_an_lao@example.vn")) == 1  # the unit is told once per period
    assert len(_hop_thu("tong_hop@example.vn")) == 2  # one digest a day
    assert ThongBao.objects.filter(nguoi_nhan=nhap_lieu_an_lao).count() == 1


def test_turning_a_kind_of_email_off_stops_it_but_keeps_the_message(client, danh_muc, co_email, nhap_lieu_an_lao,
                                                                     tong_hop):
    client.force_login(tong_hop)
    tat_ca = [loai for loai in ThongBao.Loai.values if loai != "tong_hop_qua_han"]
    client.post("/thong-bao/cai-dat/", {"gui_email": tat_ca})
    assert list(TatEmail.objects.filter(nguoi_dung=tong_hop).values_list("loai", flat=True)) == ["tong_hop_qua_han"]
    assert 'value="tong_hop_qua_han" id="email-tong_hop_qua_han">' in client.get("/thong-bao/cai-dat/").content.decode()

    with dong_ho(luc(2023, 6, 22, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert not _hop_thu("tong_hop@example.vn")
    assert _hop_thu("nhap_lieu_an_lao@example.vn")
    assert ThongBao.objects.get(nguoi_nhan=tong_hop).email == "khong"

    client.post("/thong-bao/cai-dat/", {"gui_email": ThongBao.Loai.values})
    with dong_ho(luc(2023, 6, 23, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert len(_hop_thu("tong_hop@example.vn")) == 1


def test_a_failed_email_is_retried_by_the_next_run_and_sent_once(danh_muc, co_email, nhap_lieu_an_lao, settings,
                                                                  caplog):
    settings.EMAIL_BACKEND = "tests.quytrinh.hop_thu_hong.HopThuHong"
    with dong_ho(luc(2023, 6, 22, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert ThongBao.objects.get(nguoi_nhan=nhap_lieu_an_lao).email == "loi"
    assert "Không gửi được email thông báo" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with dong_ho(luc(2023, 6, 23, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert len(_hop_thu("nhap_lieu_an_lao@example.vn")) == 1
    assert ThongBao.objects.get(nguoi_nhan=nhap_lieu_an_lao).email == "da_gui"


def test_overdue_notices_cover_the_last_quarter_only(danh_muc, co_email, nhap_lieu_an_lao):
    with dong_ho(luc(2023, 10, 1, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert {tb.khoa for tb in ThongBao.objects.filter(nguoi_nhan=nhap_lieu_an_lao)} == {"an-lao:2023-9t"}


def test_people_without_an_address_get_the_message_in_the_app_only(danh_muc, nhap_lieu_an_lao):
    with dong_ho(luc(2023, 6, 22, 6)):
        call_command("gui_thong_bao_hang_ngay", stdout=open("/dev/null", "w"))
    assert mail.outbox == []
    assert ThongBao.objects.get(nguoi_nhan=nhap_lieu_an_lao).email == "khong"


def test_nobody_reads_another_persons_message(client, danh_muc, nhap_lieu_an_lao, nhap_lieu_tuy_phuoc):
    with dong_ho(luc(2023, 6, 22, 6)):
        services.nhac_qua_han()
    cua_an_lao = ThongBao.objects.get(nguoi_nhan=nhap_lieu_an_lao)
    client.force_login(nhap_lieu_tuy_phuoc)
    assert client.get(f"/thong-bao/{cua_an_lao.id}/").status_code == 404
    assert "Huyện An Lão" not in chu(client.get("/thong-bao/").content.decode())
    cua_an_lao.refresh_from_db()
    assert cua_an_lao.da_doc_luc is None


def test_marking_all_read(client, danh_muc, nhap_lieu_an_lao):
    with dong_ho(luc(2023, 10, 1, 6)):
        services.nhac_qua_han()
    client.force_login(nhap_lieu_an_lao)
    client.post("/thong-bao/doc-het/")
    assert not ThongBao.objects.filter(nguoi_nhan=nhap_lieu_an_lao, da_doc_luc__isnull=True).exists()

