"""The streaming reader of uploads (chitieu/doc_xlsx.py) on packages built by hand: values
as openpyxl gives them with data_only=True (text, numbers, booleans, errors, dates), the
package's own structure (relationships, shared strings with runs and phonetic hints,
styles), and every way a crafted or broken part is refused with a message."""

import datetime
import io
import zipfile

import pytest
from django.test import override_settings

from chitieu.doc_xlsx import LoiTep, doc_bang_tinh, kiem_tra_tep
from chitieu.ky_tu import KyTuHopLe
from tests.chitieu.excel import NS, sheet_xml

LOAI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NGAY_VA_GIO = ('<styleSheet xmlns="' + NS + '"><numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/>'
               '</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3">'
               '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')


def _goi(cac_sheet: dict, chuoi: str = "", kieu: str = "", so_lam_viec: str = "", them_quan_he: str = "",
         bo: tuple = ()) -> bytes:
    """A package with the given sheet parts (name → XML, or None for a chart sheet), shared
    strings (<si> elements), styles, extra workbook XML and relationships; parts in `bo`
    left out."""
    sheet = "".join(f'<sheet name="{ten}" sheetId="{i}" r:id="rId{i}"/>' for i, ten in enumerate(cac_sheet, 1))
    quan_he = "".join(f'<Relationship Id="rId{i}" Type="{LOAI}{"chartsheet" if xml is None else "worksheet"}" '
                      f'Target="{"/xl/" if i % 2 else ""}worksheets/sheet{i}.xml"/>'
                      for i, xml in enumerate(cac_sheet.values(), 1))
    quan_he += (f'<Relationship Id="rIdS" Type="{LOAI}sharedStrings" Target="sharedStrings.xml"/>'
                f'<Relationship Id="rIdK" Type="{LOAI}styles" Target="styles.xml"/>' + them_quan_he)
    phan = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
                               'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                               'spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": f'<workbook xmlns="{NS}" xmlns:r="{LOAI[:-1]}">{so_lam_viec}<sheets>{sheet}</sheets>'
                           "</workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                      f'relationships">{quan_he}</Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{NS}">{chuoi}</sst>',
        "xl/styles.xml": kieu or NGAY_VA_GIO,
    }
    phan |= {f"xl/worksheets/sheet{i}.xml": xml for i, xml in enumerate(cac_sheet.values(), 1) if xml is not None}
    ra = io.BytesIO()
    with zipfile.ZipFile(ra, "w", zipfile.ZIP_DEFLATED) as z:
        for ten, noi_dung in phan.items():
            if ten not in bo:
                z.writestr(ten, noi_dung)
    return ra.getvalue()


def _mot_sheet(dong: str, **kw) -> list:
    return doc_bang_tinh(_goi({"S": sheet_xml(dong)}, **kw))[0].dong


def test_values_come_out_as_openpyxl_gives_them():
    dong = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v>1</v></c>'
            '<c r="D1" t="e"><v>#DIV/0!</v></c><c r="E1" t="str"><f>A1&amp;"x"</f><v>Tổng thux</v></c>'
            '<c r="F1"><v>447142</v></c><c r="G1"><v>32.454</v></c><c r="H1" s="1"><v>45107</v></c>'
            '<c r="I1" s="2"><v>1.5</v></c><c r="J1" t="d"><v>2023-06-30T00:00:00</v></c><c r="K1" s="1"><v>1e9</v>'
            '</c><c r="L1" t="inlineStr"><is><r><t>An</t></r><r><t> Lão</t></r></is></c><c r="M1"><v></v></c></row>')
    chuoi = "<si><r><t>Tổng</t></r><r><rPr/><t> thu</t></r></si><si><t>Hà</t><rPh><t>ha</t></rPh></si>"
    assert _mot_sheet(dong, chuoi=chuoi) == [(1, [
        "Tổng thu", "Hà", True, "#DIV/0!", "Tổng thux", 447142, 32.454, datetime.datetime(2023, 6, 30),
        datetime.timedelta(hours=36), datetime.datetime(2023, 6, 30), "#VALUE!", "An Lão"])]


def test_a_1904_workbook_counts_its_dates_from_1904():
    dong = '<row r="1"><c r="A1" s="1"><v>43645</v></c></row>'
    assert _mot_sheet(dong, so_lam_viec='<workbookPr date1904="1"/>') == [(1, [datetime.datetime(2023, 6, 30)])]
    assert _mot_sheet(dong) == [(1, [datetime.datetime(2019, 6, 29)])]


def test_rows_and_cells_without_an_address_follow_the_previous_ones_and_formulas_are_noted():
    dong = ('<row><c><v>1</v></c><c><f>A1+1</f><v>2</v></c></row><row r="5"><c r="C5"><f>1</f></c><c><v>3</v></c>'
            "</row><row/>")
    sheet = doc_bang_tinh(_goi({"S": sheet_xml(dong)}))[0]
    assert sheet.dong == [(1, [1, 2]), (5, [None, None, None, 3])]
    assert sheet.cong_thuc == {(1, 2), (5, 3)}  # a formula without a cached value is noted too


def test_chart_sheets_are_skipped_and_parts_are_found_by_their_relationships():
    sheets = doc_bang_tinh(_goi({"Số liệu": sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'),
                                 "Biểu đồ": None,
                                 "Khác": sheet_xml('<row r="2"><c r="B2"><v>2</v></c></row>')}))
    assert [(s.ten, s.dong) for s in sheets] == [("Số liệu", [(1, [1])]), ("Khác", [(2, [None, 2])])]


@pytest.mark.parametrize(("noi_dung", "cai_dat", "thong_bao"), [
    (_goi({"S": sheet_xml('<row r="1"><c r="A1B"><v>1</v></c></row>')}), {}, "ô có địa chỉ không hợp lệ “A1B”"),
    (_goi({"S": sheet_xml('<row r="0"/>')}), {}, "số dòng không hợp lệ “0”"),
    (_goi({"S": sheet_xml('<row r="x"/>')}), {}, "số dòng không hợp lệ “x”"),
    (_goi({"S": sheet_xml('<row r="1"><c r="XFE1"><v>1</v></c></row>')}), {},
     "ô XFE1: cột vượt quá giới hạn của Excel"),
    (_goi({"S": sheet_xml('<row r="1"><c r="A1" t="s"><v>7</v></c></row>')}), {}, "giá trị “7” không đúng kiểu “s”"),
    (_goi({"S": sheet_xml('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>')}, chuoi="<si><t>a</t></si>"), {},
     "giá trị “-1” không đúng kiểu “s”"),
    (_goi({"S": sheet_xml('<row r="1"><c r="A1"><v>abc</v></c></row>')}), {}, "giá trị “abc” không đúng kiểu “n”"),
    (_goi({"S": sheet_xml('<row r="1"><c r="A1">' + "<x/>" * 1001 + "</c></row>")}), {},
     "ô A1: ô có cấu trúc bất thường"),
    (_goi({"S": sheet_xml("")}, chuoi="<si><t>a</t></si>" * 4), {"EXCEL_MAX_CELLS": 3}, "hơn 3 chuỗi văn bản"),
    (_goi({"S": sheet_xml("")}, chuoi=f"<si><t>{'a' * 33000}</t></si>"), {}, "một ô văn bản dài quá 32.767 ký tự"),
    (_goi({"S": sheet_xml("")}, kieu=f'<styleSheet xmlns="{NS}"><cellXfs>' + "<xf/>" * 65001 + "</cellXfs></styleSheet>"),
     {}, "quá nhiều định dạng ô"),
    (_goi({"S": sheet_xml("")}, them_quan_he="".join(f'<Relationship Id="x{i}" Type="t" Target="x"/>'
                                                      for i in range(10001))), {}, "quá nhiều liên kết"),
    (_goi({"S": sheet_xml("")}, bo=("xl/worksheets/sheet1.xml",)), {}, "thiếu phần xl/worksheets/sheet1.xml"),
    (_goi({"S": sheet_xml("")}, bo=("xl/_rels/workbook.xml.rels",)), {}, "thiếu phần xl/_rels/workbook.xml.rels"),
    (_goi({"S": b"<worksheet><sheetData><row></worksheet>"}), {}, "phần xl/worksheets/sheet1.xml bị hỏng"),
])
def test_a_broken_or_crafted_part_is_refused_with_a_message(noi_dung, cai_dat, thong_bao):
    with override_settings(**cai_dat), pytest.raises(LoiTep, match=thong_bao):
        doc_bang_tinh(noi_dung)


def test_styles_with_bad_numbers_are_read_as_general():
    kieu = (f'<styleSheet xmlns="{NS}"><numFmts><numFmt numFmtId="x" formatCode="d/m"/></numFmts><cellXfs>'
            '<xf numFmtId="y"/></cellXfs></styleSheet>')
    assert _mot_sheet('<row r="1"><c r="A1" s="0"><v>5</v></c></row>', kieu=kieu) == [(1, [5])]


def test_the_package_itself_is_checked_before_reading():
    goi = _goi({"S": sheet_xml("")})
    with override_settings(EXCEL_MAX_BYTES=len(goi) - 1), pytest.raises(LoiTep, match="Tệp quá lớn"):
        kiem_tra_tep(goi)
    with pytest.raises(LoiTep, match="thiếu xl/workbook.xml"):
        kiem_tra_tep(_goi({"S": sheet_xml("")}).replace(b"xl/workbook.xml", b"xl/workbook.xmX"))
    ra = io.BytesIO()
    with zipfile.ZipFile(ra, "w") as z:
        z.writestr("[Content_Types].xml", "<Types>" + " " * (1024 * 1024) + "</Types>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(LoiTep, match=r"\[Content_Types\].xml quá lớn"):
        kiem_tra_tep(ra.getvalue())
    with pytest.raises(LoiTep, match="bị hỏng"):
        doc_bang_tinh(b"PK\x03\x04 khong phai zip")


def test_the_name_validator_compares_for_migrations():
    assert KyTuHopLe(mot_dong=True) == KyTuHopLe(mot_dong=True) != KyTuHopLe()
