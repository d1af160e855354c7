"""The report's table as an Excel workbook: native numbers (the stored Decimals, never
text), Vietnamese headers, each indicator's decimals as a number format — Excel then
shows them with the reader's separators. Percentages are the selectors' rounded ones.

Sheet "Chỉ tiêu": one row per indicator of the unit. For a unit with units below it,
sheet "So sánh đơn vị": % KH tỉnh giao (or the gap TH − KH) of each unit.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from chitieu import dinh_dang
from chitieu.tai_ve import ghi_o, kieu_so_excel, ten_sheet
from chitieu.selectors import DongChiTieu

from .bao_cao import BaoCao

TIEU_DE = [
    ("Mã", 9), ("Chỉ tiêu", 48), ("Đơn vị tính", 16), ("KH tỉnh giao", 14), ("KH huyện giao", 14),
    ("TH cùng kỳ", 14), ("TH kỳ báo cáo", 14), ("Số ước tính", 10), ("Đạt % KH tỉnh giao", 12),
    ("Đạt % KH huyện giao", 12), ("Chênh lệch TH − KH tỉnh", 13), ("Chênh lệch TH − KH huyện", 13),
    ("Tăng/giảm so cùng kỳ (%)", 13), ("Tăng/giảm so cùng kỳ (điểm %)", 13), ("Đánh giá", 16),
]
DAM = Font(bold=True)
NEN_TIEU_DE = PatternFill("solid", fgColor="F3ECE4")
PHAN_TRAM = '0.00" %"'


def _hang_chi_tieu(dong: DongChiTieu) -> tuple[list, list[str | None]]:
    """The cells of one indicator and their number formats."""
    ct = dong.chi_tieu
    so = kieu_so_excel(ct.so_le)
    ck = dong.so_cung_ky
    o = [
        ct.ma, ct.ten, ct.don_vi_tinh,
        dong.kh_tinh.gia_tri, dong.kh_huyen.gia_tri, dong.th_cung_ky.gia_tri, dong.th.gia_tri,
        ("ước" if dong.th.la_uoc else "") if dong.th.gia_tri is not None else "",
        dong.so_kh_tinh.phan_tram, dong.so_kh_huyen.phan_tram,
        dong.so_kh_tinh.chenh_lech, dong.so_kh_huyen.chenh_lech,
        ck.tang, ck.chenh_lech,
        dinh_dang.TEN_TRANG_THAI[dong.trang_thai],
    ]
    dinh_dang_o = [None, None, None, so, so, so, so, None, PHAN_TRAM, PHAN_TRAM, so, so, PHAN_TRAM, so, None]
    return o, dinh_dang_o


def _tieu_de(ws, hang: int, cot: list[tuple[str, int]]) -> None:
    for i, (ten, rong) in enumerate(cot, start=1):
        o = ghi_o(ws, hang, i, ten)
        o.font, o.fill = DAM, NEN_TIEU_DE
        o.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = rong
    ws.freeze_panes = ws.cell(row=hang + 1, column=3)


def xlsx_bao_cao(bc: BaoCao) -> bytes:
    """The .xlsx of a report, as bytes."""
    wb = Workbook()
    ws = wb.active
    da_dung: set[str] = set()
    ws.title = ten_sheet("Chỉ tiêu", da_dung)
    ghi_o(ws, 1, 1, bc.tieu_de_phu_luc).font = Font(bold=True, size=13)
    ghi_o(ws, 2, 1, "Ô trống: chưa có số liệu, hoặc không áp dụng cho loại chỉ tiêu này.").font = Font(italic=True)
    _tieu_de(ws, 4, TIEU_DE)
    for hang, dong in enumerate(bc.bang.dong, start=5):
        o, dd = _hang_chi_tieu(dong)
        for cot, (gia_tri, dinh) in enumerate(zip(o, dd), start=1):
            c = ghi_o(ws, hang, cot, gia_tri, dinh)
            if cot == 2 and dong.cap:
                c.alignment = Alignment(indent=2 * dong.cap)
            if dong.cap == 0 and cot <= 2:
                c.font = DAM
    ws.auto_filter.ref = f"A4:{get_column_letter(len(TIEU_DE))}{4 + len(bc.bang.dong)}"

    if bc.cac_don_vi_con:
        ss = wb.create_sheet(ten_sheet("So sánh đơn vị", da_dung))
        ghi_o(ss, 1, 1, bc.tieu_de_so_sanh).font = Font(bold=True, size=13)
        ghi_o(ss, 2, 1, "Chỉ tiêu lũy kế, thời điểm: đạt % KH tỉnh giao. Chỉ tiêu tỷ lệ, tăng trưởng, càng thấp càng "
                        "tốt: chênh lệch TH − KH tỉnh giao (điểm % hoặc đơn vị tính).").font = Font(italic=True)
        cac_don_vi = [bc.don_vi, *bc.cac_don_vi_con]
        _tieu_de(ss, 4, [("Mã", 9), ("Chỉ tiêu", 48), ("So sánh bằng", 20)] + [(dv.ten_ngan, 12) for dv in cac_don_vi])
        for hang, dong_ss in enumerate(bc.so_sanh, start=5):
            ct = dong_ss.chi_tieu
            ghi_o(ss, hang, 1, ct.ma)
            ten = ghi_o(ss, hang, 2, ct.ten)
            if dong_ss.cap:
                ten.alignment = Alignment(indent=2 * dong_ss.cap)
            theo_chenh_lech = dong_ss.cua_don_vi_cha.so_bang_chenh_lech
            don_vi = "điểm %" if ct.don_vi_tinh.strip() == "%" else ct.don_vi_tinh
            ghi_o(ss, hang, 3, f"TH − KH ({don_vi})" if theo_chenh_lech else "% KH tỉnh giao")
            for cot, dong in enumerate([dong_ss.cua_don_vi_cha, *dong_ss.cua_don_vi], start=4):
                danh_gia = dong.so_kh_tinh
                if danh_gia.so_bang_chenh_lech:
                    ghi_o(ss, hang, cot, danh_gia.chenh_lech, kieu_so_excel(ct.so_le))
                else:
                    ghi_o(ss, hang, cot, danh_gia.phan_tram, PHAN_TRAM)

    dau_ra = BytesIO()
    wb.save(dau_ra)
    return dau_ra.getvalue()
