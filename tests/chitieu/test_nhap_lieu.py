"""The actuals grid: what staff type is saved, checked, never lost, never written by
someone who may not."""

import re
from datetime import datetime
from datetime import timezone as dt_timezone
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User

from chitieu.models import KeHoach, ThucHien, TrangThaiNop
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu, du_lieu_form, o_cua_dong

URL = "/nhap-lieu/an-lao/2023-6t/"


def _anh_chup_csdl():
    """Every row of every table the entry pages write, histories included."""
    return {
        mo_hinh.__name__: sorted(map(str, mo_hinh.objects.values_list()))
        for mo_hinh in (ThucHien, ThucHien.history.model, KeHoach, KeHoach.history.model, TrangThaiNop,
                        TrangThaiNop.history.model)
    }


def _form(client, url=URL) -> dict:
    """The grid's fields as the browser would post them, read from the page."""
    return du_lieu_form(client.get(url).content.decode())


def test_staff_type_184510_and_12_5_and_see_the_percentages(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01_1, 2023, tinh="339580", huyen="340520")
    dat_ke_hoach(dm.an_lao, dm.ct03_1, 2023, tinh="10", huyen="65")
    client.force_login(nhap_lieu_an_lao)
    du_lieu = _form(client)
    du_lieu |= {"th-CT01.1": "184510", "uoc-CT01.1": "1", "th-CT03.1": "12,5", "gc-CT03.1": "Theo Chi cục Thuế"}
    tra_loi = client.post(URL, du_lieu, follow=True)
    assert "Đã lưu 2 thay đổi." in tra_loi.content.decode()
    th = ThucHien.objects.get(chi_tieu=dm.ct01_1)
    assert (th.gia_tri, th.la_uoc, th.nguoi_cap_nhat) == (D("184510"), True, nhap_lieu_an_lao)
    assert ThucHien.objects.get(chi_tieu=dm.ct03_1).ghi_chu == "Theo Chi cục Thuế"
    html = tra_loi.content.decode()
    assert o_cua_dong(html, "CT01.1")[8:10] == ["54,33 %", "54,18 %"]
    assert o_cua_dong(html, "CT03.1")[8:10] == ["125,00 %", "19,23 %"]
    assert 'value="184.510"' in html and 'value="12,5"' in html


def test_saving_unchanged_values_writes_nothing(client, danh_muc, nhap_lieu_an_lao):
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct03, danh_muc.ky_2023_6t, "32.454")
    client.force_login(nhap_lieu_an_lao)
    truoc = _anh_chup_csdl()
    tra_loi = client.post(URL, _form(client), follow=True)
    assert "Không có thay đổi nào cần lưu." in tra_loi.content.decode()
    assert _anh_chup_csdl() == truoc


NHAP_SAI = [
    ("abc", "không phải số"),
    ("1,2,3", "nhiều dấu phẩy"),
    ("--5", "dấu không hợp lệ"),
    ("+5", "dấu không hợp lệ"),
    ("-5", "không nhận số âm"),
    ("1e20", "lũy thừa"),
    ("１２３", "toàn khổ"),
    ("1.5", "dấu chấm sai chỗ"),
    ("12.34", "dấu chấm sai chỗ"),
    ("1 234", "khoảng trắng"),
    ("<script>alert(1)</script>", "không phải số"),
    ("'; DROP TABLE chitieu_thuchien; --", "không phải số"),
    ("1 OR 1=1", "không phải số"),
    ("5%", "không phải số"),
    ("NaN", "không phải số"),
    ("Infinity", "không phải số"),
    ("12,", "không phải là một số hợp lệ"),
    (",5", "0,5"),
    ("1" * 41, "quá dài"),
    ("99999999999999999", "quá lớn"),
    ("12,5", "số nguyên"),  # triệu đồng has no decimals
    ("1,500", "số nguyên"),  # "1,500" is 1.5 in Vietnamese, not fifteen hundred
    ("0x1F", "không phải số"),
    ("\u0661\u0662", "toàn khổ"),  # Arabic-Indic digits
]


@pytest.mark.parametrize(("van_ban", "thong_bao"), NHAP_SAI)
def test_bad_input_gets_a_message_at_its_cell_and_stores_nothing_for_it(client, danh_muc, nhap_lieu_an_lao,
                                                                         van_ban, thong_bao):
    client.force_login(nhap_lieu_an_lao)
    du_lieu = _form(client) | {"th-CT01.1": van_ban, "th-CT01.2": "141004"}
    tra_loi = client.post(URL, du_lieu)
    assert tra_loi.status_code == 200
    html = tra_loi.content.decode()
    loi = re.search(r'id="loi-CT01\.1"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert thong_bao in chu(loi).replace("&#x27;", "'")
    assert not ThucHien.objects.filter(chi_tieu=danh_muc.ct01_1).exists()
    # The other cell is saved; the bad one keeps exactly what was typed, escaped.
    assert ThucHien.objects.get(chi_tieu=danh_muc.ct01_2).gia_tri == D("141004")
    assert "<script>alert(1)</script>" not in html
    o = re.search(r'<input[^>]*name="th-CT01\.1"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in o
    assert "1 chưa lưu" in chu(html) or "ô chưa lưu" in chu(html)


def test_a_rate_of_150_is_refused(client, danh_muc, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(URL, _form(client) | {"th-CT16": "150"})
    assert "Tỷ lệ phải nằm trong khoảng 0–100 %." in tra_loi.content.decode()
    assert not ThucHien.objects.exists()


def test_blank_and_whitespace_store_nothing_and_clearing_a_value_is_recorded(client, danh_muc, nhap_lieu_an_lao):
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct05, danh_muc.ky_2023_6t, "38.6")
    client.force_login(nhap_lieu_an_lao)
    client.post(URL, _form(client) | {"th-CT01.1": "   ", "th-CT01.2": "", "th-CT05": " "})
    assert not ThucHien.objects.exists()
    xoa = ThucHien.history.get(history_type="-")
    assert (xoa.gia_tri, xoa.history_change_reason, xoa.history_user) == (D("38.6"), "Nhập trên form",
                                                                          nhap_lieu_an_lao)


def test_a_note_with_line_breaks_survives_saving_other_cells_unchanged(client, danh_muc, nhap_lieu_an_lao):
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct05, danh_muc.ky_2023_6t, "38.6", ghi_chu="Dòng 1\nDòng 2 <b>")
    client.force_login(nhap_lieu_an_lao)
    client.post(URL, _form(client) | {"th-CT01.1": "184510"})
    assert ThucHien.objects.get(chi_tieu=danh_muc.ct05).ghi_chu == "Dòng 1\nDòng 2 <b>"
    assert ThucHien.history.filter(chi_tieu=danh_muc.ct05).count() == 1


def test_html_in_ghi_chu_is_shown_escaped_everywhere(client, danh_muc, nhap_lieu_an_lao, lanh_dao):
    client.force_login(nhap_lieu_an_lao)
    client.post(URL, _form(client) | {"th-CT05": "38,6", "gc-CT05": '<img src=x onerror="alert(1)">'})
    assert ThucHien.objects.get(chi_tieu=danh_muc.ct05).ghi_chu == '<img src=x onerror="alert(1)">'
    client.force_login(lanh_dao)
    for url in (URL, "/lich-su/an-lao/2023-6t/", "/lich-su/an-lao/2023-6t/CT05/", "/don-vi/an-lao/2023-6t/"):
        client.force_login(nhap_lieu_an_lao if url == URL else lanh_dao)
        html = client.get(url).content.decode()
        assert '<img src=x onerror="alert(1)">' not in html, url
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in client.get("/lich-su/an-lao/2023-6t/").content.decode()


def test_a_forged_post_to_another_districts_grid_is_refused_and_changes_nothing(
        client, danh_muc, nhap_lieu_an_lao, nhap_lieu_tuy_phuoc):
    dat_thuc_hien(danh_muc.tuy_phuoc, danh_muc.ct01_1, danh_muc.ky_2023_6t, "1000")
    client.force_login(nhap_lieu_tuy_phuoc)
    du_lieu = _form(client, "/nhap-lieu/tuy-phuoc/2023-6t/") | {"th-CT01.1": "1"}
    client.force_login(nhap_lieu_an_lao)
    truoc = _anh_chup_csdl()
    for url in ("/nhap-lieu/tuy-phuoc/2023-6t/", "/nhap-lieu/tuy-phuoc/2023-6t/gui/",
                "/ke-hoach/tuy-phuoc/2023/"):
        assert client.post(url, du_lieu | {"kh-kh-tinh__CT01": "5"}).status_code == 403
    assert _anh_chup_csdl() == truoc


@pytest.mark.parametrize("trang_thai", ["da_gui", "da_duyet"])
def test_a_post_to_a_locked_period_is_refused_changes_nothing_and_shows_what_was_typed(
        client, danh_muc, nhap_lieu_an_lao, quan_tri, trang_thai):
    client.force_login(nhap_lieu_an_lao)
    du_lieu = _form(client) | {"th-CT01.1": "184510"}
    TrangThaiNop.objects.create(don_vi=danh_muc.an_lao, ky=danh_muc.ky_2023_6t, trang_thai=trang_thai)
    truoc = _anh_chup_csdl()
    for nguoi in (nhap_lieu_an_lao, quan_tri):
        client.force_login(nguoi)
        tra_loi = client.post(URL, du_lieu)
        assert tra_loi.status_code == 403
        assert "184510" in tra_loi.content.decode()
        assert client.post("/ke-hoach/an-lao/2023/", {"kh-kh-tinh__CT01": "5"}).status_code == 403
    assert _anh_chup_csdl() == truoc
    # …and the grid is shown read-only.
    html = client.get(URL).content.decode()
    assert re.search(r'<input[^>]*name="th-CT01\.1"[^>]*disabled', html)


def test_a_conflict_names_the_cells_keeps_the_input_and_overwrites_nothing(client, danh_muc, nhap_lieu_an_lao,
                                                                           tong_hop):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "100")
    client.force_login(nhap_lieu_an_lao)
    cua_nhap_lieu = _form(client)  # opened before the province office saves
    client.force_login(tong_hop)
    client.post(URL, _form(client) | {"th-CT01.1": "200"})
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(URL, cua_nhap_lieu | {"th-CT01.1": "150", "th-CT01.2": "141004"})
    html = tra_loi.content.decode()
    assert "vừa sửa ô này thành 200" in chu(html)
    assert re.search(r'name="th-CT01\.1" value="150"', html)  # their own input is still there
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D("200")
    assert ThucHien.objects.get(chi_tieu=dm.ct01_2).gia_tri == D("141004")  # the rest was saved
    # Saving again, knowingly, overwrites.
    client.post(URL, du_lieu_form(html))
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D("150")


def test_the_live_preview_computes_on_the_server_and_saves_nothing(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01_1, 2023, tinh="339580")
    client.force_login(nhap_lieu_an_lao)
    ket_qua = client.post(URL + "xem-truoc/", _form(client) | {
        "th-CT01.1": "184510", "th-CT01.2": "141004", "th-CT01.3": "121628", "th-CT01": "447000", "th-CT16": "abc",
    }).json()
    assert ket_qua["CT01.1"]["nguon-kh-tinh"] == "54,33 %"
    assert ket_qua["CT01.1"]["trang-thai"] == "dat"
    assert "lệch -142 triệu đồng" in ket_qua["CT01"]["canh_bao"][0]
    assert "không phải số" in ket_qua["CT16"]["loi"]
    assert not ThucHien.objects.exists()


def test_saving_a_full_grid_takes_a_fixed_number_of_queries(client, danh_muc, nhap_lieu_an_lao,
                                                            django_assert_num_queries):
    dm = danh_muc
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t)
    client.force_login(nhap_lieu_an_lao)

    def luu_ca_bang(lan: int, so_truy_van: int) -> None:
        du_lieu = _form(client)
        for ma in [k[3:] for k in du_lieu if k.startswith("th-")]:
            du_lieu[f"th-{ma}"] = str(lan)
        with django_assert_num_queries(so_truy_van):
            assert client.post(URL, du_lieu).status_code == 302

    # session, user, roles, unit, assignments, unit tree, period, lock, the grid (8: the sets, their
    # units, indicators and sources, the unit tree, units below, plans, actuals), then the service:
    # savepoint, the year's lock, workflow row, rows, versions, the magnitude rule's references (8: as
    # the grid's), one bulk write + its history per kind of change
    luu_ca_bang(1, 32)  # 10 new cells
    luu_ca_bang(2, 32)  # 10 changed cells
    for i in range(20):
        factories.tao_chi_tieu(f"X{i:02d}")
    luu_ca_bang(3, 34)  # 10 changed and 20 new: both kinds of write
    luu_ca_bang(4, 32)  # 30 changed cells: the same count as 10
    assert ThucHien.history.filter(history_change_reason="Nhập trên form").count() == 10 * 2 + 30 * 2


def test_the_landing_page_lists_the_units_this_person_enters(client, danh_muc, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    html = client.get("/nhap-lieu/").content.decode()
    assert "Huyện An Lão" in html and "Huyện Tuy Phước" not in html
    assert "/nhap-lieu/an-lao/2023-6t/" in html and "/ke-hoach/an-lao/2023/" in html


def test_someone_without_assignments_is_told_so(client, danh_muc):
    nguoi = factories.tao_nguoi_dung("moi", factories.NHAP_LIEU)
    client.force_login(nguoi)
    assert "chưa được phân công đơn vị nào" in client.get("/nhap-lieu/").content.decode()


def test_session_expires_and_login_is_throttled_by_username_and_address(client, danh_muc, nhap_lieu_an_lao,
                                                                         settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/", {"username": "nhap_lieu_an_lao", "password": "sai"})
    bi_khoa = client.post("/dang-nhap/", {"username": "nhap_lieu_an_lao", "password": factories.MAT_KHAU})
    assert bi_khoa.status_code == 429 and "Tạm khóa đăng nhập" in bi_khoa.content.decode()
    # Another person in the same office (same address) still logs in.
    khac = User.objects.create_user("dong_nghiep", password=factories.MAT_KHAU)
    assert khac
    tra_loi = client.post("/dang-nhap/", {"username": "dong_nghiep", "password": factories.MAT_KHAU})
    assert tra_loi.status_code == 302


def test_a_conflict_tells_the_time_in_viet_nam(client, danh_muc, nhap_lieu_an_lao, tong_hop, settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "100")
    client.force_login(nhap_lieu_an_lao)
    cua_nhap_lieu = _form(client)
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "200")
    # saved at 02:51 UTC, which is 09:51 in Việt Nam
    ThucHien.objects.filter(chi_tieu=dm.ct01_1).update(
        cap_nhat_luc=datetime(2023, 7, 3, 2, 51, tzinfo=dt_timezone.utc), nguoi_cap_nhat=tong_hop)
    html = chu(client.post(URL, cua_nhap_lieu | {"th-CT01.1": "150"}).content.decode())
    assert "vừa sửa ô này thành 200 lúc 09:51 03/07/2023" in html
    assert "02:51" not in html


# -- a value 100× off the plan and last year waits for a confirmation on its cell ------------


@pytest.fixture
def ngan_sach(danh_muc):
    """CT03 Tổng thu ngân sách (tỷ đồng): KH tỉnh giao 180, 76 in 6 tháng 2022."""
    dat_ke_hoach(danh_muc.an_lao, danh_muc.ct03, 2023, tinh="180")
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct03, danh_muc.ky_2022_6t, "76")
    return danh_muc


def test_92_500_for_a_budget_planned_at_180_is_stored_only_once_confirmed(client, ngan_sach, nhap_lieu_an_lao):
    dm = ngan_sach
    client.force_login(nhap_lieu_an_lao)
    truoc = _anh_chup_csdl()
    tra_loi = client.post(URL, _form(client) | {"th-CT03": "92.500"})
    assert tra_loi.status_code == 200
    html = tra_loi.content.decode()
    thong_bao = chu(re.search(r'id="bd-CT03".*?</div></div>', html, re.S).group(0))
    assert "đọc là 92.500 tỷ đồng" in thong_bao
    assert "mức kế hoạch kỳ này (90 tỷ đồng) và cùng kỳ năm trước (76 tỷ đồng)" in thong_bao
    assert "có phải 92,5?" in thong_bao
    assert not ThucHien.objects.filter(ky=dm.ky_2023_6t).exists()
    assert _anh_chup_csdl()["ThucHien"] == truoc["ThucHien"]
    assert re.search(r'name="th-CT03" value="92.500"', html)  # the text as typed
    # The page as the browser would post it again, without ticking the box: still nothing.
    du_lieu = du_lieu_form(html)
    assert "xn-CT03" not in du_lieu
    client.post(URL, du_lieu)
    assert not ThucHien.objects.filter(ky=dm.ky_2023_6t).exists()
    # Ticking "Đúng là 92.500 tỷ đồng" saves it.
    assert "Đúng là 92.500 tỷ đồng" in chu(html)
    tra_loi = client.post(URL, du_lieu | {"xn-CT03": "92.500"}, follow=True)
    assert "Đã lưu 1 thay đổi." in tra_loi.content.decode()
    assert ThucHien.objects.get(ky=dm.ky_2023_6t, chi_tieu=dm.ct03).gia_tri == D("92500")


def test_a_confirmation_of_another_value_does_not_count(client, ngan_sach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    client.post(URL, _form(client) | {"th-CT03": "925.000", "xn-CT03": "92.500"})
    assert not ThucHien.objects.filter(ky=ngan_sach.ky_2023_6t).exists()


def test_no_likely_intent_is_offered_when_the_other_reading_is_as_far_off(client, ngan_sach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    html = chu(client.post(URL, _form(client) | {"th-CT03": "925000"}).content.decode())
    assert "đọc là 925.000 tỷ đồng" in html and "có phải" not in html


def test_the_live_check_asks_for_the_same_confirmation(client, ngan_sach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    ket_qua = client.post(URL + "xem-truoc/", _form(client) | {"th-CT03": "92.500"}).json()["CT03"]
    assert "đọc là 92.500 tỷ đồng" in ket_qua["bac_do"] and "có phải 92,5?" in ket_qua["bac_do"]
    assert (ket_qua["xac_nhan"], ket_qua["da_xac_nhan"]) == ("92.500", False)
    ket_qua = client.post(URL + "xem-truoc/", _form(client) | {"th-CT03": "92.500", "xn-CT03": "92.500"}).json()
    assert ket_qua["CT03"]["da_xac_nhan"] is True
    assert client.post(URL + "xem-truoc/", _form(client) | {"th-CT03": "92,5"}).json()["CT03"]["bac_do"] == ""


# -- "Lưu và gửi" sends only when every cell is saved ------------------------------------------


def test_save_and_send_with_one_bad_cell_says_not_sent_first_and_links_to_the_cell(client, danh_muc,
                                                                                   nhap_lieu_an_lao):
    dm = danh_muc
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(URL, _form(client) | {"th-CT01.1": "184510", "th-CT16": "150", "hanh_dong": "gui"})
    assert tra_loi.status_code == 200
    html = tra_loi.content.decode()
    noi_dung = chu(html[html.index('<main id="noi-dung"'):].split(">", 1)[1])
    assert noi_dung.startswith("CHƯA GỬI: 1 ô chưa lưu được nên số liệu chưa được gửi.")
    danh_sach = re.search(r'id="o-chua-luu".*?</ul>', html, re.S).group(0)
    assert re.search(r'<a href="#o-th-CT16" data-tap-trung="o-th-CT16">CT16 Tỷ lệ che phủ rừng</a>: '
                     r"Tỷ lệ phải nằm trong khoảng 0–100 %.", danh_sach)
    assert 'id="o-th-CT16"' in html
    assert re.search(r'name="th-CT16" value="150"', html)  # the text as typed
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D("184510")  # the rest is saved…
    assert not TrangThaiNop.objects.filter(trang_thai="da_gui").exists()  # …and nothing is sent
    assert "Đã gửi" not in noi_dung


def test_a_value_waiting_for_confirmation_also_stops_the_sending(client, ngan_sach, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    html = client.post(URL, _form(client) | {"th-CT03": "92.500", "hanh_dong": "gui"}).content.decode()
    assert "CHƯA GỬI" in html and 'href="#o-th-CT03"' in html
    assert not TrangThaiNop.objects.filter(trang_thai="da_gui").exists()
    client.post(URL, du_lieu_form(html) | {"xn-CT03": "92.500", "hanh_dong": "gui"})
    assert TrangThaiNop.objects.get(don_vi=ngan_sach.an_lao, ky=ngan_sach.ky_2023_6t).trang_thai == "da_gui"


# -- the live check ---------------------------------------------------------------------------


def test_a_row_whose_text_is_refused_shows_no_percentage_and_no_status(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct05, 2023, tinh="40")
    dat_thuc_hien(dm.an_lao, dm.ct05, dm.ky_2023_6t, "41")  # stored: Đạt tiến độ
    client.force_login(nhap_lieu_an_lao)
    for van_ban in ("4l,5", "-5", "41,25"):
        ket_qua = client.post(URL + "xem-truoc/", _form(client) | {"th-CT05": van_ban}).json()["CT05"]
        assert ket_qua["loi"]
        assert (ket_qua["nguon-kh-tinh"], ket_qua["nguon-kh-huyen"], ket_qua["cung-ky"], ket_qua["trang-thai"],
                ket_qua["ten-trang-thai"]) == ("", "", "", "", "")


def test_a_computed_growth_row_follows_the_typed_base_values(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct02, 2023, tinh="7")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "100000")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "106890")
    client.force_login(nhap_lieu_an_lao)
    assert o_cua_dong(client.get(URL).content.decode(), "CT02")[5].startswith("6,89")
    ket_qua = client.post(URL + "xem-truoc/", _form(client) | {"th-CT01": "106750"}).json()["CT02"]
    assert (ket_qua["th"], ket_qua["nguon-kh-tinh"]) == ("6,75", "-0,25 điểm %")
    # A base value that cannot be read leaves nothing to compute from.
    ket_qua = client.post(URL + "xem-truoc/", _form(client) | {"th-CT01": "1o6750"}).json()["CT02"]
    assert (ket_qua["th"], ket_qua["trang-thai"]) == ("—", "thieu_so_lieu")


@pytest.mark.parametrize(("dan", "thong_bao"), [
    ("6,89", "Số dán 6,89 khớp số tự tính từ CT01."),
    ("6,5", "Số dán 6,5 khác số tự tính từ CT01 (6,89); không ghi số dán."),
    ("abc", "Số dán “abc” không đọc được; ô này tự tính từ CT01 nên không ghi số dán."),
])
def test_a_value_pasted_onto_a_computed_row_is_compared_never_written(client, danh_muc, nhap_lieu_an_lao, dan,
                                                                     thong_bao):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "100000")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "106890")
    client.force_login(nhap_lieu_an_lao)
    assert client.post(URL + "xem-truoc/", _form(client) | {"dan-CT02": dan}).json()["CT02"]["dan"] == thong_bao
    assert not ThucHien.objects.filter(chi_tieu=dm.ct02).exists()


def test_the_grid_knows_when_the_session_ends(client, danh_muc, nhap_lieu_an_lao, settings):
    client.force_login(nhap_lieu_an_lao)
    html = client.get(URL).content.decode()
    con_lai = int(re.search(r'data-con-lai-giay="(\d+)"', html).group(1))
    assert settings.SESSION_COOKIE_AGE - 60 <= con_lai <= settings.SESSION_COOKIE_AGE
    assert re.search(r'data-het-han-luc="\d\d:\d\d"', html)
    assert f'data-ban-nhap="ktxh:ban-nhap:{nhap_lieu_an_lao.pk}:an-lao:2023-6t"' in html


def _ke_hoach_da_go(client) -> dict:
    return du_lieu_form(client.get("/ke-hoach/an-lao/2023/").content.decode()) | {
        "kh-kh-tinh__CT01": "843.000", "cc-kh-tinh__CT01": "Quyết định 19/QĐ-UBND", "kh-kh-huyen__CT03": "98,6"}


def _thay_lai_da_go(tra_loi) -> None:
    van_ban = chu(tra_loi.content.decode())
    assert tra_loi.status_code == 403
    assert "Chưa lưu: kế hoạch năm 2023 của Huyện An Lão đã khóa" in van_ban
    assert "843.000 Quyết định 19/QĐ-UBND" in van_ban and "98,6" in van_ban  # nothing typed is lost


def test_plans_typed_into_a_year_that_was_locked_meanwhile_are_shown_back(client, danh_muc, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    du_lieu = _ke_hoach_da_go(client)
    TrangThaiNop.objects.create(don_vi=danh_muc.an_lao, ky=danh_muc.ky_2023_6t, trang_thai="da_gui")
    _thay_lai_da_go(client.post("/ke-hoach/an-lao/2023/", du_lieu))
    assert not KeHoach.objects.exists()


def test_plans_typed_while_a_period_is_being_sent_are_shown_back_too(client, danh_muc, nhap_lieu_an_lao,
                                                                     monkeypatch):
    # The page's check passes; the send commits before the save takes the year's lock.
    from chitieu import services

    kiem_tra_that = services.ngay_khoa_ke_hoach
    lan = []

    def gui_xen_vao(don_vi, nam):
        lan.append(1)
        if len(lan) == 2:
            TrangThaiNop.objects.create(don_vi=danh_muc.an_lao, ky=danh_muc.ky_2023_6t, trang_thai="da_gui")
        return kiem_tra_that(don_vi, nam)

    client.force_login(nhap_lieu_an_lao)
    du_lieu = _ke_hoach_da_go(client)
    monkeypatch.setattr(services, "ngay_khoa_ke_hoach", gui_xen_vao)
    _thay_lai_da_go(client.post("/ke-hoach/an-lao/2023/", du_lieu))
    assert len(lan) == 2 and not KeHoach.objects.exists()


def test_figures_typed_while_the_period_is_being_sent_are_shown_back(client, danh_muc, nhap_lieu_an_lao,
                                                                     monkeypatch):
    # The page's check sees the period open; the send commits before the save takes the lock.
    from chitieu import views

    client.force_login(nhap_lieu_an_lao)
    du_lieu = _form(client) | {"th-CT01.1": "184510", "gc-CT01.1": "Theo Chi cục Thống kê"}
    TrangThaiNop.objects.create(don_vi=danh_muc.an_lao, ky=danh_muc.ky_2023_6t, trang_thai="da_gui")
    monkeypatch.setattr(views.quyen, "trang_thai_nop", lambda don_vi, ky: TrangThaiNop(don_vi=don_vi, ky=ky))
    tra_loi = client.post(URL, du_lieu)
    assert tra_loi.status_code == 403
    assert "184510" in tra_loi.content.decode() and "Theo Chi cục Thống kê" in chu(tra_loi.content.decode())
    assert not ThucHien.objects.exists()
