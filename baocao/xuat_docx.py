"""The report as a Word document in the usual form of a Vietnamese administrative
document (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, margins 20/20/30/15 mm, Times New
Roman 13–14, the header block (issuing body | national motto), the document type and
its summary, the paragraphs, the signature block; then the indicator table as an annex
on landscape pages, numbers written the Vietnamese way ("447.142", "53,04 %").

Every sentence is `baocao.van_ban`'s, every cell `chitieu.dinh_dang` / `hien_thi`'s.
All text goes into the document through `chitieu.ky_tu.lam_sach`: a character XML
cannot hold, stored before names were checked, cannot make the download fail.
"""

from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.run import _RunContentAppender
from docx.shared import Cm, Mm, Pt
from lxml.etree import SubElement

from chitieu import dinh_dang, hien_thi, tinh_toan
from chitieu.ky_tu import lam_sach

from . import van_ban
from .bao_cao import BaoCao

PHONG = "Times New Roman"
CO_CHU = Pt(14)
CO_CHU_BANG = Pt(10)


def _dat_phong(run, co=None, dam=False, nghieng=False) -> None:
    run.font.name = PHONG
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), PHONG)
    if co is not None:
        run.font.size = co
    run.bold = dam or None
    run.italic = nghieng or None


def _them_run(p, chu: str):
    """`p.add_run(chu)`, the same elements: one `w:t` where the text has no tab or line
    break, without python-docx's pass over every character of it (a report's paragraphs
    run to a few hundred characters each)."""
    if "\t" in chu or "\n" in chu or "\r" in chu:
        return p.add_run(chu)
    run = p.add_run()
    if chu:
        run._r.add_t(chu)
    return run


def _doan(noi, van_ban: str, *, canh=WD_ALIGN_PARAGRAPH.JUSTIFY, thut=True, dam=False, nghieng=False, co=None,
          truoc=0, sau=6):
    p = noi.add_paragraph()
    p.alignment = canh
    dd = p.paragraph_format
    dd.first_line_indent = Cm(1.27) if thut else None
    dd.space_before, dd.space_after, dd.line_spacing = Pt(truoc), Pt(sau), 1.15
    if van_ban:
        _dat_phong(_them_run(p, lam_sach(van_ban)), co, dam, nghieng)
    return p


def _o(o, dong: list[tuple[str, bool, bool]], canh=WD_ALIGN_PARAGRAPH.CENTER, co=Pt(13)) -> None:
    """Fills a cell with lines of (text, bold, italic)."""
    o.paragraphs[0].text = ""
    for i, (chu, dam, nghieng) in enumerate(dong):
        p = o.paragraphs[0] if i == 0 else o.add_paragraph()
        p.alignment = canh
        p.paragraph_format.space_after = Pt(0)
        _dat_phong(_them_run(p, lam_sach(chu)), co, dam, nghieng)


def _dat_rong(bang, rong_cm: list[float]) -> None:
    """Fixed column widths (Word reads the cells, LibreOffice the grid)."""
    bang.autofit = False
    for cot, rong in zip(bang.columns, rong_cm):
        cot.width = Cm(rong)
    for hang in bang.rows:
        for o, rong in zip(hang.cells, rong_cm):
            o.width = Cm(rong)


def _bo_vien(bang) -> None:
    tblPr = bang._tbl.tblPr
    vien = tblPr.find(qn("w:tblBorders"))
    if vien is not None:
        tblPr.remove(vien)


def _dau(doc, bc: BaoCao) -> None:
    bang = doc.add_table(rows=2, cols=2)
    _bo_vien(bang)
    ten_cq = bc.don_vi.ten.upper()
    # Nghị định 30/2020, Phụ lục I: issuing body and national motto 12–13 pt, upright bold.
    _o(bang.cell(0, 0), [("ỦY BAN NHÂN DÂN", True, False), (ten_cq, True, False), ("________", True, False)],
       co=Pt(12.5))
    _o(bang.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                         ("Độc lập - Tự do - Hạnh phúc", True, False), ("______________________", True, False)],
       co=Pt(12.5))
    _o(bang.cell(1, 0), [("Số:        /BC-UBND", False, False)])
    _o(bang.cell(1, 1), [(f"{bc.don_vi.ten_ngan}, ngày      tháng      năm {bc.ky.nam}", False, True)])
    _dat_rong(bang, [6.0, 10.5])
    _doan(doc, "BÁO CÁO", canh=WD_ALIGN_PARAGRAPH.CENTER, thut=False, dam=True, truoc=18, sau=0)
    _doan(doc, bc.tieu_de, canh=WD_ALIGN_PARAGRAPH.CENTER, thut=False, dam=True, sau=12)
    if bc.kinh_gui:
        _doan(doc, bc.kinh_gui, canh=WD_ALIGN_PARAGRAPH.CENTER, thut=False, sau=12)


def _chan(doc, bc: BaoCao) -> None:
    bang = doc.add_table(rows=1, cols=2)
    _bo_vien(bang)
    noi_nhan = [("Nơi nhận:", True, True)] + ([("- Như trên;", False, False)] if bc.kinh_gui else [])
    _o(bang.cell(0, 0), noi_nhan + [("- Lưu: VT.", False, False)], canh=WD_ALIGN_PARAGRAPH.LEFT, co=Pt(12))
    _o(bang.cell(0, 1), [("TM. ỦY BAN NHÂN DÂN", True, False), ("CHỦ TỊCH", True, False)])
    _dat_rong(bang, [8.0, 8.5])


def _kieu_o(doc, ten: str, co) -> str:
    """A paragraph style for table cells: the font comes from Normal, the size from here,
    so each of the hundreds of cells carries only its text (and bold/italic)."""
    kieu = doc.styles.add_style(ten, WD_STYLE_TYPE.PARAGRAPH)
    kieu.base_style = doc.styles["Normal"]
    kieu.font.size = co
    kieu.paragraph_format.space_after = Pt(0)
    kieu.paragraph_format.line_spacing = 1.0
    return kieu.style_id


def _o_bang(o, chu: str, ma_kieu: str, *, phai=False, dam=False, nghieng=False) -> None:
    p_cu = o._tc.p_lst[0]
    if len(p_cu) == 0 and (p_moi := _xml_doan_o(chu, quoteattr(ma_kieu), phai, dam, nghieng)) is not None:
        # an empty cell of a new table: its paragraph written as XML, as in `_Hang.them`
        o._tc.replace(p_cu, parse_xml(p_moi))
        return
    p = o.paragraphs[0]
    p._p.style = ma_kieu  # by id: python-docx's `p.style = …` searches every style each time
    if phai:  # a number never breaks from its unit ("-1,17 điểm %")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        chu = chu.replace(" ", "\u00a0")
    run = _them_run(p, lam_sach(chu))
    if dam:
        run.bold = True
    if nghieng:
        run.italic = True


_W_TR, _W_TC, _W_TCPR, _W_TCW, _W_P, _W_PPR, _W_PSTYLE, _W_JC, _W_R, _W_RPR, _W_B, _W_I, _W_T = (
    qn(f"w:{ten}") for ten in ("tr", "tc", "tcPr", "tcW", "p", "pPr", "pStyle", "jc", "r", "rPr", "b", "i", "t"))
_W_TYPE, _W_W, _W_VAL, _XML_SPACE = qn("w:type"), qn("w:w"), qn("w:val"), qn("xml:space")
_KHAI_BAO_W = f" {nsdecls('w')}"
_DAU_HANG = f"<w:tr{_KHAI_BAO_W}>"
_CANH_PHAI = '<w:jc w:val="right"/>'


def _xml_doan_o(chu: str, ma_kieu_xml: str, phai: bool, dam: bool, nghieng: bool, khai_bao: str = _KHAI_BAO_W
                ) -> str | None:
    """The paragraph of a table cell as XML text, the elements `_o_bang` makes: its style
    (`ma_kieu_xml`, quoted), right-aligned with no-break spaces for a number, one run,
    bold and/or italic. None for a text with a tab or a line break (python-docx writes
    those as their own elements)."""
    if phai:  # a number never breaks from its unit ("-1,17 điểm %")
        chu = chu.replace(" ", "\u00a0")
    chu = lam_sach(chu)
    if "\t" in chu or "\n" in chu or "\r" in chu:
        return None
    phan = [f'<w:p{khai_bao}><w:pPr><w:pStyle w:val={ma_kieu_xml}/>{_CANH_PHAI if phai else ""}</w:pPr><w:r>']
    if dam or nghieng:
        phan.append(f'<w:rPr>{"<w:b/>" if dam else ""}{"<w:i/>" if nghieng else ""}</w:rPr>')
    if chu:
        phan.append(f'<w:t xml:space="preserve">{escape(chu)}</w:t>' if len(chu.strip()) < len(chu)
                    else f"<w:t>{escape(chu)}</w:t>")
    phan.append("</w:r></w:p>")
    return "".join(phan)


class _Hang:
    """Writes the rows of a table below its header straight as XML: the same elements
    `bang.add_row()`, the cells' widths and `_o_bang` make, without python-docx's search
    of each child's place, which at a province of 130 communes (3,000 cells) took most of
    the .docx's time. The widths are those of the header's cells (`_dat_rong` first)."""

    def __init__(self, bang, ma_kieu: str):
        self.tbl = bang._tbl
        self.ma_kieu = ma_kieu
        self.ma_kieu_xml = quoteattr(ma_kieu)
        self.rong = [tc.tcPr.find(qn("w:tcW")).get(qn("w:w")) for tc in self.tbl.tr_lst[0].tc_lst]

    def them(self, cac_o: list[tuple[str, bool, bool, bool]]) -> None:
        """One row: (text, right-aligned, bold, italic) of each cell, in the columns' order.
        Written as XML text and parsed once (lxml drops the repeated namespace declaration
        when the row joins the table), but for a row with a tab or a line break, whose
        runs are built as python-docx builds them."""
        phan = [_DAU_HANG]
        for rong, (chu, phai, dam, nghieng) in zip(self.rong, cac_o):
            doan = _xml_doan_o(chu, self.ma_kieu_xml, phai, dam, nghieng, khai_bao="")
            if doan is None:
                self._them_tung_phan_tu(cac_o)
                return
            phan.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w={quoteattr(rong)}/></w:tcPr>{doan}</w:tc>')
        phan.append("</w:tr>")
        self.tbl.append(parse_xml("".join(phan)))

    def _them_tung_phan_tu(self, cac_o: list[tuple[str, bool, bool, bool]]) -> None:
        """`them`, element by element."""
        tr = SubElement(self.tbl, _W_TR)
        for rong, (chu, phai, dam, nghieng) in zip(self.rong, cac_o):
            tc = SubElement(tr, _W_TC)
            SubElement(SubElement(tc, _W_TCPR), _W_TCW, {_W_TYPE: "dxa", _W_W: rong})
            p = SubElement(tc, _W_P)
            pPr = SubElement(p, _W_PPR)
            SubElement(pPr, _W_PSTYLE, {_W_VAL: self.ma_kieu})
            if phai:  # a number never breaks from its unit ("-1,17 điểm %")
                SubElement(pPr, _W_JC, {_W_VAL: "right"})
                chu = chu.replace(" ", "\u00a0")
            r = SubElement(p, _W_R)
            if dam or nghieng:
                rPr = SubElement(r, _W_RPR)
                if dam:
                    SubElement(rPr, _W_B)
                if nghieng:
                    SubElement(rPr, _W_I)
            chu = lam_sach(chu)
            if "\t" in chu or "\n" in chu or "\r" in chu:  # tabs and breaks as python-docx writes them
                _RunContentAppender.append_to_run_from_text(r, chu)
            elif chu:
                t = SubElement(r, _W_T)
                if len(chu.strip()) < len(chu):
                    t.set(_XML_SPACE, "preserve")
                t.text = chu


def _bang_chi_tieu(doc, bc: BaoCao) -> None:
    cac_nguon = bc.bang.cac_nguon
    tieu_de = ["TT", "Chỉ tiêu", "ĐVT", *[ng.ten for ng in cac_nguon], "TH cùng kỳ", f"TH {bc.ky.ten_ngan}",
               *[f"So {ng.ten_ngan}" for ng in cac_nguon], "So cùng kỳ", "Đánh giá"]
    rong = [1.6, 4.6, 2.0, *[2.0] * len(cac_nguon), 2.0, 2.8, *[2.4] * len(cac_nguon), 2.4, 2.0]
    ty_le = min(1.0, 26.2 / sum(rong))  # 26,2 cm: landscape A4 within the margins
    rong = [r * ty_le for r in rong]
    kieu = _kieu_o(doc, "Ô bảng chỉ tiêu", CO_CHU_BANG)
    bang = doc.add_table(rows=1, cols=len(tieu_de))
    bang.style = "Table Grid"
    bang.alignment = WD_TABLE_ALIGNMENT.CENTER
    for o, chu in zip(bang.rows[0].cells, tieu_de):
        _o_bang(o, chu, kieu, dam=True)
        o.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _dat_rong(bang, rong)
    hang = _Hang(bang, kieu)
    for dong in bc.bang.dong:
        ct = dong.chi_tieu
        so_sanh = hien_thi.o_so_sanh(dong)
        th = ("chưa có số liệu" if dong.th.gia_tri is None
              else dinh_dang.so(dong.th.gia_tri, ct.so_le) + ("*" if dong.th.la_uoc else ""))
        theo_cot = [dong.theo_nguon(ng.ma) for ng in cac_nguon]
        gia_tri = [
            (ct.ma, False), (("- " if dong.cap else "") + ct.ten, False), (ct.don_vi_tinh, False),
            *[(_ke_hoach(so, ct), True) for so in theo_cot],
            (dinh_dang.so(dong.th_cung_ky.gia_tri, ct.so_le), True), (th, True),
            *[(hien_thi.voi_ke_hoach(dong, so), True) for so in theo_cot], (so_sanh["cung-ky"], True),
            (so_sanh["ten-trang-thai"], False),
        ]
        hang.them([(chu, phai, dong.cap == 0 and chu == ct.ten, dong.cap > 0) for chu, phai in gia_tri])
    _dat_tieu_de_lap(bang)


def _ke_hoach(so, ct) -> str:
    """A plan cell: "843.000", "≥ 10,27", with "(đc)" for a revised plan."""
    if so is None:
        return dinh_dang.KHONG_CO
    chu = dinh_dang.ke_hoach(so.kh.kieu, so.kh.gia_tri, so.kh.gia_tri_den, ct.so_le)
    return f"{chu} (đc)" if so.kh.dieu_chinh else chu


def _dat_tieu_de_lap(bang) -> None:
    """The header row repeats on every page of a long table."""
    trPr = bang.rows[0]._tr.get_or_add_trPr()
    lap = trPr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    trPr.append(lap)


def _bang_so_sanh(doc, bc: BaoCao) -> None:
    """% of the status-driving plan of each unit; rows compared by the gap show it without
    its unit (named once in the row) so that narrow columns never break a number. Bold:
    far behind. A unit whose set lacks the indicator gets "·"."""
    tieu_de = ["Chỉ tiêu", bc.don_vi.ten_ngan, *[dv.ten_ngan for dv in bc.cac_don_vi_con]]
    bang = doc.add_table(rows=1, cols=len(tieu_de))
    bang.style = "Table Grid"
    kieu = _kieu_o(doc, "Ô bảng so sánh", Pt(9))
    for o, chu in zip(bang.rows[0].cells, tieu_de):
        _o_bang(o, chu, kieu, dam=True)
    con_lai = 26.2 - 5.0
    _dat_rong(bang, [5.0] + [con_lai / (len(tieu_de) - 1)] * (len(tieu_de) - 1))
    viet = _Hang(bang, kieu)
    for hang in bc.so_sanh:
        ct = hang.chi_tieu
        ten = ("- " if hang.cap else "") + ct.ten
        if hang.cua_don_vi_cha.so_bang_chenh_lech:
            ten += f" (TH − KH, {'điểm %' if ct.don_vi_tinh.strip() == '%' else ct.don_vi_tinh})"
        o = [(ten, False, False, hang.cap > 0)]
        for dong in [hang.cua_don_vi_cha, *hang.cua_don_vi]:
            if dong is None or dong.chinh is None:
                o.append(("·" if dong is None else dinh_dang.KHONG_CO, True, False, False))
                continue
            danh_gia = dong.chinh.danh_gia
            chu = (dinh_dang.chenh_lech(danh_gia.chenh_lech, ct.so_le, "") if danh_gia.so_bang_chenh_lech
                   else dinh_dang.phan_tram(danh_gia.phan_tram))
            o.append((chu, True, dong.trang_thai == tinh_toan.CHAM_NHIEU, False))
        viet.them(o)
    _dat_tieu_de_lap(bang)


def docx_bao_cao(bc: BaoCao) -> bytes:
    """The .docx of a report, as bytes."""
    doc = Document()
    kieu = doc.styles["Normal"]
    kieu.font.name, kieu.font.size = PHONG, CO_CHU
    kieu.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), PHONG)
    trang = doc.sections[0]
    trang.page_width, trang.page_height = Mm(210), Mm(297)
    trang.top_margin, trang.bottom_margin, trang.left_margin, trang.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)

    _dau(doc, bc)
    _doan(doc, bc.loi_mo_dau)
    _doan(doc, bc.muc_chi_tieu, dam=True)
    for phan in bc.cac_phan:
        _doan(doc, phan.tieu_de, dam=True, nghieng=True)
        for doan in phan.doan:
            _doan(doc, doan.van_ban)
    if not bc.cac_phan:
        _doan(doc, van_ban.KHONG_CO_SO_LIEU)
    _doan(doc, bc.tong_ket)
    if bc.cac_don_vi_con:
        _doan(doc, van_ban.MUC_DON_VI_CHAM, dam=True)
        for cau in bc.don_vi_cham:
            _doan(doc, f"- {cau}")
        if not bc.don_vi_cham:
            _doan(doc, van_ban.KHONG_CO_DON_VI_CHAM)
    if bc.giai_trinh:
        _doan(doc, bc.muc_giai_trinh, dam=True)
        for g in bc.giai_trinh:
            ct = g.giai_trinh.chi_tieu
            _doan(doc, f"- {ct.ma} {ct.ten}", dam=True)
            for h in g.cau_hoi:
                _doan(doc, f"(Yêu cầu: {h.noi_dung})", nghieng=True)
            for t in g.tra_loi:
                _doan(doc, t.noi_dung)
    if bc.du_bao:
        _doan(doc, bc.muc_du_bao, dam=True)
        for cau in bc.du_bao:
            _doan(doc, f"- {cau}")
    _doan(doc, van_ban.ket_thuc(bc.don_vi, bc.ky), sau=12)
    _chan(doc, bc)

    phu_luc = doc.add_section()
    phu_luc.orientation = WD_ORIENT.LANDSCAPE
    phu_luc.page_width, phu_luc.page_height = Mm(297), Mm(210)
    phu_luc.top_margin, phu_luc.bottom_margin = Mm(15), Mm(15)
    phu_luc.left_margin, phu_luc.right_margin = Mm(20), Mm(15)
    _doan(doc, "PHỤ LỤC", canh=WD_ALIGN_PARAGRAPH.CENTER, thut=False, dam=True, sau=0)
    _doan(doc, van_ban.tieu_de_phu_luc(bc.don_vi, bc.ky),
          canh=WD_ALIGN_PARAGRAPH.CENTER, thut=False, dam=True, co=Pt(13))
    _doan(doc, "(*: số ước tính; “—”: chưa có số liệu hoặc kế hoạch bằng 0)",
          canh=WD_ALIGN_PARAGRAPH.CENTER, thut=False, nghieng=True, co=Pt(12))
    _bang_chi_tieu(doc, bc)
    if bc.cac_don_vi_con:
        _doan(doc, bc.tieu_de_so_sanh, thut=False, dam=True,
              co=Pt(13), truoc=12, sau=0)
        _doan(doc, "(In đậm: chậm nhiều so với tiến độ; “—”: chưa có số liệu hoặc kế hoạch)", thut=False,
              nghieng=True, co=Pt(12))
        _bang_so_sanh(doc, bc)

    dau_ra = BytesIO()
    doc.save(dau_ra)
    return dau_ra.getvalue()
