"""The report page and its Word and Excel downloads: the seed's sentences, the stored
numbers, the province's comparison, and who may read them."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from chitieu.models import KeHoach, ThucHien
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu

URL = "/bao-cao/an-lao/2023-6t/"
URL_TINH = "/bao-cao/binh-dinh/2023-6t/"

# Section I.3 of report 164/BC-UBND (An Lão, 6 tháng 2023): the sentences with their numbers,
# as the generated text writes them (catalog names; "%" spaced as DESIGN §3 writes it).
CAU_CUA_BAO_CAO = [
    "(giá so sánh 2010) ước đạt: 447.142 triệu đồng, đạt 53,04 % so với KH tỉnh giao; "
    "đạt 52,69 % so với KH huyện giao",
    "ước đạt: 184.510 triệu đồng, đạt 54,33 % so với KH tỉnh giao; đạt 54,18 % so với KH huyện giao",
    "ước đạt: 141.004 triệu đồng, đạt 51,63 % so với KH tỉnh giao; đạt 51,15 % so với KH huyện giao",
    "ước đạt: 121.628 triệu đồng, đạt 52,8 % so với KH tỉnh giao; đạt 52,32 % so với KH huyện giao",
    "Tổng thu ngân sách nhà nước trên địa bàn đạt: 32,454 tỷ đồng, đạt 77,59 % so với KH tỉnh giao; "
    "đạt 32,91 % so với KH huyện giao",
    "Trong đó, Thu tiền sử dụng đất ước đạt: 12,5 tỷ đồng, đạt 125 % so với KH tỉnh giao; "
    "đạt 19,23 % so với KH huyện giao",
]


def _chuan(van_ban: str) -> str:
    return re.sub(r"\s+", " ", van_ban).strip()


@pytest.fixture
def an_lao(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def test_the_page_contains_every_sentence_of_section_i3_with_its_numbers(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    van_ban = chu(client.get(URL).content.decode())
    for cau in CAU_CUA_BAO_CAO:
        assert cau in van_ban, cau
    assert "- Nông, lâm nghiệp và thủy sản: ước đạt: 184.510 triệu đồng" in van_ban
    assert "Có 2/6 chỉ tiêu đạt hoặc vượt tiến độ" in van_ban
    assert "UBND huyện An Lão báo cáo kết quả thực hiện các chỉ tiêu kinh tế - xã hội 6 tháng đầu năm 2023" in van_ban


def test_the_page_links_its_downloads(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get(URL).content.decode()
    assert 'href="/bao-cao/an-lao/2023-6t/docx/"' in html and 'href="/bao-cao/an-lao/2023-6t/xlsx/"' in html
    assert 'css/bao_cao.css' in html and "<script>" not in html


def _docx(client) -> Document:
    response = client.get(URL + "docx/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-an-lao-2023-6t.docx"'
    return Document(BytesIO(response.content))


def test_the_docx_contains_the_same_sentences(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    doc = _docx(client)
    doan = [_chuan(p.text) for p in doc.paragraphs]
    for cau in CAU_CUA_BAO_CAO:
        assert any(cau in d for d in doan), cau
    assert "BÁO CÁO" in doan
    assert "Kết quả thực hiện các chỉ tiêu kinh tế - xã hội 6 tháng đầu năm 2023" in doan
    assert "Kính gửi: UBND tỉnh Bình Định" in doan


def test_the_docx_is_an_administrative_document_in_times_new_roman(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    doc = _docx(client)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= doc.styles["Normal"].font.size.pt <= 14
    dau = [_chuan(o.text) for o in doc.tables[0]._cells]
    assert "ỦY BAN NHÂN DÂN HUYỆN AN LÃO" in " ".join(dau)
    assert any(o.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc") for o in dau)
    # Every run of the body is Times New Roman (set, or inherited from Normal), 13–14 pt.
    for p in doc.paragraphs:
        for run in p.runs:
            assert run.font.name in (None, "Times New Roman")
            assert run.font.size is None or 12 <= run.font.size.pt <= 14
    # The indicator table, in Vietnamese number formats, on a landscape page.
    bang = doc.tables[-1]
    hang = {_chuan(h.cells[0].text): [_chuan(o.text) for o in h.cells] for h in bang.rows}
    assert hang["CT01"][3:10] == ["843.000", "848.700", "—", "447.142*", "53,04 %", "52,69 %", "—"]
    assert hang["CT03.1"][6:9] == ["12,500*", "125,00 %", "19,23 %"]
    assert doc.sections[-1].page_width > doc.sections[-1].page_height


def test_the_xlsx_numbers_are_the_database_values(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    response = client.get(URL + "xlsx/")
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-an-lao-2023-6t.xlsx"'
    ws = load_workbook(BytesIO(response.content))["Chỉ tiêu"]
    tieu_de = [o.value for o in ws[4]]
    assert tieu_de[:8] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "KH tỉnh giao", "KH huyện giao", "TH cùng kỳ",
                           "TH kỳ báo cáo", "Số ước tính"]
    hang = {h[0].value: h for h in ws.iter_rows(min_row=5)}
    an_lao_id = an_lao.an_lao.id
    so_sanh = 0
    for th in ThucHien.objects.filter(don_vi_id=an_lao_id, ky=an_lao.ky_2023_6t).select_related("chi_tieu"):
        o = hang[th.chi_tieu.ma]
        assert isinstance(o[6].value, (int, float)) and Decimal(str(o[6].value)) == th.gia_tri
        so_sanh += 1
    for kh in KeHoach.objects.filter(don_vi_id=an_lao_id, nam=2023).select_related("chi_tieu"):
        cot = 3 if kh.nguon.ma == "kh-tinh" else 4
        assert Decimal(str(hang[kh.chi_tieu.ma][cot].value)) == kh.gia_tri
        so_sanh += 1
    assert so_sanh == 18
    assert hang["CT01"][8].value == 53.04 and hang["CT01"][9].value == 52.69
    assert hang["CT03.1"][6].number_format == "#,##0.000"
    assert hang["CT05"][6].value is None  # missing stays empty, never 0


def test_the_page_takes_a_fixed_number_of_queries(client, an_lao, lanh_dao, django_assert_num_queries):
    client.force_login(lanh_dao)
    client.get(URL)
    # session, user, roles, unit, assignments, period, units below, 8 for the table (the sets: 4,
    # ancestors, units below, plans, actuals), the units' workflow states, the explanations printed
    # (one query; a second when there are some), 2 for the year-end forecast (the units around, the
    # figures of months 6 and 12 of every year), the period list, the menu's unread count
    with django_assert_num_queries(21):
        assert client.get(URL).status_code == 200
    for i in range(30):
        ct = factories.tao_chi_tieu(f"Z{i:02d}")
        dat_thuc_hien(an_lao.an_lao, ct, an_lao.ky_2023_6t, i + 1)
    with django_assert_num_queries(21):
        assert client.get(URL).status_code == 200
    # the downloads: the same less the period list and the menu, with the forecast's 2
    with django_assert_num_queries(19):
        assert client.get(URL + "docx/").status_code == 200
    with django_assert_num_queries(19):
        assert client.get(URL + "xlsx/").status_code == 200


def test_the_province_report_compares_its_units_and_names_those_behind(client, danh_muc, lanh_dao,
                                                                       django_assert_num_queries):
    dm = danh_muc
    for dv, th in ((dm.an_lao, "30"), (dm.tuy_phuoc, "60")):
        dat_ke_hoach(dv, dm.ct01, 2023, tinh="100")
        dat_thuc_hien(dv, dm.ct01, dm.ky_2023_6t, th, la_uoc=True)
    dat_ke_hoach(dm.tinh, dm.ct01, 2023, tinh="200")
    client.force_login(lanh_dao)
    client.get(URL_TINH)
    with django_assert_num_queries(21):  # as a district's: the units below come in the same queries
        html = client.get(URL_TINH).content.decode()
    van_ban = chu(html)
    # The province's own figure is the sum of its units (selectors' rollup).
    assert ("Tổng giá trị sản phẩm (giá so sánh 2010) ước đạt: 90 triệu đồng, đạt 45 % so với KH tỉnh giao." in van_ban)
    assert ("Tổng giá trị sản phẩm (giá so sánh 2010): 1 đơn vị chậm tiến độ (đạt % KH tỉnh giao): An Lão 30 % "
            "(chậm nhiều)." in van_ban)
    hang = re.search(r'<tr id="ss-CT01">.*?</tr>', html, re.S).group(0)
    assert [chu(o) for o in re.findall(r"<td[^>]*>(.*?)</td>", hang, re.S)] == [
        "45,00 % (Chậm tiến độ)", "30,00 % (Chậm nhiều)", "60,00 % (Đạt tiến độ)"]
    doc = Document(BytesIO(client.get(URL_TINH + "docx/").content))
    assert any("An Lão 30 % (chậm nhiều)" in _chuan(p.text) for p in doc.paragraphs)
    ws = load_workbook(BytesIO(client.get(URL_TINH + "xlsx/").content))["So sánh đơn vị"]
    assert [o.value for o in ws[4]][3:] == ["Bình Định", "An Lão", "Tuy Phước"]
    ct01 = next(h for h in ws.iter_rows(min_row=5) if h[0].value == "CT01")
    assert [o.value for o in ct01[3:]] == [45, 30, 60]


def test_a_district_report_has_no_comparison(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get(URL).content.decode()
    assert "So sánh các đơn vị" not in html and "đơn vị chậm tiến độ" not in html


def test_a_period_without_figures_says_so(client, danh_muc, lanh_dao):
    client.force_login(lanh_dao)
    assert "Chưa có số liệu thực hiện nào trong kỳ này." in chu(client.get(URL).content.decode())


@pytest.mark.parametrize("duoi", ["", "docx/", "xlsx/"])
def test_district_staff_read_only_their_own_report(client, an_lao, nhap_lieu_an_lao, duoi):
    client.force_login(nhap_lieu_an_lao)
    assert client.get(URL + duoi).status_code == 200
    assert client.get(f"/bao-cao/tuy-phuoc/2023-6t/{duoi}").status_code == 403
    assert client.get(URL_TINH + duoi).status_code == 403


@pytest.mark.parametrize("url", ["/bao-cao/khong-co/2023-6t/", "/bao-cao/an-lao/2031-6t/docx/",
                                 "/bao-cao/an-lao/sai/xlsx/"])
def test_unknown_units_and_periods_are_not_found(client, danh_muc, lanh_dao, url):
    client.force_login(lanh_dao)
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, danh_muc):
    assert client.get(URL + "docx/").status_code == 302


def test_docx_rows_written_as_xml_are_those_python_docx_writes():
    """The .docx tables' rows are written straight as XML (`xuat_docx._Hang`): for every
    kind of cell — empty, spaces at the ends, a tab or a line break, a number whose spaces
    must not break, bold, italic, a character XML refuses — they are the elements and
    widths that python-docx's `add_row()`, the cells' widths and `_o_bang` make."""
    from lxml import etree

    from baocao import xuat_docx

    cac_o = [("", False, False, False), (" đầu và cuối ", False, True, False), ("a\tb\nc", False, False, True),
             ("-1,17 điểm %", True, True, False), ("Tên\x01 lạ", False, True, True), ("53,04 %", True, False, False)]
    rong = [5.0, 1.2, 2.4, 2.0, 3.1, 0.7]

    def bang_moi():
        doc = Document()
        kieu = xuat_docx._kieu_o(doc, "Ô thử", xuat_docx.Pt(9))
        bang = doc.add_table(rows=1, cols=len(cac_o))
        for o in bang.rows[0].cells:
            xuat_docx._o_bang(o, "Tiêu đề", kieu, dam=True)
        return bang, kieu

    bang, kieu = bang_moi()  # as before: python-docx cell by cell, widths set afterwards
    for o, (chu, phai, dam, nghieng) in zip(bang.add_row().cells, cac_o):
        xuat_docx._o_bang(o, chu, kieu, phai=phai, dam=dam, nghieng=nghieng)
    xuat_docx._dat_rong(bang, rong)
    bang_xml, kieu_xml = bang_moi()
    xuat_docx._dat_rong(bang_xml, rong)
    xuat_docx._Hang(bang_xml, kieu_xml).them(cac_o)

    def xml(b):
        return etree.tostring(b._tbl)

    assert xml(bang_xml) == xml(bang)
    assert b"<w:tab/>" in xml(bang_xml) and b'xml:space="preserve"' in xml(bang_xml) and b"<w:i/>" in xml(bang_xml)


@pytest.mark.parametrize("chu", ["", "Một câu.", " đầu và cuối ", "a\tb", "dòng một\ndòng hai", "về\r"])
def test_a_run_written_at_once_is_the_one_python_docx_writes(chu):
    """`xuat_docx._them_run` writes a text without a tab or a line break as one `w:t`,
    which python-docx's `add_run` builds character by character: the same XML."""
    from lxml import etree

    from baocao import xuat_docx

    p_goc, p_nhanh = Document().add_paragraph(), Document().add_paragraph()
    p_goc.add_run(chu)
    xuat_docx._them_run(p_nhanh, chu)
    assert etree.tostring(p_nhanh._p) == etree.tostring(p_goc._p)
