"""Names and notes cannot break a download: every .xlsx (and .docx) the project writes,
with a unit and a plan source named like a formula, a short name with "/", notes that
start with = + - @ or read "#N/A", and characters already stored that XML cannot hold,
opens with openpyxl (python-docx) and holds no formula that came from text."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from chitieu import bieu_mau, tai_ve
from chitieu.models import ChiTieu, DonVi, KeHoach, NguonKeHoach, ThucHien
from tests import factories
from tests.html import du_lieu_form

CONG_THUC = '=HYPERLINK("http://x.example","y")'


@pytest.fixture
def ten_nguy_hiem(danh_muc, quan_tri):
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)
    factories.dat_thuc_hien(dm.tuy_phuoc, dm.ct01, dm.ky_2023_6t, "5", ghi_chu="#N/A")
    factories.dat_ke_hoach(dm.tuy_phuoc, dm.ct01, 2023, tinh="10")
    DonVi.objects.filter(id=dm.an_lao.id).update(ten=CONG_THUC, ten_ngan="=1+1")
    DonVi.objects.filter(id=dm.tuy_phuoc.id).update(ten_ngan="Tuy Phước/Cũ")
    ChiTieu.objects.filter(id=dm.ct01.id).update(ten=CONG_THUC, don_vi_tinh="@SUM(A1)")
    ChiTieu.objects.filter(id=dm.ct03.id).update(ten="-5 % so với cùng kỳ")
    # Stored before names and notes were checked: a control character and U+FFFF.
    ChiTieu.objects.filter(id=dm.ct01_1.id).update(ten="Nông\x07 nghiệp\uffff")
    ThucHien.objects.filter(chi_tieu=dm.ct03, don_vi=dm.an_lao).update(ghi_chu="+84 905\x1b[31m")
    KeHoach.objects.filter(chi_tieu=dm.ct01, don_vi=dm.an_lao, nguon__ma="kh-tinh").update(can_cu="=WEBSERVICE(1)")
    NguonKeHoach.objects.filter(ma="kh-huyen").update(ten="=KH huyện giao", ten_ngan="-KH huyện")
    factories.dat_ke_hoach_nguon(dm.an_lao, dm.ct02, 2023, factories.nguon("kh-tinh"), "-1", kieu="khoang", den="2")
    return dm


TAI_VE_XLSX = [
    "/excel/bieu-mau/an-lao/2023-6t/",
    "/excel/bieu-mau/2023-6t/",
    "/?ky=2023-6t&dang=xlsx",
    "/don-vi/an-lao/2023-6t/?dang=xlsx",
    "/don-vi/binh-dinh/2023-6t/?dang=xlsx",
    "/chi-tieu/CT01/2023-6t/?dang=xlsx",
    "/chi-tieu/CT01.1/2023-6t/?dang=xlsx",
    "/xu-huong/an-lao/CT01/?dang=xlsx",
    "/bao-cao/an-lao/2023-6t/xlsx/",
    "/bao-cao/binh-dinh/2023-6t/xlsx/",
]
XUAT_ADMIN = ["thuchien", "kehoach", "donvi", "chitieu"]


def _kiem_tra_xlsx(noi_dung: bytes, nguon: str) -> list[str]:
    """Opens the workbook and returns every text cell; fails on any formula from text."""
    so = load_workbook(io.BytesIO(noi_dung))
    chu = []
    for ws in so.worksheets:
        assert len(ws.title) <= 31 and not set(ws.title) & set("[]*?/\\:"), (nguon, ws.title)
        for hang in ws.iter_rows():
            for o in hang:
                # No download holds a formula: the form's comparisons are the page's words.
                if o.data_type in ("f", "e"):
                    raise AssertionError((nguon, o.coordinate, o.value))
                elif isinstance(o.value, str):
                    chu.append(o.value)
    return chu


@pytest.mark.parametrize("url", TAI_VE_XLSX)
def test_every_xlsx_download_opens_and_holds_no_formula_from_text(client, ten_nguy_hiem, quan_tri, url):
    client.force_login(quan_tri)
    tra_loi = client.get(url)
    assert tra_loi.status_code == 200 and tra_loi["Content-Type"] == tai_ve.XLSX, url
    chu = _kiem_tra_xlsx(tra_loi.content, url)
    van_ban = "\n".join(chu)
    assert CONG_THUC in van_ban or "=1+1" in van_ban, url  # the names are there, as text
    assert "\uffff" not in van_ban and "\x07" not in van_ban and "\x1b" not in van_ban


@pytest.mark.parametrize("mo_hinh", XUAT_ADMIN)
def test_the_admin_exports_open_and_hold_no_formula_from_text(client, ten_nguy_hiem, quan_tri, mo_hinh):
    client.force_login(quan_tri)
    url = f"/admin/chitieu/{mo_hinh}/export/"
    tra_loi = client.post(url, du_lieu_form(client.get(url).content.decode()))
    assert tra_loi.status_code == 200 and tra_loi["Content-Type"] == tai_ve.XLSX, tra_loi.content[:500]
    van_ban = "\n".join(_kiem_tra_xlsx(tra_loi.content, url))
    assert {"thuchien": "'+84 905", "kehoach": "'=WEBSERVICE(1)", "donvi": "'" + CONG_THUC,
            "chitieu": "'@SUM(A1)"}[mo_hinh] in van_ban


def test_the_form_with_names_and_a_range_written_as_text_reads_back_unchanged(ten_nguy_hiem, quan_tri):
    dm = ten_nguy_hiem
    tep = bieu_mau.ghi_bieu_mau(dm.ky_2023_6t, [dm.an_lao])
    ws = load_workbook(io.BytesIO(tep)).worksheets[0]
    assert "'=KH huyện giao" in [o.value for hang in ws.iter_rows(max_row=8) for o in hang]
    assert "'-1–2" in [o.value for hang in ws.iter_rows() for o in hang]  # a range from a negative number
    xt = bieu_mau.xem_truoc_tep(tep, quan_tri)
    # Only the note stored with a control character changes: the writer replaced it (with �).
    assert xt.loi == [] and [(t.chi_tieu.ma, t.cot) for t in xt.thay_doi] == [("CT03", "TH 6 tháng 2023")]


def test_the_form_names_its_sheets_safely_and_keeps_them_apart(client, ten_nguy_hiem, quan_tri):
    client.force_login(quan_tri)
    so = load_workbook(io.BytesIO(client.get("/excel/bieu-mau/2023-6t/").content))
    assert so.sheetnames == ["Bình Định", "=1+1", "Tuy Phước Cũ"]


@pytest.mark.parametrize("url", ["/bao-cao/an-lao/2023-6t/docx/", "/bao-cao/binh-dinh/2023-6t/docx/"])
def test_the_report_docx_opens_with_the_names_as_text(client, ten_nguy_hiem, quan_tri, url):
    client.force_login(quan_tri)
    tra_loi = client.get(url)
    assert tra_loi.status_code == 200
    tai_lieu = Document(io.BytesIO(tra_loi.content))
    van_ban = "\n".join(p.text for p in tai_lieu.paragraphs) + "\n".join(
        o.text for bang in tai_lieu.tables for hang in bang.rows for o in hang.cells)
    assert CONG_THUC in van_ban and "\uffff" not in van_ban


def test_the_sheet_name_function_makes_every_name_acceptable_and_unique():
    da_dung: set[str] = set()
    ten = [tai_ve.ten_sheet(x, da_dung, du_phong="ma") for x in
           ["Tuy Phước/Cũ", "tuy phước cũ", "'Quy Nhơn'", "[a]*?:\\b", "", "History", "x" * 40, "x" * 40,
            "Tab\tvà\nxuống dòng"]]
    assert ten == ["Tuy Phước Cũ", "tuy phước cũ (2)", "Quy Nhơn", "a b", "ma", "History (2)", "x" * 31,
                   "x" * 27 + " (2)", "Tab và xuống dòng"]


def test_the_cell_writer_keeps_text_as_text():
    from openpyxl import Workbook

    ws = Workbook().active
    gia_tri = ["=1+1", "+84", "-5", "@A1", "#N/A", "#DIV/0!", "a\x00b\uffff", "Bình thường", 12, None]
    for cot, x in enumerate(gia_tri, start=1):
        tai_ve.ghi_o(ws, 1, cot, x, "0.00")
    assert [o.value for o in ws[1]] == ["'=1+1", "'+84", "'-5", "'@A1", "#N/A", "#DIV/0!", "a\ufffdb\ufffd",
                                        "Bình thường", 12, None]
    assert [o.data_type for o in ws[1]][:8] == ["s"] * 8
    assert ws["I1"].number_format == "0.00" and ws["A1"].number_format == "General"
