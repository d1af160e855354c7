"""An upload has a budget: crafted workbooks (built here with zipfile) that would hold a
server for minutes are read in linear time or refused as soon as they go over a limit,
with a Vietnamese message, and nothing is stored; a file is read once per upload."""

import itertools
import os
import re
import subprocess
import sys
import time
from decimal import Decimal as D
from html import unescape

import pytest
from django.test import override_settings

from chitieu import bieu_mau, doc_xlsx, services, views_excel
from chitieu.models import TepTam, ThucHien, TrangThaiNop
from tests import factories
from tests.chitieu import excel
from tests.html import chu

GIAY_TOI_DA = 2.0  # on the 2-core development machine; the old reader took minutes on the first two


@pytest.fixture
def the_gioi(danh_muc, nhap_lieu_an_lao, client):
    factories.so_lieu_an_lao_2023(danh_muc)
    client.force_login(nhap_lieu_an_lao)
    return danh_muc


def _tai_len_va_do(client, noi_dung: bytes) -> tuple[str, float]:
    bat_dau = time.perf_counter()
    tra_loi = excel.tai_len(client, noi_dung, "x.xlsx")
    return chu(tra_loi.content.decode()), time.perf_counter() - bat_dau


def test_a_sheet_whose_formula_cells_made_the_old_scan_quadratic_is_read_in_linear_time(client, the_gioi):
    # 10,000 formula cells closed with "</c >" (valid XML): the old regex scanned to the end
    # of the sheet from every cell — 12 s for 6,000 such cells on this machine, about 35 s
    # for these 10,000 (a 350 kB sheet, 2 kB compressed), and four times as long for twice as many.
    dong = '<row r="1">' + '<c r="A1"><f>1+1</f><v>2</v></c >' * 10000 + "</row>"
    noi_dung = excel.goi_xlsx({"Sheet": excel.sheet_xml(dong)})
    assert len(noi_dung) < 5_000
    truoc = excel.anh_csdl()
    van_ban, giay = _tai_len_va_do(client, noi_dung)
    assert giay < GIAY_TOI_DA, giay
    assert "Không tìm thấy dòng tiêu đề" in van_ban
    assert not TepTam.objects.exists() and excel.anh_csdl() == truoc


def test_a_declared_dimension_of_the_whole_sheet_is_never_trusted(client, the_gioi):
    # 1.5 kB: the sheet says it spans A1:XFD1048576 and its used range reaches the last
    # cell (an empty formatted cell); openpyxl padded every row to 16,384 columns.
    dong = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Ghi chú</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    noi_dung = excel.goi_xlsx({"Sheet": excel.sheet_xml(dong, '<dimension ref="A1:XFD1048576"/>')})
    assert len(noi_dung) < 2000
    truoc = excel.anh_csdl()
    van_ban, giay = _tai_len_va_do(client, noi_dung)
    assert giay < GIAY_TOI_DA, giay
    assert "Không tìm thấy dòng tiêu đề" in van_ban
    assert not TepTam.objects.exists() and excel.anh_csdl() == truoc
    sheet = doc_xlsx.doc_bang_tinh(noi_dung)[0]
    assert sheet.dong == [(1, ["Ghi chú"])]  # rows as long as their data; no made-up rows


def test_a_real_form_that_declares_the_whole_sheet_is_read_as_usual(client, the_gioi):
    dm = the_gioi
    bieu = excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT05", "th"): 50})
    bieu = excel.thay_trong_sheet(bieu, rb'<dimension ref="[A-Z0-9:]+"/>', b'<dimension ref="A1:XFD1048576"/>')
    van_ban, giay = _tai_len_va_do(client, bieu)
    assert giay < GIAY_TOI_DA, giay
    assert "1 ô thay đổi" in van_ban and TepTam.objects.count() == 1


@pytest.fixture(scope="module")
def sau_tram_nghin_dong() -> bytes:
    noi_dung = excel.dang_dai_xlsx(600_000)
    assert len(noi_dung) < 10 * 1024 * 1024  # within the size limit: only the row cap stops it
    return noi_dung


def test_a_600k_row_long_file_is_refused_by_the_row_cap_before_reading_it_all(client, the_gioi, settings,
                                                                              sau_tram_nghin_dong, monkeypatch):
    da_dung = []
    tu_cai_dat = doc_xlsx.NganSach.tu_cai_dat
    monkeypatch.setattr(doc_xlsx.NganSach, "tu_cai_dat", classmethod(lambda cls: da_dung.append(tu_cai_dat()) or
                                                                      da_dung[-1]))
    truoc = excel.anh_csdl()
    van_ban, giay = _tai_len_va_do(client, sau_tram_nghin_dong)
    assert f"có hơn {settings.EXCEL_MAX_ROWS:,} dòng có dữ liệu".replace(",", ".") in van_ban
    assert not TepTam.objects.exists() and excel.anh_csdl() == truoc
    # It stopped at the first row over the cap: the header and 50,000 rows of 4 cells read,
    # not 600,001.
    assert [ns.o_da_doc for ns in da_dung] == [(settings.EXCEL_MAX_ROWS + 1) * 5]
    assert giay < 15, giay


@pytest.mark.parametrize(("cai_dat", "noi_dung", "thong_bao"), [
    ({"EXCEL_MAX_COLUMNS": 5},
     excel.sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="F1"><v>2</v></c></row>'),
     "Sheet “Sheet”, ô F1: có dữ liệu ở cột F, quá giới hạn 5 cột"),
    ({"EXCEL_MAX_CELLS": 3},
     excel.sheet_xml("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 5))),
     "có hơn 3 ô có dữ liệu"),
    ({"EXCEL_MAX_CELLS_READ": 10},
     excel.sheet_xml("".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(1, 20))),
     "có hơn 10 ô và dòng (kể cả ô trống có định dạng)"),
    ({"EXCEL_MAX_ROWS": 2},
     excel.sheet_xml("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 5))),
     "có hơn 2 dòng có dữ liệu"),
])
def test_each_cap_stops_the_reading_with_its_message(client, the_gioi, cai_dat, noi_dung, thong_bao):
    with override_settings(**cai_dat):
        van_ban, _ = _tai_len_va_do(client, excel.goi_xlsx({"Sheet": noi_dung}))
    assert thong_bao in van_ban, van_ban[-800:]
    assert not TepTam.objects.exists()


def test_a_workbook_with_too_many_sheets_is_refused(client, the_gioi):
    cac_sheet = {f"S{i}": excel.sheet_xml("") for i in range(4)}
    with override_settings(EXCEL_MAX_SHEETS=3):
        van_ban, _ = _tai_len_va_do(client, excel.goi_xlsx(cac_sheet))
    assert "Bảng tính có hơn 3 sheet; tối đa 3" in van_ban and not TepTam.objects.exists()


def test_a_cell_longer_than_excel_allows_is_refused(client, the_gioi):
    dong = f'<row r="1"><c r="B1" t="inlineStr"><is><t>{"a" * 40000}</t></is></c></row>'
    van_ban, _ = _tai_len_va_do(client, excel.goi_xlsx({"Sheet": excel.sheet_xml(dong)}))
    assert "Sheet “Sheet”, ô B1: ô dài quá 32.767 ký tự" in van_ban


def test_the_time_budget_stops_a_reading_with_a_vietnamese_message(client, the_gioi):
    with override_settings(EXCEL_PARSE_SECONDS=0.0):
        van_ban, _ = _tai_len_va_do(client, excel.dang_dai_xlsx(100))
    assert "Đọc tệp quá 0 giây nên đã dừng" in van_ban and not TepTam.objects.exists()


def test_the_budget_comes_from_the_environment_with_sane_defaults():
    ma = ("import django; django.setup(); from django.conf import settings as s; print(s.EXCEL_MAX_SHEETS, "
          "s.EXCEL_MAX_ROWS, s.EXCEL_MAX_COLUMNS, s.EXCEL_MAX_CELLS, s.EXCEL_MAX_CELLS_READ, s.EXCEL_PARSE_SECONDS, "
          "s.EXCEL_UPLOADS_PER_USER, s.EXCEL_UPLOAD_BYTES_PER_USER)")
    moi_truong = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    for ten in ("EXCEL_MAX_SHEETS", "EXCEL_MAX_ROWS", "EXCEL_MAX_COLUMNS", "EXCEL_MAX_CELLS", "EXCEL_MAX_CELLS_READ",
                "EXCEL_PARSE_SECONDS", "EXCEL_UPLOADS_PER_USER", "EXCEL_UPLOAD_BYTES_PER_USER"):
        moi_truong.pop(ten, None)
    mac_dinh = subprocess.run([sys.executable, "-c", ma], env=moi_truong, capture_output=True, text=True, check=True)
    assert mac_dinh.stdout.split() == ["1000", "50000", "100", "500000", "2000000", "20.0", "5", "52428800"]
    moi_truong |= {"EXCEL_MAX_SHEETS": "3", "EXCEL_MAX_ROWS": "10", "EXCEL_MAX_COLUMNS": "20", "EXCEL_MAX_CELLS": "30",
                   "EXCEL_MAX_CELLS_READ": "40", "EXCEL_PARSE_SECONDS": "1.5", "EXCEL_UPLOADS_PER_USER": "2",
                   "EXCEL_UPLOAD_BYTES_PER_USER": "1000"}
    dat = subprocess.run([sys.executable, "-c", ma], env=moi_truong, capture_output=True, text=True, check=True)
    assert dat.stdout.split() == ["3", "10", "20", "30", "40", "1.5", "2", "1000"]


def test_a_file_is_read_once_per_upload_and_the_confirm_still_checks_the_database(client, the_gioi, monkeypatch):
    dm = the_gioi
    lan_doc = []
    doc_that = doc_xlsx.doc_bang_tinh
    monkeypatch.setattr(bieu_mau, "doc_bang_tinh", lambda *a, **k: lan_doc.append(1) or doc_that(*a, **k))
    bieu = excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT05", "th"): 50})
    html = excel.tai_len(client, bieu).content.decode()
    url = f"/excel/nhap/{TepTam.objects.get().ma}/"
    for _ in range(3):
        assert "1 ô thay đổi" in chu(client.get(url).content.decode())
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)})
    assert tra_loi.status_code == 302 and ThucHien.objects.get(chi_tieu=dm.ct05).gia_tri == 50
    assert lan_doc == [1]  # upload only: not the three previews, not the confirm


def test_a_value_changed_and_back_between_preview_and_confirm_is_seen(client, the_gioi, nhap_lieu_an_lao):
    # A → B → A by someone else: the values match what was previewed, the database does not.
    dm = the_gioi
    bieu = excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT01.1", "th"): 190000})
    html = excel.tai_len(client, bieu).content.decode()
    for gia_tri in ("184511", "184510"):
        services.thuc_hien_luu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nhap_lieu_an_lao, ly_do="x",
                               gia_tri={dm.ct01_1: services.ONhap(D(gia_tri), True)})
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)}, follow=True)
    assert "Số liệu đã thay đổi kể từ lúc xem trước" in chu(tra_loi.content.decode())
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1, ky=dm.ky_2023_6t, don_vi=dm.an_lao).gia_tri == 184510


def test_the_preview_lists_at_most_100_errors_and_counts_the_rest(client, the_gioi):
    dong = [["an-lao", "2023-6t", "CT99", i] for i in range(150)]
    van_ban, _ = _tai_len_va_do(client, excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri"], *dong))
    assert "150 lỗi" in van_ban and "… và còn 50 lỗi khác" in van_ban
    assert van_ban.count("Mã chỉ tiêu “CT99” không có trong danh mục") == 100


def test_a_large_preview_is_a_summary_with_the_changed_cells_a_page_at_a_time(client, the_gioi, tong_hop,
                                                                             monkeypatch):
    dm = the_gioi
    client.force_login(tong_hop)
    monkeypatch.setattr(views_excel, "THAY_DOI_MOT_TRANG", 20)
    cac_ky = [factories.ky(2022, t) for t in (3, 6, 9, 12)] + [factories.ky(2023, t) for t in (3, 9, 12)]
    dong = [[dv.ma, ky.slug, ct.ma, 1000 + i] for i, (dv, ky, ct) in enumerate(itertools.product(
        (dm.an_lao, dm.tuy_phuoc), cac_ky, (dm.ct01_1, dm.ct01_2, dm.ct03, dm.ct05)))][:50]
    html = excel.tai_len(client, excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri"], *dong)).content.decode()
    url = f"/excel/nhap/{TepTam.objects.get().ma}/"
    van_ban = chu(html)
    assert "50 ô thay đổi" in van_ban and "Trang 1/3" in van_ban
    assert "Thay đổi theo đơn vị (2)" in van_ban and "Thay đổi theo chỉ tiêu (4)" in van_ban
    trang_3 = client.get(url + "?trang=3").content.decode()
    assert len(excel.cac_thay_doi(html)) == 20 and len(excel.cac_thay_doi(trang_3)) == 10
    assert "Trang 3/3" in chu(client.get(url + "?trang=99").content.decode())
    # The confirm on any page applies every change of the file — once the values 100× below An
    # Lão's 2023 plans, listed on every page, are acknowledged.
    xac_nhan = re.findall(r'name="xac_nhan_bac_do" value="([^"]+)"', trang_3)
    assert len(xac_nhan) == 4
    tra_loi = client.post(excel.url_xac_nhan(trang_3), {"dau_van_tay": excel.van_tay(trang_3),
                                                        "xac_nhan_bac_do": [unescape(o) for o in xac_nhan]},
                          follow=True)
    assert "Đã nhập 50 thay đổi" in chu(tra_loi.content.decode())
    assert ThucHien.objects.filter(don_vi=dm.tuy_phuoc).count() == 50 - 28


def test_a_period_sent_after_the_upload_blocks_the_confirm_with_a_message(client, the_gioi):
    dm = the_gioi
    html = excel.tai_len(client, excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao),
                                           {("CT05", "th"): 50})).content.decode()
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    truoc = excel.anh_csdl()
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)}, follow=True)
    van_ban = chu(tra_loi.content.decode())
    assert "Tệp còn lỗi nên chưa nhập gì" in van_ban and "đã gửi hoặc đã duyệt nên đã khóa" in van_ban
    assert excel.anh_csdl() == truoc and TepTam.objects.count() == 1  # still there, to read why
