"""The report's table as an Excel workbook: native numbers (the stored Decimals, never
text), Vietnamese headers, each indicator's decimals as a number format — Excel then
shows them with the reader's separators. Percentages are the selectors' rounded ones.

Sheet "Chỉ tiêu": one row per indicator of the unit's set, columns per plan source of the
set. For a unit with units below it, sheet "So sánh đơn vị": % of the status-driving plan
(or the gap TH − KH) of each unit. Before month 12, sheet "Dự báo cả năm": the year-end
forecast of each indicator. A plan that is a bound is written as text ("≥ 10,27").
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from chitieu import dinh_dang, hien_thi, tinh_toan
from chitieu.tai_ve import ghi_o, kieu_so_excel, ten_sheet
from chitieu.selectors import DongChiTieu

from .bao_cao import BaoCao

def tieu_de(cac_nguon) -> list[tuple[str, int]]:
    """The header of the indicator sheet: (text, width)."""
    return [
        ("Mã", 9), ("Chỉ tiêu", 48), ("Đơn vị tính", 16), *[(ng.ten, 14) for ng in cac_nguon],
        ("TH cùng kỳ", 14), ("TH kỳ báo cáo", 14), ("Số ước tính", 10), *[(f"Đạt % {ng.ten}", 12) for ng in cac_nguon],
        *[(f"Chênh lệch TH − {ng.ten_ngan}", 13) for ng in cac_nguon],
        ("Tăng/giảm so cùng kỳ (%)", 13), ("Tăng/giảm so cùng kỳ (điểm %)", 13), ("Đánh giá", 16),
    ]
DAM = Font(bold=True)
NEN_TIEU_DE = PatternFill("solid", fgColor="F3ECE4")
PHAN_TRAM = '0.00" %"'


def _ke_hoach(kh, so_le: int):
    """A plan cell: the number for a value, the text for a bound ("≥ 10,27")."""
    if kh is None or kh.gia_tri is None or kh.kieu == dinh_dang.BANG:
        return None if kh is None else kh.gia_tri
    return dinh_dang.ke_hoach(kh.kieu, kh.gia_tri, kh.gia_tri_den, so_le)


def _hang_chi_tieu(dong: DongChiTieu, cac_nguon) -> tuple[list, list[str | None]]:
    """The cells of one indicator and their number formats."""
    ct = dong.chi_tieu
    so = kieu_so_excel(ct.so_le)
    ck = dong.so_cung_ky
    theo_cot = [dong.theo_nguon(ng.ma) for ng in cac_nguon]
    n = len(cac_nguon)
    o = [
        ct.ma, ct.ten, ct.don_vi_tinh,
        *[_ke_hoach(x.kh if x else None, ct.so_le) for x in theo_cot], dong.th_cung_ky.gia_tri, dong.th.gia_tri,
        ("ước" if dong.th.la_uoc else "") if dong.th.gia_tri is not None else "",
        *[x.danh_gia.phan_tram if x else None for x in theo_cot],
        *[x.danh_gia.chenh_lech if x else None for x in theo_cot],
        ck.tang, ck.chenh_lech,
        dinh_dang.TEN_TRANG_THAI[dong.trang_thai],
    ]
    dinh_dang_o = [None, None, None, *[so] * n, so, so, None, *[PHAN_TRAM] * n, *[so] * n, PHAN_TRAM, so, None]
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
    cac_cot = tieu_de(bc.bang.cac_nguon)
    # A comparison across a reform says where its base came from (`chitieu.ke_thua`).
    dia_gioi = any(d.ghi_chu_dia_gioi for d in bc.bang.dong)
    if dia_gioi:
        cac_cot.append(("Ghi chú so sánh cùng kỳ (địa giới mới)", 48))
    _tieu_de(ws, 4, cac_cot)
    for hang, dong in enumerate(bc.bang.dong, start=5):
        o, dd = _hang_chi_tieu(dong, bc.bang.cac_nguon)
        if dia_gioi:
            o, dd = [*o, dong.ghi_chu_dia_gioi], [*dd, None]
        for cot, (gia_tri, dinh) in enumerate(zip(o, dd), start=1):
            c = ghi_o(ws, hang, cot, gia_tri, dinh)
            if cot == 2 and dong.cap:
                c.alignment = Alignment(indent=2 * dong.cap)
            if dong.cap == 0 and cot <= 2:
                c.font = DAM
    ws.auto_filter.ref = f"A4:{get_column_letter(len(cac_cot))}{4 + len(bc.bang.dong)}"

    if bc.cac_don_vi_con:
        ss = wb.create_sheet(ten_sheet("So sánh đơn vị", da_dung))
        ghi_o(ss, 1, 1, bc.tieu_de_so_sanh).font = Font(bold=True, size=13)
        ten_kh = bc.ten_nguon_so_sanh
        ghi_o(ss, 2, 1, f"Chỉ tiêu lũy kế, thời điểm: đạt % {ten_kh}. Chỉ tiêu tỷ lệ, tăng trưởng, càng thấp càng tốt: "
                        f"chênh lệch TH − {ten_kh} (điểm % hoặc đơn vị tính). Ô trống: đơn vị không có chỉ tiêu này "
                        "hoặc chưa có số liệu.").font = Font(italic=True)
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
            ghi_o(ss, hang, 3, f"TH − KH ({don_vi})" if theo_chenh_lech else f"% {ten_kh}")
            for cot, dong in enumerate([dong_ss.cua_don_vi_cha, *dong_ss.cua_don_vi], start=4):
                if dong is None or dong.chinh is None:
                    continue
                danh_gia = dong.chinh.danh_gia
                if danh_gia.so_bang_chenh_lech:
                    ghi_o(ss, hang, cot, danh_gia.chenh_lech, kieu_so_excel(ct.so_le))
                else:
                    ghi_o(ss, hang, cot, danh_gia.phan_tram, PHAN_TRAM)

    if bc.du_bao:
        _trang_du_bao(wb.create_sheet(ten_sheet("Dự báo cả năm", da_dung)), bc)

    dau_ra = BytesIO()
    wb.save(dau_ra)
    return dau_ra.getvalue()


def _trang_du_bao(ws, bc: BaoCao) -> None:
    """The year-end forecast of each indicator: the central value and the range (to the
    indicator's decimals), how it was made, the verdict and % of each plan source, and
    the track record — the numbers of the report's forecast sentences."""
    ghi_o(ws, 1, 1, bc.muc_du_bao).font = Font(bold=True, size=13)
    cac_nguon = bc.bang.cac_nguon
    _tieu_de(ws, 3, [("Mã", 9), ("Chỉ tiêu", 40), ("Đơn vị tính", 14), ("Dự báo", 14), ("Thấp", 14), ("Cao", 14),
                     ("Cách dự báo", 40),
                     *[c for ng in cac_nguon for c in ((f"{ng.ten}: kết luận", 16), (f"Đạt % {ng.ten_ngan} (thấp)", 12),
                                                        (f"Đạt % {ng.ten_ngan} (cao)", 12))],
                     ("Sai số các năm trước (%)", 12), ("Sai số n/12 hoặc giữ nguyên (%)", 14),
                     ("Số năm kiểm chứng", 11), ("Số lần trong khoảng", 11)])
    hang = 4
    for dong in bc.bang.dong:
        db = dong.du_bao
        if db is None or db.du_bao.gia_tri is None:
            continue
        ct, so = dong.chi_tieu, kieu_so_excel(dong.chi_tieu.so_le)
        kd = db.kiem_dinh
        o = [(ct.ma, None), (ct.ten, None), (ct.don_vi_tinh, None),
             *[(tinh_toan.lam_tron(x, ct.so_le), so) for x in (db.du_bao.gia_tri, db.du_bao.thap, db.du_bao.cao)],
             (hien_thi.cach_du_bao(db), None)]
        for ng in cac_nguon:
            kl = db.theo(ng.ma)
            o += [(hien_thi.TEN_KET_LUAN.get(kl.ket_luan, "") if kl else "", None),
                  (kl.phan_tram_thap if kl else None, PHAN_TRAM), (kl.phan_tram_cao if kl else None, PHAN_TRAM)]
        o += [(kd.mape, PHAN_TRAM), (kd.mape_don_gian, PHAN_TRAM), (kd.so_lan, None),
              (kd.so_lan_trong_khoang if kd.so_lan_co_khoang else None, None)]
        for cot, (gia_tri, dinh) in enumerate(o, start=1):
            ghi_o(ws, hang, cot, gia_tri, dinh)
        hang += 1
