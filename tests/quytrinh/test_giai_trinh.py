"""Giải trình: the leader asks about one indicator, the unit's staff answer, either side
follows up, the asker closes; shown on the unit page, the entry grid and the report."""

import io
import re

import docx
import pytest

from chitieu import services as cs
from quytrinh import services
from quytrinh.models import GiaiTrinh, ThongBao, YeuCauMoKhoa
from tests.factories import so_lieu_an_lao_2023
from tests.html import chu

URL = "/giai-trinh/an-lao/2023-6t/CT03/"


def test_ask_answer_follow_up_close_with_history(client, danh_muc, lanh_dao, nhap_lieu_an_lao,
                                                 nhap_lieu_tuy_phuoc):
    client.force_login(lanh_dao)
    client.post(URL, {"noi_dung": "Vì sao thu ngân sách mới đạt 77,59 % KH tỉnh?"})
    gt = GiaiTrinh.objects.get()
    assert (gt.trang_thai, gt.nguoi_hoi) == ("cho_tra_loi", lanh_dao)
    assert ThongBao.objects.get(nguoi_nhan=nhap_lieu_an_lao).loai == "giai_trinh_hoi"
    assert not ThongBao.objects.filter(nguoi_nhan=nhap_lieu_tuy_phuoc).exists()

    client.force_login(nhap_lieu_an_lao)
    client.post(URL, {"noi_dung": "Tiền sử dụng đất dồn vào quý III."})
    assert GiaiTrinh.objects.get().trang_thai == "da_tra_loi"
    assert ThongBao.objects.get(nguoi_nhan=lanh_dao).loai == "giai_trinh_tra_loi"
    tra_loi = client.post(f"{URL}dong/")
    assert tra_loi.status_code == 403  # the unit does not close the thread

    client.force_login(lanh_dao)
    client.post(URL, {"noi_dung": "Dự kiến bao nhiêu?"})
    assert GiaiTrinh.objects.get().trang_thai == "cho_tra_loi"
    client.force_login(nhap_lieu_an_lao)
    client.post(URL, {"noi_dung": "Khoảng 30 tỷ đồng."})
    client.force_login(lanh_dao)
    client.post(f"{URL}dong/")
    gt = GiaiTrinh.objects.get()
    assert gt.trang_thai == "da_dong"
    assert [h.trang_thai for h in gt.history.order_by("history_date", "history_id")] == [
        "cho_tra_loi", "da_tra_loi", "cho_tra_loi", "da_tra_loi", "da_dong"]
    html = chu(client.get(URL).content.decode())
    assert re.search(r"Hỏi · lanh_dao .*Vì sao thu ngân sách.*Trả lời · nhap_lieu_an_lao .*dồn vào quý III"
                     r".*Dự kiến bao nhiêu\?.*Khoảng 30 tỷ đồng\.", html)

    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(URL, {"noi_dung": "Bổ sung"}, follow=True)
    assert "Giải trình này đã đóng." in chu(tra_loi.content.decode())


def test_empty_or_control_character_text_is_refused_and_nothing_changes(client, danh_muc, lanh_dao):
    client.force_login(lanh_dao)
    tra_loi = client.post(URL, {"noi_dung": "   "}, follow=True)
    assert "Cần ghi nội dung yêu cầu." in chu(tra_loi.content.decode())
    tra_loi = client.post(URL, {"noi_dung": "a\x00b"}, follow=True)
    assert "ký tự điều khiển" in chu(tra_loi.content.decode())
    assert not GiaiTrinh.objects.exists()


def test_a_units_staff_see_and_answer_only_their_units_requests(client, danh_muc, lanh_dao, nhap_lieu_an_lao,
                                                                nhap_lieu_tuy_phuoc):
    client.force_login(lanh_dao)
    client.post(URL, {"noi_dung": "Vì sao?"})
    client.post("/giai-trinh/tuy-phuoc/2023-6t/CT01/", {"noi_dung": "Vì sao CT01 thấp?"})

    client.force_login(nhap_lieu_tuy_phuoc)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"noi_dung": "Trả lời hộ"}).status_code == 403
    danh_sach = chu(client.get("/giai-trinh/").content.decode())
    assert "Vì sao" not in danh_sach and "CT01" in danh_sach and "CT03" not in danh_sach
    with pytest.raises(services.KhongCoQuyen):
        services.tra_loi_giai_trinh(giai_trinh=GiaiTrinh.objects.get(don_vi=danh_muc.an_lao),
                                    nguoi=nhap_lieu_tuy_phuoc, noi_dung="x")
    assert GiaiTrinh.objects.get(don_vi=danh_muc.an_lao).trang_thai == "cho_tra_loi"


def test_open_requests_show_on_the_unit_page_the_entry_grid_and_the_status_page(client, danh_muc, lanh_dao,
                                                                               nhap_lieu_an_lao, tong_hop):
    client.force_login(lanh_dao)
    client.post(URL, {"noi_dung": "Vì sao?"})
    assert "CT03 Tổng thu ngân sách nhà nước trên địa bàn Chờ đơn vị trả lời" in chu(
        client.get("/don-vi/an-lao/2023-6t/").content.decode())
    client.force_login(nhap_lieu_an_lao)
    dong = re.search(r'<tr id="ct-CT03".*?</tr>', client.get("/nhap-lieu/an-lao/2023-6t/").content.decode(), re.S)
    assert "Giải trình: chờ đơn vị trả lời" in chu(dong.group(0))
    assert f'href="{URL}"' in dong.group(0)
    client.force_login(tong_hop)
    dong_tt = client.get("/tinh-trang-nop/2023-6t/").content.decode().split('id="dv-an-lao"')[1].split("</tr>")[0]
    assert "1 giải trình đang mở" in chu(dong_tt)


def test_answered_explanations_go_into_the_report_page_and_docx_unless_left_out(client, danh_muc, lanh_dao,
                                                                                nhap_lieu_an_lao):
    so_lieu_an_lao_2023(danh_muc)
    client.force_login(lanh_dao)
    client.post(URL, {"noi_dung": "Vì sao thu ngân sách thấp?"})
    client.force_login(nhap_lieu_an_lao)
    assert "Giải trình một số chỉ tiêu" not in chu(client.get("/bao-cao/an-lao/2023-6t/").content.decode())
    client.post(URL, {"noi_dung": "Tiền sử dụng đất dồn vào quý III."})

    trang = chu(client.get("/bao-cao/an-lao/2023-6t/").content.decode())
    assert ("Giải trình một số chỉ tiêu - CT03 Tổng thu ngân sách nhà nước trên địa bàn "
            "(Yêu cầu: Vì sao thu ngân sách thấp?) Tiền sử dụng đất dồn vào quý III.") in trang
    van_ban = [p.text for p in docx.Document(io.BytesIO(
        client.get("/bao-cao/an-lao/2023-6t/docx/").content)).paragraphs]
    i = van_ban.index("Giải trình một số chỉ tiêu")
    assert van_ban[i + 1:i + 4] == ["- CT03 Tổng thu ngân sách nhà nước trên địa bàn",
                                    "(Yêu cầu: Vì sao thu ngân sách thấp?)", "Tiền sử dụng đất dồn vào quý III."]

    client.post(f"{URL}bao-cao/", {"dua_vao_bao_cao": "0"})
    assert "Giải trình một số chỉ tiêu" not in chu(client.get("/bao-cao/an-lao/2023-6t/").content.decode())


def test_unlock_request_notifies_the_office_and_an_admin_reopens(client, danh_muc, nhap_lieu_an_lao, tong_hop,
                                                                  quan_tri):
    dm = danh_muc
    cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao)
    services.duyet_nhieu(ky=dm.ky_2023_6t, cac_don_vi=[dm.an_lao], nguoi=tong_hop)
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/", {"ly_do": ""}, follow=True)
    assert "Cần ghi lý do đề nghị mở khóa." in chu(tra_loi.content.decode())
    client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/", {"ly_do": "Cục Thống kê điều chỉnh CT01"})
    assert {tb.nguoi_nhan.username for tb in ThongBao.objects.filter(loai="mo_khoa_yeu_cau")} == {"tong_hop",
                                                                                                    "quan_tri"}
    tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/", {"ly_do": "Lần nữa"}, follow=True)
    assert "Đã có đề nghị mở khóa đang chờ quyết định." in chu(tra_loi.content.decode())

    client.force_login(tong_hop)
    assert "Đề nghị mở khóa của nhap_lieu_an_lao" in chu(client.get("/nhap-lieu/an-lao/2023-6t/").content.decode())
    tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/quyet-dinh/", {"quyet_dinh": "dong_y"},
                          follow=True)
    assert "Số liệu đã duyệt chỉ Quản trị mở khóa được." in chu(tra_loi.content.decode())
    assert dm.an_lao.trang_thai_nop.get().trang_thai == "da_duyet"

    client.force_login(quan_tri)
    client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/quyet-dinh/", {"quyet_dinh": "dong_y"})
    tt = dm.an_lao.trang_thai_nop.get()
    assert tt.trang_thai == "dang_nhap"
    assert tt.history.latest().history_change_reason == "Mở khóa: Theo đề nghị của đơn vị: Cục Thống kê điều chỉnh CT01"
    assert YeuCauMoKhoa.objects.get().trang_thai == "dong_y"
    assert ThongBao.objects.get(nguoi_nhan=nhap_lieu_an_lao, loai="mo_khoa_quyet_dinh")


def test_the_office_grants_unlocking_sent_figures_by_returning_them_or_rejects_with_a_reason(
        client, danh_muc, nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao)
    services.de_nghi_mo_khoa(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao, ly_do="Gõ nhầm CT03")
    client.force_login(tong_hop)
    tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/quyet-dinh/", {"quyet_dinh": "tu_choi"},
                          follow=True)
    assert "Cần ghi lý do từ chối." in chu(tra_loi.content.decode())
    client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/quyet-dinh/", {"quyet_dinh": "dong_y"})
    assert dm.an_lao.trang_thai_nop.get().trang_thai == "tra_lai"

    cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao)
    services.de_nghi_mo_khoa(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao, ly_do="Lần hai")
    client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/quyet-dinh/",
                {"quyet_dinh": "tu_choi", "ly_do": "Số liệu đã khớp Chi cục Thống kê"})
    yc = YeuCauMoKhoa.objects.get(ly_do="Lần hai")
    assert (yc.trang_thai, yc.ly_do_quyet_dinh) == ("tu_choi", "Số liệu đã khớp Chi cục Thống kê")
    assert dm.an_lao.trang_thai_nop.get().trang_thai == "da_gui"
    assert "Số liệu đã khớp Chi cục Thống kê" in ThongBao.objects.filter(
        nguoi_nhan=nhap_lieu_an_lao, loai="mo_khoa_quyet_dinh").latest("id").noi_dung
