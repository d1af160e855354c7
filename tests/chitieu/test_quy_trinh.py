"""Send, approve, return with a reason, reopen — and the history that keeps it all."""

import re
from decimal import Decimal as D

from chitieu.models import KeHoach, ThucHien, TrangThaiNop
from tests.chitieu.test_nhap_lieu import URL, _form
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu


def _trang_thai(dm) -> str:
    return TrangThaiNop.objects.get(don_vi=dm.an_lao, ky=dm.ky_2023_6t).trang_thai


def test_send_return_with_reason_resend_approve_then_locked(client, danh_muc, nhap_lieu_an_lao, tong_hop):
    dm = danh_muc
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(URL, _form(client) | {"th-CT01.1": "184510", "hanh_dong": "gui"}, follow=True)
    assert "Đã lưu và gửi số liệu" in tra_loi.content.decode()
    assert _trang_thai(dm) == "da_gui"
    assert client.post(URL, _form(client) | {"th-CT01.1": "1"}).status_code == 403

    client.force_login(tong_hop)
    html = client.get("/tinh-trang-nop/2023-6t/").content.decode()
    assert re.search(r'id="dv-an-lao".*?Đã gửi', html, re.S)
    assert re.search(r'id="dv-tuy-phuoc".*?Đang nhập', html, re.S)
    tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/tra-lai/", {"ly_do": ""}, follow=True)
    assert "Cần ghi lý do trả lại." in tra_loi.content.decode() and _trang_thai(dm) == "da_gui"
    client.post("/nhap-lieu/an-lao/2023-6t/tra-lai/", {"ly_do": "CT01.1 chưa khớp số Chi cục Thống kê"})
    assert _trang_thai(dm) == "tra_lai"

    client.force_login(nhap_lieu_an_lao)
    html = client.get(URL).content.decode()
    assert "CT01.1 chưa khớp số Chi cục Thống kê" in chu(html)
    client.post(URL, _form(client) | {"th-CT01.1": "184600", "hanh_dong": "gui"})
    assert _trang_thai(dm) == "da_gui"
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D("184600")

    client.force_login(tong_hop)
    client.post("/tinh-trang-nop/2023-6t/duyet/", {"don_vi": "an-lao", "xac_nhan": "1"})
    assert _trang_thai(dm) == "da_duyet"

    client.force_login(nhap_lieu_an_lao)
    assert client.post(URL, _form(client) | {"th-CT01.1": "1"}).status_code == 403
    assert re.search(r'<input[^>]*name="th-CT01\.1"[^>]*disabled', client.get(URL).content.decode())
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D("184600")


def test_only_an_admin_reopens_and_only_with_a_reason(client, danh_muc, tong_hop, quan_tri):
    dm = danh_muc
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_duyet")
    client.force_login(tong_hop)
    assert client.post("/nhap-lieu/an-lao/2023-6t/mo-khoa/", {"ly_do": "x"}).status_code == 403
    client.force_login(quan_tri)
    client.post("/nhap-lieu/an-lao/2023-6t/mo-khoa/", {"ly_do": "  "})
    assert _trang_thai(dm) == "da_duyet"
    client.post("/nhap-lieu/an-lao/2023-6t/mo-khoa/", {"ly_do": "Điều chỉnh theo số liệu chính thức"})
    assert _trang_thai(dm) == "dang_nhap"
    assert TrangThaiNop.history.filter(history_change_reason="Mở khóa: Điều chỉnh theo số liệu chính thức").exists()


def test_approving_or_returning_needs_a_sent_period(client, danh_muc, tong_hop):
    client.force_login(tong_hop)
    tra_loi = client.post("/tinh-trang-nop/2023-6t/duyet/", {"don_vi": "an-lao", "xac_nhan": "1"}, follow=True)
    assert "Chỉ duyệt được số liệu đã gửi" in tra_loi.content.decode()
    tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/tra-lai/", {"ly_do": "x"}, follow=True)
    assert "Chỉ trả lại được số liệu đã gửi" in tra_loi.content.decode()
    assert not TrangThaiNop.objects.exclude(trang_thai="dang_nhap").exists()


def test_the_history_shows_who_when_old_new_and_why(client, danh_muc, nhap_lieu_an_lao, tong_hop, lanh_dao):
    dm = danh_muc
    client.force_login(nhap_lieu_an_lao)
    client.post(URL, _form(client) | {"th-CT01.1": "184000"})
    client.post(URL, _form(client) | {"th-CT01.1": "184510", "uoc-CT01.1": "1", "hanh_dong": "gui"})
    client.force_login(tong_hop)
    client.post("/nhap-lieu/an-lao/2023-6t/tra-lai/", {"ly_do": "Kiểm tra lại ngành dịch vụ"})
    client.force_login(lanh_dao)
    html = client.get("/lich-su/an-lao/2023-6t/").content.decode()
    dong = [chu(d) for d in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)[1:]]
    assert any("Trạng thái" in d and "Đã gửi Trả lại Trả lại: Kiểm tra lại ngành dịch vụ" in d for d in dong), dong
    assert any("Thực hiện" in d and "184.000 184.510 (ước) Nhập trên form" in d for d in dong), dong
    assert any("Thực hiện" in d and "— 184.000 Nhập trên form" in d for d in dong), dong
    assert "nhap_lieu_an_lao" in html
    html_o = client.get("/lich-su/an-lao/2023-6t/CT01.1/").content.decode()
    assert "184.510 (ước)" in chu(html_o) and "Trạng thái" not in chu(html_o).split("Lý do")[-1]


def test_plans_are_entered_with_their_legal_basis_and_lock_with_the_year(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, huyen="848700")
    client.force_login(nhap_lieu_an_lao)
    du_lieu = _form(client, "/ke-hoach/an-lao/2023/") | {
        "kh-kh-tinh__CT01": "843.000", "cc-kh-tinh__CT01": "Quyết định 19/QĐ-UBND ngày 04/01/2023",
        "kh-kh-tinh__CT03": "41,83", "kh-kh-huyen__CT03": "abc", "cc-kh-huyen__CT05": "NQ 15",
    }
    html = client.post("/ke-hoach/an-lao/2023/", du_lieu).content.decode()
    assert KeHoach.objects.get(chi_tieu=dm.ct01, nguon__ma="kh-tinh").can_cu == "Quyết định 19/QĐ-UBND ngày 04/01/2023"
    assert KeHoach.objects.get(chi_tieu=dm.ct03, nguon__ma="kh-tinh").gia_tri == D("41.83")
    assert KeHoach.objects.get(chi_tieu=dm.ct01, nguon__ma="kh-huyen").gia_tri == D("848700")
    assert "không phải số" in re.search(r'id="loi-kh-huyen__CT03"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "Căn cứ cần đi kèm một giá trị" in re.search(r'id="loi-kh-huyen__CT05"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert re.search(r'name="kh-kh-huyen__CT03" value="abc"', html)
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    html = client.get("/ke-hoach/an-lao/2023/").content.decode()
    assert "Kế hoạch năm 2023 đã khóa" in html
    assert client.post("/ke-hoach/an-lao/2023/", du_lieu).status_code == 403


def test_the_entry_page_shows_warnings_next_to_the_cell(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    for ct, gia_tri in ((dm.ct01, "447000"), (dm.ct01_1, "184510"), (dm.ct01_2, "141004"), (dm.ct01_3, "121628")):
        dat_thuc_hien(dm.an_lao, ct, dm.ky_2023_6t, gia_tri)
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2022_6t, "10")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "32.454")
    client.force_login(nhap_lieu_an_lao)
    html = client.get(URL).content.decode()
    canh_bao = {ma: chu(re.search(rf'id="cb-{re.escape(ma)}"[^>]*>(.*?)</div>\s*</td>', html, re.S).group(1))
                for ma in ("CT01", "CT03", "CT01.1")}
    assert "Tổng các chỉ tiêu con (447.142) khác số của chỉ tiêu này (447.000), lệch -142 triệu đồng." in canh_bao["CT01"]
    assert "Thay đổi hơn 50 % so với cùng kỳ (10,000 → 32,454): cần kiểm tra." in canh_bao["CT03"]
    assert canh_bao["CT01.1"] == ""
