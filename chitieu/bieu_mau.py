"""Excel in and out: the district form (biểu mẫu) written and read, the long format read,
and the import pipeline shared by both — check the file, read every sheet, compare with
the database (preview: old → new, warnings, errors), then apply all or nothing through
`chitieu.services`.

The form, per (unit, period), one sheet per unit:

    row 1   title
    row 2   "Đơn vị: Huyện An Lão (mã an-lao)"
    row 3   "Kỳ báo cáo: 6 tháng đầu năm 2023 (mã 2023-6t)"
    row 6–7 STT | Chỉ tiêu | ĐVT | Mã | KH năm: one column per plan source of the unit's set
            ("KH tỉnh giao", "KH huyện giao" …) | TH cùng kỳ | TH kỳ này | So sánh: one column per
            source, Cùng kỳ | Ước | Ghi chú | Đánh giá | Cách tính
    then    one row per indicator of the unit's set, with a section row (I, II, …) per lĩnh vực.

The sheet shows what the unit's page shows (`selectors.dong_chi_tieu`, `hien_thi.o_so_sanh`):
the comparisons as the page words them ("53,04 %", a rate by its gap "+0,02 điểm %"), the
status, and in TH kỳ này the figure the page shows — for a growth rate computed from its
base, or a sum of the units below, that figure, locked, with "Cách tính" saying where it
comes from. Such a row's actual is not read back: only what a person can enter is.
The sheet prints on A4 landscape, one page wide, the header rows on every page.

A plan cell holds the version in force at the period's last day (a value, or a bound
written "≥ 10,27", "8,8–9,4"); a changed plan cell changes that version.

Reading does not trust positions: the header row is found by its content, the unit and
period by their codes in the rows above it, rows by code (falling back to the exact
indicator name). A person can insert rows, move the table, add notes below it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import dinh_dang, hien_thi, quyen, selectors, services, tinh_toan
from .doc_xlsx import LoiTep, NganSach, Sheet, doc_bang_tinh, kiem_tra_tep
from .tai_ve import KY_TU_CONG_THUC, kieu_so_excel, ten_sheet, van_ban_o
from .models import ChiTieu, DonVi, KeHoach, KyBaoCao, NguonKeHoach, ThucHien, TrangThaiNop

LY_DO = "Nhập từ Excel: {ten_tep}"
LA_MA = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

DONG_TIEU_DE = 6  # first header row as written
TEN_COT = {"th": "TH kỳ này", "uoc": "Ước", "ghi_chu": "Ghi chú", "ma": "Mã", "ten": "Chỉ tiêu",
           "cach_tinh": "Cách tính"}
# Forms written before plan sources were configurable name the two columns this way.
TEN_NGUON_CU = {"tỉnh giao": "kh-tinh", "huyện giao": "kh-huyen"}


def cac_cot(cac_nguon: list[NguonKeHoach]) -> list[str]:
    """The columns of a form sheet for a set with these plan sources, in order:
    "kh:<source>" a plan, "so:<source>" its comparison as the page shows it."""
    return ["stt", "ten", "dvt", "ma", *[f"kh:{ng.ma}" for ng in cac_nguon], "th_cung_ky", "th",
            *[f"so:{ng.ma}" for ng in cac_nguon], "so_cung_ky", "uoc", "ghi_chu", "danh_gia", "cach_tinh"]


# -- text helpers ---------------------------------------------------------------------

def chuan_hoa(van_ban) -> str:
    """Header text compared loosely: NFC, lower case, single spaces."""
    if van_ban is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(van_ban)).lower().split())


def bo_thoat_cong_thuc(van_ban: str) -> str:
    """Drops the apostrophe the writers put before text starting with = + - @
    (`tai_ve.van_ban_o`)."""
    if len(van_ban) > 1 and van_ban[0] == "'" and van_ban[1] in KY_TU_CONG_THUC:
        return van_ban[1:]
    return van_ban


def _so_cho_excel(x: Decimal | None):
    """A stored Decimal as a spreadsheet number (int when whole, else the exact decimal)."""
    if x is None:
        return None
    x = dinh_dang.bo_so_0_thua(x)
    return int(x) if x == x.to_integral_value() else x


# -- writing the form -----------------------------------------------------------------

_VIEN = Side(style="thin", color="999999")
KE = Border(left=_VIEN, right=_VIEN, top=_VIEN, bottom=_VIEN)
NEN_KHOA = PatternFill("solid", fgColor="EEEEEE")
NEN_TIEU_DE = PatternFill("solid", fgColor="DCE6F1")
MO_KHOA = Protection(locked=False)
DAM = Font(bold=True)


class _KieuO:
    """The form's cell styles, each registered with the workbook once, by a short key;
    a cell then takes a copy of the style's indices. Assigning a font, fill and border
    to each cell looks each up (and hashes it) again, which was most of the cost of a
    province's form (135 sheets). One per workbook; `ws` is the sheet being written."""

    def __init__(self, ws):
        self.ws = ws
        self._kieu: dict[tuple, StyleArray] = {}

    def o(self, gia_tri, khoa: tuple = (), dat=None, *, cong_thuc: bool = False, thoat: bool = True) -> Cell:
        """A cell of `gia_tri` (text always as text, escaped as `tai_ve.ghi_o` writes it
        unless `thoat` is false — text the app composed, such as "-1,17 điểm %", which
        is never read back; a formula only with `cong_thuc`) in the style named by
        `khoa`, built the first time the key is seen from the attributes `dat` (a dict,
        or a function giving one)."""
        if khoa not in self._kieu:
            mau = WriteOnlyCell(self.ws)
            for ten, gt in ((dat() if callable(dat) else dat) or {}).items():
                setattr(mau, ten, gt)
            self._kieu[khoa] = mau._style
        o = Cell(self.ws, row=1, column=1, style_array=self._kieu[khoa])  # placed by append
        if isinstance(gia_tri, str) and not cong_thuc:
            o.value = van_ban_o(gia_tri) if thoat else gia_tri
            o.data_type = "s"
        else:
            o.value = gia_tri
        return o


TIEU_DE = {"font": DAM, "fill": NEN_TIEU_DE, "border": KE,
           "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)}


def _kieu_cot(ten: str, sua_duoc: bool, so_le: int, cap: int) -> dict:
    """The style of a form cell of column `ten` on an indicator's row."""
    dat = {"border": KE}
    if ten.startswith("kh:") or ten in ("th_cung_ky", "th"):
        dat["number_format"] = kieu_so_excel(so_le)
    elif ten.startswith("so"):
        dat["number_format"] = "@"
        dat["alignment"] = Alignment(horizontal="right")
    elif ten in ("ten", "dvt", "ma", "ghi_chu", "danh_gia", "cach_tinh"):
        dat["number_format"] = "@"
    if sua_duoc:
        dat["protection"] = MO_KHOA
    else:
        dat["fill"] = NEN_KHOA
    if ten == "ten":
        dat["alignment"] = Alignment(indent=cap * 2, wrap_text=True)
    return dat


def _tieu_de(kieu: _KieuO, ky: KyBaoCao, cac_nguon: list[NguonKeHoach]) -> tuple[dict[str, int], list, list[str]]:
    """The two header rows: the 1-based column of each field, the rows of cells, the
    merged ranges."""
    vt = {ten: i + 1 for i, ten in enumerate(cac_cot(cac_nguon))}
    chu = get_column_letter
    tren = {"stt": "STT", "ten": "Chỉ tiêu", "dvt": "ĐVT", "ma": "Mã", "th_cung_ky": f"TH cùng kỳ {ky.nam - 1}",
            "th": f"TH kỳ này ({ky.ten_ngan})", "uoc": "Ước", "ghi_chu": "Ghi chú", "danh_gia": "Đánh giá",
            "cach_tinh": TEN_COT["cach_tinh"]}
    nhan_o: dict[tuple[int, int], str] = {}
    gop = []
    for ten, nhan in tren.items():
        nhan_o[(0, vt[ten])] = nhan
        gop.append(f"{chu(vt[ten])}{DONG_TIEU_DE}:{chu(vt[ten])}{DONG_TIEU_DE + 1}")
    nhom = [(f"KH năm {ky.nam}", [f"kh:{ng.ma}" for ng in cac_nguon], [ng.ten for ng in cac_nguon]),
            ("So sánh", [f"so:{ng.ma}" for ng in cac_nguon] + ["so_cung_ky"],
             [ng.ten_ngan for ng in cac_nguon] + ["Cùng kỳ"])]
    for nhan, cot, duoi in nhom:
        if not cot:
            continue
        nhan_o[(0, vt[cot[0]])] = nhan
        if len(cot) > 1:
            gop.append(f"{chu(vt[cot[0]])}{DONG_TIEU_DE}:{chu(vt[cot[-1]])}{DONG_TIEU_DE}")
        for ten, nhan_duoi in zip(cot, duoi):
            nhan_o[(1, vt[ten])] = nhan_duoi
    hang = [[kieu.o(nhan_o.get((i, c)), ("tieu_de",), TIEU_DE)
             for c in range(1, len(vt) + 1)] for i in (0, 1)]
    return vt, hang, gop


def _o_ke_hoach(kh: selectors.KeHoachGT | None):
    """A plan cell: a spreadsheet number for a value, its text for a bound ("≥ 10,27")."""
    if kh is None:
        return None
    if kh.kieu == dinh_dang.BANG:
        return _so_cho_excel(kh.gia_tri)
    return dinh_dang.ke_hoach_chinh_xac(kh.kieu, kh.gia_tri, kh.gia_tri_den)


# Columns of text the app composes (and each "so:<source>"), written as is: never read back.
DO_TINH = {"so_cung_ky", "danh_gia", "cach_tinh"}


def cach_tinh_th(dong: selectors.DongChiTieu, chi_tieu_theo_id: dict[int, ChiTieu]) -> str:
    """Where the actual a row shows comes from when nobody types it, as the entry grid
    says it ("Tự tính từ CT01", "Cộng từ các đơn vị"); "" for a figure that is entered.
    `chi_tieu_theo_id` holds the base of a growth rate."""
    if dong.th_tinh_tu_goc:
        return f"Tự tính từ {chi_tieu_theo_id[dong.chi_tieu.chi_tieu_goc_id].ma}"
    if dong.th.tong_tu_don_vi_con:
        return "Cộng từ các đơn vị"
    return ""


def _in_a4_ngang(ws, dong_cuoi_tieu_de: int) -> None:
    """A4 landscape, one page wide and as many long as it takes, the header rows
    repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{DONG_TIEU_DE}:{dong_cuoi_tieu_de}"
    ws.page_margins.left = ws.page_margins.right = 0.4


def _ghi_sheet(kieu: _KieuO, don_vi: DonVi, ky: KyBaoCao, cac_dong: list[selectors.DongChiTieu],
               cac_nguon: list[NguonKeHoach], ke_hoach: dict, thuc_hien: dict, chi_tieu_theo_id: dict) -> None:
    """Writes one unit's sheet (`kieu.ws`) of a write-only workbook, row after row:
    `cac_dong` the rows its page shows, `ke_hoach` {(indicator, source): the stored plan
    version in force}, `thuc_hien` {indicator: the stored (value, estimate, note)}."""
    ws = kieu.ws
    vt, hang_tieu_de, gop = _tieu_de(kieu, ky, cac_nguon)
    rong = {"stt": 5, "ten": 44, "dvt": 11, "ma": 8, "th_cung_ky": 12, "th": 12, "so_cung_ky": 13, "uoc": 5,
            "ghi_chu": 24, "danh_gia": 13, "cach_tinh": 14}
    for ten, c in vt.items():  # before the first row: a write-only sheet writes its columns first
        ws.column_dimensions[get_column_letter(c)].width = rong.get(ten, 12 if ten.startswith("kh:") else 13)
    ws.freeze_panes = f"{get_column_letter(vt['ma'] + 1)}{DONG_TIEU_DE + 2}"
    _in_a4_ngang(ws, DONG_TIEU_DE + 1)
    ws.append([kieu.o("BIỂU SỐ LIỆU CHỈ TIÊU KINH TẾ – XÃ HỘI", ("tieu_de_bieu",), {"font": Font(bold=True, size=13)})])
    ws.append([kieu.o(f"Đơn vị: {don_vi.ten} (mã {don_vi.ma})")])
    ws.append([kieu.o(f"Kỳ báo cáo: {ky.ten} (mã {ky.slug})")])
    ws.append([kieu.o("Chỉ nhập vào các ô nền trắng (KH năm, TH kỳ này, Ước, Ghi chú). Số gõ kiểu Việt Nam "
                      "(1.234,5) hoặc số Excel. Ước: gõ x nếu là số ước tính. Không sửa cột Mã. Các cột So sánh, "
                      "Đánh giá và số có ghi Cách tính do hệ thống tính, không đọc lại khi tải lên.", ("huong_dan",),
                      {"font": Font(italic=True, color="555555")})])
    for _ in range(DONG_TIEU_DE - 5):
        ws.append([])
    for hang in hang_tieu_de:
        ws.append(hang)
    sua_duoc = {*(f"kh:{ng.ma}" for ng in cac_nguon), "th", "uoc", "ghi_chu"}
    linh_vuc_truoc, so_muc, stt = None, 0, 0
    for dong in cac_dong:
        ct, cap = dong.chi_tieu, dong.cap
        if ct.linh_vuc != linh_vuc_truoc:
            linh_vuc_truoc = ct.linh_vuc
            muc = {vt["stt"]: LA_MA[so_muc] if so_muc < len(LA_MA) else str(so_muc + 1),
                   vt["ten"]: ct.get_linh_vuc_display()}
            ws.append([kieu.o(muc[c], ("muc_dam",), {"font": DAM, "fill": NEN_KHOA, "border": KE}) if c in muc
                       else kieu.o(None, ("muc",), {"fill": NEN_KHOA, "border": KE}) for c in range(1, len(vt) + 1)])
            so_muc += 1
            stt = 0
        if cap == 0:
            stt += 1
        cach_tinh = cach_tinh_th(dong, chi_tieu_theo_id)
        if cach_tinh:
            # The figure the page shows; not typed, so neither its estimate mark nor a note.
            th, uoc, ghi_chu = tinh_toan.lam_tron(dong.th.gia_tri, ct.so_le), None, None
        else:
            gt, la_uoc, gc = thuc_hien.get(ct.id) or (None, False, "")
            th, uoc, ghi_chu = gt, "x" if gt is not None and la_uoc else None, gc or None
        so_sanh = hien_thi.o_so_sanh(dong)
        gia_tri = {
            "stt": str(stt) if cap == 0 else "-",
            "ten": ct.ten,
            "dvt": ct.don_vi_tinh,
            "ma": ct.ma,
            **{f"kh:{ng.ma}": _o_ke_hoach(ke_hoach.get((ct.id, ng.id))) for ng in cac_nguon},
            "th_cung_ky": _so_cho_excel(dong.th_cung_ky.gia_tri),
            "th": _so_cho_excel(th),
            **{f"so:{ng.ma}": so_sanh[f"nguon-{ng.ma}"] for ng in cac_nguon},
            "so_cung_ky": so_sanh["cung-ky"],
            "uoc": uoc,
            "ghi_chu": ghi_chu,
            "danh_gia": so_sanh["ten-trang-thai"],
            "cach_tinh": cach_tinh or None,
        }
        hang = []
        for ten in vt:
            mo = ten in sua_duoc and not (cach_tinh and ten in ("th", "uoc", "ghi_chu"))
            khoa = ("o", ten, ct.so_le, cap if ten == "ten" else 0, mo)
            o = kieu.o(gia_tri[ten], khoa, lambda ten=ten, mo=mo: _kieu_cot(ten, mo, ct.so_le, cap),
                       thoat=not (ten in DO_TINH or ten.startswith("so:")))
            if ten == "th_cung_ky" and dong.th_cung_ky.ghi_chu_dia_gioi:
                o.comment = Comment(dong.th_cung_ky.ghi_chu_dia_gioi, "Biểu số liệu")
            hang.append(o)
        ws.append(hang)
    for vung in gop:
        ws.merged_cells.add(vung)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def ghi_bieu_mau(ky: KyBaoCao, cac_don_vi: list[DonVi]) -> bytes:
    """The form of `ky` for each unit, one sheet per unit — its set's indicators and plan
    sources — as .xlsx bytes. What a person can enter (plans, actuals, estimate marks,
    notes) holds the stored values — the plans those in force at the period's end, not
    sums of units below — so exporting and re-importing changes nothing; the rest is what
    the unit's page shows, read through the same selectors (`selectors.dong_chi_tieu`).
    Written in openpyxl's write-only mode: a province's 135 sheets stream out without a
    cell object per cell kept in memory."""
    cac_bo = selectors.cac_bo_cua_nam(ky.nam)
    bo_cua = selectors.bo_theo_don_vi(cac_don_vi, ky.nam, cac_bo)
    chi_tieu_theo_id = selectors.chi_tieu_theo_id_cua(cac_bo)
    so_lieu = selectors.SoLieu(ky, cac_don_vi)
    ke_hoach: dict[int, dict] = defaultdict(dict)
    for (dv, ct, ng), kh in so_lieu.ke_hoach.items():
        ke_hoach[dv][(ct, ng)] = kh
    thuc_hien: dict[int, dict] = defaultdict(dict)
    for (dv, ct, nam), gt in so_lieu.thuc_hien.items():
        if nam == ky.nam:
            thuc_hien[dv][ct] = gt
    wb = Workbook(write_only=True)
    da_dung: set = set()
    kieu = _KieuO(None)
    # A unit no indicator set names this year has nothing to enter: no sheet of its own.
    co_bo = [dv for dv in cac_don_vi if bo_cua[dv.id] is not None]
    for dv in co_bo:
        kieu.ws = wb.create_sheet(ten_sheet(dv.ten_ngan, da_dung, du_phong=dv.ma))
        cac_nguon = selectors.nguon_cua_bo(bo_cua[dv.id])
        cac_dong = [selectors.dong_chi_tieu(so_lieu, dv.id, ct, cap, chi_tieu_theo_id, cac_nguon)
                    for ct, cap in selectors.chi_tieu_cua_bo(bo_cua[dv.id])]
        _ghi_sheet(kieu, dv, ky, cac_dong, [ng for ng, _ in cac_nguon], ke_hoach[dv.id], thuc_hien[dv.id],
                   chi_tieu_theo_id)
    if not co_bo:
        ws = wb.create_sheet("Trống")
        ws.append([_KieuO(ws).o("Không có đơn vị nào." if not cac_don_vi else
                                f"{', '.join(dv.ten for dv in cac_don_vi)}: chưa có bộ chỉ tiêu năm {ky.nam}, "
                                "nên biểu mẫu không có chỉ tiêu nào để nhập.")])
    ra = io.BytesIO()
    wb.save(ra)
    return ra.getvalue()


# -- opening an upload ------------------------------------------------------------

def mo_tep(noi_dung: bytes, ngan_sach: NganSach | None = None) -> list[Sheet]:
    """Every sheet's values (cached values of formulas) and which cells hold formulas,
    read within the upload budget (`doc_xlsx`). Raises LoiTep."""
    kiem_tra_tep(noi_dung)
    sheets = doc_bang_tinh(noi_dung, ngan_sach)
    if not sheets:
        raise LoiTep("Bảng tính không có sheet nào.")
    return sheets


# -- what a file asks for -------------------------------------------------------------

@dataclass(slots=True)  # a file holds up to EXCEL_MAX_CELLS of them: no __dict__ each
class ODoc:
    """One value read from a file: an actual (`ky` set) or a plan version (`nguon` set)."""

    vi_tri: str  # Sheet!H12
    don_vi: DonVi
    chi_tieu: ChiTieu
    ky: KyBaoCao | None = None
    nam: int | None = None
    nguon: NguonKeHoach | None = None
    gia_tri: Decimal | None = None
    la_uoc: bool = False
    ghi_chu: str = ""
    can_cu: str | None = None  # None: keep the stored căn cứ (the form has no such column)
    vi_tri_don_vi: str = ""  # where the unit is named (title row, or the row's ma_don_vi cell)
    kieu: str = dinh_dang.BANG  # a plan: a value or a bound, up to `gia_tri_den`
    gia_tri_den: Decimal | None = None
    hieu_luc_tu: date | None = None  # the version a plan cell writes (long format; default 1 January)
    ngay_ap_dung: date | None = None  # the form: the version in force that day (its period's end)
    tien_do: dict | None = None  # None: keep the stored phases
    doc_duoc: str = ""  # the value as read, before rounding, for messages
    van_ban: str | None = None  # the cell's text when it held text (for a separator slip)


LOI_GIU_TOI_DA = 1000  # errors (and roundings) kept with a read file or a preview; the rest are counted


class CoLoi:
    """Lists of errors and of roundings that keep the first LOI_GIU_TOI_DA and count them
    all, so a file with an error (or a rounded value) on each of 50,000 rows costs
    neither memory nor a huge page."""

    loi: list[tuple[str, str]]
    so_loi: int
    lam_tron: list[tuple[str, str]]
    so_lam_tron: int

    def them_loi(self, vi_tri: str, thong_bao: str) -> None:
        self.so_loi += 1
        if len(self.loi) < LOI_GIU_TOI_DA:
            self.loi.append((vi_tri, thong_bao))

    def them_lam_tron(self, vi_tri: str, thong_bao: str) -> None:
        self.so_lam_tron += 1
        if len(self.lam_tron) < LOI_GIU_TOI_DA:
            self.lam_tron.append((vi_tri, thong_bao))


@dataclass
class KetQuaDoc(CoLoi):
    o: list[ODoc] = field(default_factory=list)
    loi: list[tuple[str, str]] = field(default_factory=list)  # (where, message)
    so_loi: int = 0
    lam_tron: list[tuple[str, str]] = field(default_factory=list)  # (where, "đọc 34,63 → lưu 34,6 …")
    so_lam_tron: int = 0
    so_sheet: int = 0
    so_dong: int = 0


def vi_tri(sheet: str, dong: int, cot: int) -> str:
    ten = sheet if re.fullmatch(r"[A-Za-z0-9_]+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{ten}!{get_column_letter(cot)}{dong}"


class DanhMuc:
    """Units, periods, indicators and plan sources by code, fetched once per import."""

    def __init__(self):
        self.don_vi = {dv.ma: dv for dv in DonVi.objects.all()}
        self.ky = {k.slug: k for k in KyBaoCao.objects.all()}
        # "8 tháng 2026", "tháng 1 năm 2026": the names a form's title may give its period.
        self.ky_theo_ten = {chuan_hoa(ten): k for k in self.ky.values() for ten in (k.ten, k.ten_ngan)}
        self.chi_tieu = {ct.ma: ct for ct in ChiTieu.objects.all()}
        self.nguon = {ng.ma: ng for ng in NguonKeHoach.objects.all()}
        self.nguon_theo_ten = {chuan_hoa(ten): self.nguon[ma] for ten, ma in TEN_NGUON_CU.items() if ma in self.nguon}
        for ng in self.nguon.values():
            self.nguon_theo_ten[chuan_hoa(ng.ten)] = ng
            self.nguon_theo_ten.setdefault(chuan_hoa(ng.ten_ngan), ng)
        theo_ten: dict[str, list[ChiTieu]] = defaultdict(list)
        for ct in self.chi_tieu.values():
            theo_ten[chuan_hoa(ct.ten)].append(ct)
        self.theo_ten = theo_ten
        self.ten_linh_vuc = {chuan_hoa(ten) for _, ten in ChiTieu.LinhVuc.choices}


def kiem_cong_thuc(sheet: Sheet, r: int, c: int | None, gia_tri) -> None:
    """Refuses a formula whose value was never computed (a file saved by a program that
    does not calculate): its blank is not a real blank."""
    if gia_tri is None and c is not None and (r, c) in sheet.cong_thuc:
        raise dinh_dang.LoiNhapSo("Ô có công thức nhưng chưa có giá trị đã tính; mở tệp bằng Excel hoặc "
                                  "LibreOffice, lưu lại rồi tải lên.")


def doc_so_cua(sheet: Sheet, r: int, c: int | None, gia_tri) -> Decimal | None:
    """`doc_so_o` of a cell (`kiem_cong_thuc` first)."""
    kiem_cong_thuc(sheet, r, c, gia_tri)
    return doc_so_o(gia_tri)


def _vua_co(x: Decimal) -> Decimal:
    """A spreadsheet number within what a value may hold; a larger one (1e28 and up
    would not even fit Decimal's arithmetic) is the same message as in the grid."""
    if abs(x) >= Decimal(10) ** services.SO_CHU_SO_NGUYEN:
        raise dinh_dang.LoiNhapSo(f"Số quá lớn (tối đa {services.SO_CHU_SO_NGUYEN} chữ số phần nguyên).")
    return x


def doc_so_o(gia_tri) -> Decimal | None:
    """A number cell: a spreadsheet number, or Vietnamese number text. Raises
    dinh_dang.LoiNhapSo with a Vietnamese message that quotes what was read."""
    if gia_tri is None:
        return None
    if isinstance(gia_tri, bool):
        raise dinh_dang.LoiNhapSo(f"Ô số chứa giá trị đúng/sai (đọc được: {'TRUE' if gia_tri else 'FALSE'}), "
                                  "không phải số.")
    if isinstance(gia_tri, int):
        return _vua_co(Decimal(gia_tri))
    if isinstance(gia_tri, float):
        if gia_tri != gia_tri or gia_tri in (float("inf"), float("-inf")):
            raise dinh_dang.LoiNhapSo(f"Ô số chứa giá trị không hợp lệ (đọc được: {gia_tri}).")
        x = _vua_co(Decimal(repr(gia_tri)))
        return dinh_dang.bo_so_0_thua(x)
    if isinstance(gia_tri, Decimal):
        return dinh_dang.bo_so_0_thua(_vua_co(gia_tri))
    if isinstance(gia_tri, str):
        if gia_tri.strip().startswith("#"):
            raise dinh_dang.LoiNhapSo(f"Ô chứa lỗi của Excel “{gia_tri.strip()}”, không phải số.")
        x = dinh_dang.doc_so(gia_tri)
        return None if x is None else x
    raise dinh_dang.LoiNhapSo(f"Ô chứa ngày/giờ hoặc kiểu dữ liệu khác ({type(gia_tri).__name__}, đọc được: "
                              f"{gia_tri}), không phải số.")


def doc_duoc(gia_tri) -> str:
    """A cell's value as read, for messages: a number the Vietnamese way, text as is."""
    if isinstance(gia_tri, str):
        return gia_tri.strip()
    try:
        return dinh_dang.so_chinh_xac(doc_so_o(gia_tri))
    except dinh_dang.LoiNhapSo:
        return str(gia_tri)


def lam_tron_o(kq: KetQuaDoc, vi_tri_o: str, ct: ChiTieu, gia_tri: Decimal | None, tho) -> Decimal | None:
    """`gia_tri`, read from a cell whose raw value is `tho`, as indicator `ct` keeps it.
    A spreadsheet number with more decimals than the indicator keeps — the sheet shows
    34,6 and holds 34,63, a formula gives 91,234 — is rounded half-up to the indicator's
    decimals, with a warning naming the cell and both values. Text is taken as typed:
    "1,500" in a whole-number indicator is refused by the rules, never rounded to 2."""
    if isinstance(tho, str):
        return gia_tri
    moi = tinh_toan.lam_tron_neu_thua(gia_tri, ct.so_le)
    if moi != gia_tri:
        kq.them_lam_tron(vi_tri_o, f"đọc {dinh_dang.so_chinh_xac(gia_tri)} → lưu {dinh_dang.so_chinh_xac(moi)} "
                                   f"({ct.ma} lưu {ct.so_le} chữ số thập phân)")
    return moi


def doc_ke_hoach_o(gia_tri) -> tuple[str, Decimal | None, Decimal | None]:
    """A plan cell: a spreadsheet number, or text as offices write plans ("475,5",
    "≥ 10,27", "8,8–9,4"; a range written from a negative number carries the writers'
    protective apostrophe, dropped here). Raises dinh_dang.LoiNhapSo with a Vietnamese
    message."""
    if isinstance(gia_tri, str) and not gia_tri.strip().startswith("#"):
        return dinh_dang.doc_ke_hoach(bo_thoat_cong_thuc(gia_tri.strip()))
    return dinh_dang.BANG, doc_so_o(gia_tri), None


def doc_co(gia_tri) -> bool:
    """The Ước / la_uoc cell: blank, 0, không, sai → False; x, 1, có, đúng → True."""
    if gia_tri is None or gia_tri is False:
        return False
    if gia_tri is True:
        return True
    chu = chuan_hoa(gia_tri)
    if chu in ("", "0", "không", "khong", "false", "sai", "no"):
        return False
    if chu in ("x", "1", "có", "co", "true", "đúng", "dung", "yes", "ước", "uoc"):
        return True
    raise ValueError(f"“{gia_tri}” không hiểu được: gõ x nếu là số ước tính, để trống nếu không.")


def doc_van_ban(gia_tri, ten: str, toi_da: int = services.GHI_CHU_TOI_DA) -> str:
    """A text cell (ghi chú, căn cứ). A formula or unescaped formula-like text is refused,
    and so is text the services would refuse (too long, control characters)."""
    if gia_tri is None:
        return ""
    if not isinstance(gia_tri, str):
        gia_tri = str(gia_tri)
    van_ban = gia_tri.strip()
    if van_ban.startswith("="):
        raise ValueError(f"{ten} bắt đầu bằng dấu “=” (công thức) nên không nhận; nếu là văn bản, "
                         "gõ dấu ' ở đầu.")
    van_ban = bo_thoat_cong_thuc(van_ban)
    if thong_bao := services.kiem_tra_van_ban(van_ban, toi_da, ten):
        raise ValueError(thong_bao)
    return van_ban


# -- reading the wide form ------------------------------------------------------------

def _tim_tieu_de(sheet: Sheet):
    """The header row (by content) and the column of each field, or None."""
    for i, (r, hang) in enumerate(sheet.dong[:40]):
        chu = [chuan_hoa(v) for v in hang]
        if "mã" not in chu or not any(c == "chỉ tiêu" for c in chu):
            continue
        cot: dict[str, int] = {}
        for c, t in enumerate(chu, start=1):
            if t == "stt":
                cot["stt"] = c
            elif t == "chỉ tiêu":
                cot["ten"] = c
            elif t == "mã":
                cot["ma"] = c
            elif t.startswith("th kỳ này"):
                cot["th"] = c
            elif t.startswith("ước"):
                cot["uoc"] = c
            elif t.startswith("ghi chú"):
                cot["ghi_chu"] = c
            elif t.startswith("cách tính"):
                cot["cach_tinh"] = c
        duoi = sheet.dong[i + 1] if i + 1 < len(sheet.dong) else None
        dong_du_lieu = r + 1
        if duoi is not None and duoi[0] == r + 1:
            # A plan column lies under the merged "KH năm …" header: the nearest header
            # text at or left of it starts with "kh năm". Its name is a source's, which the
            # writer escapes like any text (`tai_ve.van_ban_o`).
            nhom = ""
            for c, t in enumerate((chuan_hoa(bo_thoat_cong_thuc(v) if isinstance(v, str) else v) for v in duoi[1]),
                                  start=1):
                if c - 1 < len(chu) and chu[c - 1]:
                    nhom = chu[c - 1]
                if t and nhom.startswith("kh năm"):
                    cot[f"kh?{t}"] = c
            if any(k.startswith("kh?") for k in cot):
                dong_du_lieu = r + 2
        return r, dong_du_lieu, cot
    return None


def _tim_ma(sheet: Sheet, den_dong: int, nhan: str) -> tuple[str | None, int, int]:
    """The code in "(mã …)" of the first title line starting with `nhan`, and its cell."""
    for r, hang in sheet.dong:
        if r >= den_dong:
            break
        for c, v in enumerate(hang, start=1):
            if isinstance(v, str) and chuan_hoa(v).startswith(nhan):
                khop = re.search(r"\(mã\s+([^)\s]+)\s*\)", v)
                return (khop.group(1) if khop else None), r, c
    return None, 1, 1


def _ten_truoc_ma(sheet: Sheet, r: int, c: int) -> str:
    """"8 tháng 2026" of the title line "Kỳ báo cáo: 8 tháng 2026 (mã 2026-8t)"."""
    v = next((hang[c - 1] for r_, hang in sheet.dong if r_ == r and len(hang) >= c), None)
    if not isinstance(v, str):
        return ""
    return v.partition(":")[2].partition("(mã")[0].strip()


def doc_bieu_mau(sheet: Sheet, dm: DanhMuc, kq: KetQuaDoc) -> bool:
    """Reads one sheet of the form into `kq`. False when the sheet is not a form."""
    tim = _tim_tieu_de(sheet)
    if tim is None:
        return False
    r_td, r_dau, cot = tim
    s = sheet.ten
    cot_kh: dict[str, NguonKeHoach] = {}
    for khoa in [k for k in cot if k.startswith("kh?")]:
        ten = khoa[3:]
        ng = dm.nguon_theo_ten.get(ten)
        if ng is None:
            kq.them_loi(vi_tri(s, r_td + 1, cot[khoa]), f"Cột kế hoạch “{ten}” không phải nguồn kế hoạch nào "
                                                        "(đặt tên cột đúng như tên nguồn, ví dụ “KH tỉnh giao”).")
            return True
        cot_kh[f"kh:{ng.ma}"] = ng
        cot[f"kh:{ng.ma}"] = cot.pop(khoa)
    if "th" not in cot or not cot_kh:
        thieu = ([TEN_COT["th"]] if "th" not in cot else []) + ([] if cot_kh else ["KH năm"])
        kq.them_loi(vi_tri(s, r_td, 1), "Dòng tiêu đề thiếu cột " + ", ".join(f"“{t}”" for t in thieu)
                    + " (tiêu đề hai dòng: “KH năm” gộp trên tên từng nguồn kế hoạch, ví dụ “KH tỉnh giao”; "
                    "có thể tiêu đề bị lệch).")
        return True
    ma_dv, r_dv, c_dv = _tim_ma(sheet, r_td, "đơn vị")
    ma_ky, r_ky, c_ky = _tim_ma(sheet, r_td, "kỳ báo cáo")
    don_vi = dm.don_vi.get(ma_dv or "")
    ky = dm.ky.get(ma_ky or "")
    if don_vi is None:
        kq.them_loi(vi_tri(s, r_dv, c_dv), f"Không xác định được đơn vị (cần dòng “Đơn vị: … (mã …)” với mã có thật; "
                                          f"đọc được: “{ma_dv or ''}”).")
    if ky is None:
        kq.them_loi(vi_tri(s, r_ky, c_ky), "Không xác định được kỳ báo cáo (cần dòng “Kỳ báo cáo: … (mã 2023-6t)” "
                                          f"với kỳ có thật; đọc được: “{ma_ky or ''}”).")
    if ky is not None:
        ten_ky = _ten_truoc_ma(sheet, r_ky, c_ky)
        ky_theo_ten = dm.ky_theo_ten.get(chuan_hoa(ten_ky))
        if ky_theo_ten is not None and ky_theo_ten.id != ky.id:
            # A form copied from another month with its title changed but not its code:
            # the code would silently send the figures to the wrong period.
            kq.them_loi(vi_tri(s, r_ky, c_ky), f"Dòng kỳ báo cáo ghi “{ten_ky}” nhưng mã {ky.slug} là kỳ “{ky.ten}”; "
                                              f"sửa tên hoặc mã cho khớp (mã của “{ky_theo_ten.ten}” là "
                                              f"{ky_theo_ten.slug}).")
            return True
    if don_vi is None or ky is None:
        return True
    kq.so_sheet += 1
    o_don_vi = vi_tri(s, r_dv, c_dv)
    da_gap: dict[int, str] = {}
    for r, hang in sheet.dong:
        if r < r_dau:
            continue

        def lay(k):
            c = cot.get(k)
            return hang[c - 1] if c and c - 1 < len(hang) else None

        ma = lay("ma")
        ten = lay("ten")
        ma = bo_thoat_cong_thuc(str(ma).strip()) if ma not in (None, "") else ""
        gia_tri_nhap = [lay(k) for k in (*cot_kh, "th", "uoc", "ghi_chu")]
        co_so = any(v not in (None, "") for v in gia_tri_nhap)
        if ma:
            ct = dm.chi_tieu.get(ma)
            if ct is None:
                kq.them_loi(vi_tri(s, r, cot["ma"]), f"Mã chỉ tiêu “{ma}” không có trong danh mục.")
                continue
        else:
            cung_ten = dm.theo_ten.get(chuan_hoa(bo_thoat_cong_thuc(str(ten or "").strip())), [])
            if len(cung_ten) == 1:
                ct = cung_ten[0]
            elif not co_so:
                continue  # a section row (I, II, …), a blank row or a note
            else:
                kq.them_loi(vi_tri(s, r, cot.get("ten", cot["ma"])),
                            f"Dòng có số liệu nhưng không có mã chỉ tiêu, và tên “{ten or ''}” "
                            + ("trùng nhiều chỉ tiêu." if cung_ten else "không khớp chỉ tiêu nào."))
                continue
        kq.so_dong += 1
        o_dau = vi_tri(s, r, cot["ma"] if ma else cot.get("ten", cot["ma"]))
        if ct.id in da_gap:
            kq.them_loi(o_dau, f"Chỉ tiêu {ct.ma} xuất hiện hai lần trong sheet (đã có ở {da_gap[ct.id]}).")
            continue
        da_gap[ct.id] = o_dau
        for k, ng in cot_kh.items():
            o_ = vi_tri(s, r, cot[k])
            try:
                kiem_cong_thuc(sheet, r, cot[k], lay(k))
                kieu, gt, den = doc_ke_hoach_o(lay(k))
                gt = lam_tron_o(kq, o_, ct, gt, lay(k))
            except dinh_dang.LoiNhapSo as e:
                kq.them_loi(o_, f"{ng.ten} của {ct.ma}: {e}")
                continue
            kq.o.append(ODoc(o_, don_vi, ct, nam=ky.nam, nguon=ng, gia_tri=gt, kieu=kieu, gia_tri_den=den,
                             ngay_ap_dung=ky.ngay_cuoi, vi_tri_don_vi=o_don_vi, doc_duoc=doc_duoc(lay(k))))
        if lay("cach_tinh") not in (None, ""):
            continue  # an actual the page computes (a growth rate, a sum of units): nothing to read
        o_th = vi_tri(s, r, cot["th"])
        loi_dong = False
        try:
            gt = lam_tron_o(kq, o_th, ct, doc_so_cua(sheet, r, cot["th"], lay("th")), lay("th"))
        except dinh_dang.LoiNhapSo as e:
            kq.them_loi(o_th, f"TH kỳ này của {ct.ma}: {e}")
            loi_dong = True
        la_uoc, ghi_chu = False, ""
        if "uoc" in cot:
            try:
                la_uoc = doc_co(lay("uoc"))
            except ValueError as e:
                kq.them_loi(vi_tri(s, r, cot["uoc"]), f"Ước của {ct.ma}: {e}")
                loi_dong = True
        if "ghi_chu" in cot:
            o_gc = vi_tri(s, r, cot["ghi_chu"])
            try:
                if (r, cot["ghi_chu"]) in sheet.cong_thuc:
                    raise ValueError("Ghi chú là công thức Excel; chỉ nhận văn bản.")
                ghi_chu = doc_van_ban(lay("ghi_chu"), "Ghi chú")
            except ValueError as e:
                kq.them_loi(o_gc, f"{ct.ma}: {e}")
                loi_dong = True
        if not loi_dong:
            kq.o.append(ODoc(o_th, don_vi, ct, ky=ky, gia_tri=gt, la_uoc=la_uoc if gt is not None else False,
                             ghi_chu=ghi_chu, vi_tri_don_vi=o_don_vi, doc_duoc=doc_duoc(lay("th")),
                             van_ban=lay("th") if isinstance(lay("th"), str) else None))
    return True


# -- the whole file -------------------------------------------------------------------

def doc_tep(noi_dung: bytes, dm: DanhMuc | None = None) -> KetQuaDoc:
    """Reads every sheet: the district form, or the long format (see `resources`).
    Raises LoiTep when the file itself is unacceptable."""
    from . import resources

    sheets = mo_tep(noi_dung)
    dm = dm or DanhMuc()
    kq = KetQuaDoc()
    for sheet in sheets:
        if not sheet.dong:
            continue
        if doc_bieu_mau(sheet, dm, kq) or resources.doc_dang_dai(sheet, dm, kq):
            continue
        kq.them_loi(vi_tri(sheet.ten, sheet.dong[0][0], 1),
                    "Không tìm thấy dòng tiêu đề: cần biểu mẫu (cột “Chỉ tiêu”, “Mã”, “TH kỳ này”…) "
                    "hoặc bảng dạng dài (cột ma_don_vi, ma_chi_tieu, gia_tri…).")
    if not kq.o and not kq.loi:
        kq.them_loi("tệp", "Bảng tính không có dữ liệu nào để nhập (các sheet trống).")
    return kq


# -- what a pending upload keeps ------------------------------------------------------

def _ngay(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _so(x: Decimal | None) -> str | None:
    return None if x is None else str(x)


def dong_goi(kq: KetQuaDoc) -> bytes:
    """What a read file asks for, as a pending upload keeps it (`TepTam.du_lieu`): the
    counts, errors and roundings, then one line of JSON per cell read (by codes),
    compressed as it is written — so the file is read once and never again, and packing
    a large one does not hold a second copy of it in memory."""
    nen = zlib.compressobj(6)

    def dong(x) -> bytes:
        return nen.compress(json.dumps(x, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")

    phan = [dong({"loi": kq.loi, "so_loi": kq.so_loi, "lam_tron": kq.lam_tron, "so_lam_tron": kq.so_lam_tron,
                  "so_sheet": kq.so_sheet, "so_dong": kq.so_dong})]
    phan += [dong([o.vi_tri, o.don_vi.ma, o.chi_tieu.ma, o.ky.slug if o.ky else None, o.nam,
                   o.nguon.ma if o.nguon else None, _so(o.gia_tri), o.la_uoc, o.ghi_chu, o.can_cu, o.vi_tri_don_vi,
                   o.kieu, _so(o.gia_tri_den), _ngay(o.hieu_luc_tu), _ngay(o.ngay_ap_dung),
                   None if o.tien_do is None else {str(t): str(x) for t, x in o.tien_do.items()},
                   o.doc_duoc, o.van_ban])
             for o in kq.o]
    return b"".join(phan) + nen.flush()


def mo_goi(du_lieu: bytes, dm: DanhMuc | None = None) -> KetQuaDoc:
    """`dong_goi` undone, line by line, the codes looked up again: a unit, indicator,
    period or plan source removed from the catalog since the upload is an error at its
    cell."""
    cac_dong = io.BytesIO(zlib.decompress(du_lieu))
    dau = json.loads(cac_dong.readline())
    dm = dm or DanhMuc()
    kq = KetQuaDoc(loi=[tuple(x) for x in dau["loi"]], so_loi=dau["so_loi"],
                   lam_tron=[tuple(x) for x in dau["lam_tron"]], so_lam_tron=dau["so_lam_tron"],
                   so_sheet=dau["so_sheet"], so_dong=dau["so_dong"])
    for dong in cac_dong:
        (vt, ma_dv, ma_ct, ma_ky, nam, ma_nguon, gia_tri, la_uoc, ghi_chu, can_cu, vt_dv, kieu, den, hieu_luc_tu,
         ngay_ap_dung, tien_do, doc_duoc_, van_ban) = json.loads(dong)
        don_vi, ct = dm.don_vi.get(ma_dv), dm.chi_tieu.get(ma_ct)
        ky = dm.ky.get(ma_ky) if ma_ky else None
        nguon = dm.nguon.get(ma_nguon) if ma_nguon else None
        if don_vi is None or ct is None or (ma_ky and ky is None) or (ma_nguon and nguon is None):
            kq.them_loi(vt, "Danh mục (đơn vị, chỉ tiêu, kỳ hoặc nguồn kế hoạch) đã thay đổi sau khi tải tệp lên; "
                            "hãy tải tệp lên lại.")
            continue
        kq.o.append(ODoc(vt, don_vi, ct, ky=ky, nam=nam, nguon=nguon,
                         gia_tri=None if gia_tri is None else Decimal(gia_tri), la_uoc=la_uoc, ghi_chu=ghi_chu,
                         can_cu=can_cu, vi_tri_don_vi=sys.intern(vt_dv), kieu=sys.intern(kieu),
                         gia_tri_den=None if den is None else Decimal(den),
                         hieu_luc_tu=None if hieu_luc_tu is None else date.fromisoformat(hieu_luc_tu),
                         ngay_ap_dung=None if ngay_ap_dung is None else date.fromisoformat(ngay_ap_dung),
                         tien_do=None if tien_do is None else {int(t): Decimal(x) for t, x in tien_do.items()},
                         doc_duoc=doc_duoc_, van_ban=van_ban))
    return kq


# -- comparing with the database ------------------------------------------------------

class ThayDoi:
    """One changed cell of a preview: its old and new content (`services.ONhap` or
    `services.OKeHoach`), shown as text (`cu`, `moi`) only when asked — a large file's
    preview formats only the page shown — and its warnings."""

    __slots__ = ("vi_tri", "don_vi", "chi_tieu", "cot", "o_cu", "o_moi", "_canh_bao")

    def __init__(self, vi_tri: str, don_vi: DonVi, chi_tieu: ChiTieu, cot: str, o_cu, o_moi):
        self.vi_tri, self.don_vi, self.chi_tieu = vi_tri, don_vi, chi_tieu
        self.cot = cot  # "TH 6 tháng 2023", "KH tỉnh giao 2023"
        self.o_cu, self.o_moi = o_cu, o_moi
        self._canh_bao = None

    @property
    def cu(self) -> str:
        return _hien_o(self.o_cu)

    @property
    def moi(self) -> str:
        return _hien_o(self.o_moi)

    @property
    def canh_bao(self) -> list[str]:
        if self._canh_bao is None:
            self._canh_bao = []
        return self._canh_bao


@dataclass
class OCanXacNhan:
    """A new value the magnitude rule holds back until the person acknowledges it."""

    vi_tri: str
    don_vi: DonVi
    ky: KyBaoCao
    chi_tieu: ChiTieu
    thong_bao: str


@dataclass
class XemTruoc(CoLoi):
    thay_doi: list[ThayDoi] = field(default_factory=list)
    loi: list[tuple[str, str]] = field(default_factory=list)
    so_loi: int = 0
    canh_bao: list[tuple[str, str]] = field(default_factory=list)
    lam_tron: list[tuple[str, str]] = field(default_factory=list)  # values rounded to the indicator's decimals
    so_lam_tron: int = 0
    can_xac_nhan: list[OCanXacNhan] = field(default_factory=list)  # 100× off: confirm blocked until acknowledged
    so_sheet: int = 0
    so_dong: int = 0
    # What to write: {(don_vi, ky): {ct: ONhap}}, {(don_vi, nam): {(ct, nguon, hiệu lực từ): OKeHoach}}
    th: dict = field(default_factory=dict)
    kh: dict = field(default_factory=dict)
    o_th: dict = field(default_factory=dict)  # (don_vi_id, ky_id, chi_tieu_id) → cell, for warnings
    moc_lich_su: tuple = ()  # the last history records of the units' periods and years, when compared

    @property
    def dau_van_tay(self) -> str:
        """Identifies the exact set of changes shown and the state of the database they
        were compared with (its last history records: a cell changed and back since the
        preview counts as a change), so a confirm applies what was seen."""
        h = hashlib.sha256(f"{self.moc_lich_su}\n".encode())
        for t in self.thay_doi:
            h.update(f"{t.vi_tri}|{t.don_vi.id}|{t.chi_tieu.id}|{t.cot}|{t.cu}|{t.moi}\n".encode())
        return h.hexdigest()

    def tom_tat(self) -> tuple[list, list]:
        """How many cells change per unit and per indicator: [(DonVi, count)], [(ChiTieu, count)]."""
        don_vi, chi_tieu = Counter(), Counter()
        for t in self.thay_doi:
            don_vi[t.don_vi] += 1
            chi_tieu[t.chi_tieu] += 1
        return (sorted(don_vi.items(), key=lambda x: (x[0].thu_tu, x[0].ten_ngan)),
                sorted(chi_tieu.items(), key=lambda x: (x[0].thu_tu, x[0].ma)))


def _hien(gia_tri: Decimal | None, la_uoc: bool = False, ghi_chu: str = "") -> str:
    if gia_tri is None:
        return "(trống)"
    chu = dinh_dang.so_chinh_xac(gia_tri)
    if la_uoc:
        chu += " (ước)"
    if ghi_chu:
        chu += f" — {ghi_chu}"
    return chu


def _hien_o(o: services.ONhap | services.OKeHoach) -> str:
    if isinstance(o, services.ONhap):
        return _hien(o.gia_tri, o.la_uoc, o.ghi_chu)
    return _hien_ke_hoach(o)


def _hien_ke_hoach(o: services.OKeHoach) -> str:
    if o.gia_tri is None:
        return "(trống)"
    phan = [dinh_dang.ke_hoach_chinh_xac(o.kieu, o.gia_tri, o.gia_tri_den)]
    if o.tien_do:
        phan.append(f"tiến độ {dinh_dang.viet_tien_do(o.tien_do)}")
    return " — ".join(phan + ([o.can_cu] if o.can_cu else []))


TRONG_TH, TRONG_KH = services.ONhap(None), services.OKeHoach(None)  # no stored value (shared: never changed)


def so_sanh(kq: KetQuaDoc, nguoi, canh_bao: bool = True, bac_do: bool = True) -> XemTruoc:
    """The preview: each value that differs from the database, with warnings; errors for
    locked periods, units the user may not write and values the rules refuse.
    `bac_do=False` leaves out the cells the magnitude rule holds back (`can_xac_nhan`)
    unless there are errors (a refused file's page lists both): the upload, which shows
    only errors, and the confirm, where `services.luu_hang_loat` applies the rule itself
    under its locks (`ap_dung`)."""
    xt = XemTruoc(loi=list(kq.loi), so_loi=kq.so_loi, lam_tron=list(kq.lam_tron), so_lam_tron=kq.so_lam_tron,
                  so_sheet=kq.so_sheet, so_dong=kq.so_dong)
    cac_o_th = [o for o in kq.o if o.ky is not None]
    cac_o_kh = [o for o in kq.o if o.nguon is not None]
    don_vi_ids = {o.don_vi.id for o in kq.o}
    ky_ids = {o.ky.id for o in cac_o_th}
    cac_nam = {o.nam for o in cac_o_kh}
    hien_th = {(th.don_vi_id, th.ky_id, th.chi_tieu_id): th for th in ThucHien.objects.filter(
        don_vi_id__in=don_vi_ids, ky_id__in=ky_ids).only("don_vi_id", "ky_id", "chi_tieu_id", "gia_tri", "la_uoc",
                                                         "ghi_chu")}
    hien_kh = {(kh.don_vi_id, kh.nam, kh.chi_tieu_id, kh.nguon_id, kh.hieu_luc_tu): kh
               for kh in KeHoach.objects.filter(don_vi_id__in=don_vi_ids, nam__in=cac_nam)}
    phien_ban: dict[tuple, list[date]] = defaultdict(list)
    for (dv, nam, ct, ng, ngay) in hien_kh:
        phien_ban[(dv, nam, ct, ng)].append(ngay)
    khoa = {(tt.don_vi_id, tt.ky_id): tt for tt in TrangThaiNop.objects.filter(
        don_vi_id__in=don_vi_ids, trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET])
        .select_related("ky")}
    ngay_khoa: dict[tuple[int, int], list[date]] = defaultdict(list)
    for (dv, _), tt in khoa.items():
        ngay_khoa[(dv, tt.ky.nam)].append(tt.ky.ngay_cuoi)
    xt.moc_lich_su = (
        ThucHien.history.filter(don_vi_id__in=don_vi_ids, ky_id__in=ky_ids).aggregate(m=Max("history_id"))["m"],
        KeHoach.history.filter(don_vi_id__in=don_vi_ids, nam__in=cac_nam).aggregate(m=Max("history_id"))["m"],
    )

    da_bao_quyen, da_bao_khoa = set(), set()
    ten_cot_th: dict[int, str] = {}  # one name per column, shared by its changes
    ten_cot_kh: dict[tuple, str] = {}
    gap: dict[tuple, str] = {}
    duoc_nhap: dict[int, bool] = {}  # asked once per unit, not once per cell

    def kiem_quyen(o: ODoc) -> bool:
        if o.don_vi.id not in duoc_nhap:
            duoc_nhap[o.don_vi.id] = quyen.co_quyen_nhap(nguoi, o.don_vi)
        if duoc_nhap[o.don_vi.id]:
            return True
        if o.don_vi.id not in da_bao_quyen:
            da_bao_quyen.add(o.don_vi.id)
            xt.them_loi(o.vi_tri_don_vi or o.vi_tri,
                        f"Bạn không có quyền nhập số liệu cho {o.don_vi.ten} (mã {o.don_vi.ma}).")
        return False

    for o in cac_o_th:
        khoa_o = ("th", o.don_vi.id, o.ky.id, o.chi_tieu.id)
        if khoa_o in gap:
            xt.them_loi(o.vi_tri, f"{o.chi_tieu.ma} của {o.don_vi.ma}, kỳ {o.ky.slug} có hai lần trong tệp "
                        f"(đã có ở {gap[khoa_o]}).")
            continue
        gap[khoa_o] = o.vi_tri
        xt.o_th[(o.don_vi.id, o.ky.id, o.chi_tieu.id)] = o.vi_tri
        if not kiem_quyen(o):
            continue
        th = hien_th.get((o.don_vi.id, o.ky.id, o.chi_tieu.id))
        cu = services.ONhap(None) if th is None else services.ONhap(th.gia_tri, th.la_uoc, th.ghi_chu)
        moi = services.ONhap(o.gia_tri, o.la_uoc if o.gia_tri is not None else False,
                             o.ghi_chu if o.gia_tri is not None or o.ghi_chu else "")
        if moi == cu:
            continue
        if (thong_bao := services.kiem_tra_gia_tri(o.chi_tieu, o.gia_tri)):
            xt.them_loi(o.vi_tri, f"{o.chi_tieu.ma}: đọc được {o.doc_duoc} — {thong_bao}")
            continue
        if o.gia_tri is None and o.ghi_chu:
            xt.them_loi(o.vi_tri, f"{o.chi_tieu.ma}: Ghi chú cần đi kèm một giá trị.")
            continue
        if (thong_bao := services.kiem_tra_van_ban(o.ghi_chu, services.GHI_CHU_TOI_DA, "Ghi chú")):
            xt.them_loi(o.vi_tri, f"{o.chi_tieu.ma}: {thong_bao}")
            continue
        if (o.don_vi.id, o.ky.id) in khoa:
            if (o.don_vi.id, o.ky.id) not in da_bao_khoa:
                da_bao_khoa.add((o.don_vi.id, o.ky.id))
                xt.them_loi(o.vi_tri, f"Số liệu {o.ky.ten} của {o.don_vi.ten} đã gửi hoặc đã duyệt nên đã khóa; "
                            "cần Quản trị mở khóa trước khi nhập.")
            continue
        xt.th.setdefault((o.don_vi, o.ky), {})[o.chi_tieu] = moi
        if o.ky.id not in ten_cot_th:
            ten_cot_th[o.ky.id] = f"TH {o.ky.ten_ngan}"
        thay = ThayDoi(o.vi_tri, o.don_vi, o.chi_tieu, ten_cot_th[o.ky.id], TRONG_TH if th is None else cu, moi)
        if moi.gia_tri is None:
            thay.canh_bao.append("Ô trống: số liệu đang có sẽ bị xóa.")
        xt.thay_doi.append(thay)

    for o in cac_o_kh:
        cac_ngay = phien_ban.get((o.don_vi.id, o.nam, o.chi_tieu.id, o.nguon.id), [])
        if o.hieu_luc_tu is not None:
            ngay = o.hieu_luc_tu
        elif o.ngay_ap_dung is not None and (truoc := [d for d in cac_ngay if d <= o.ngay_ap_dung]):
            ngay = max(truoc)  # the form's plan cell is the version its period is compared with
        else:
            ngay = services.dau_nam(o.nam)
        khoa_o = ("kh", o.don_vi.id, o.nam, o.chi_tieu.id, o.nguon.id, ngay)
        if khoa_o in gap:
            xt.them_loi(o.vi_tri, f"{o.nguon.ten} năm {o.nam} của {o.chi_tieu.ma}, {o.don_vi.ma} có hai lần trong "
                        f"tệp (đã có ở {gap[khoa_o]}).")
            continue
        gap[khoa_o] = o.vi_tri
        if not kiem_quyen(o):
            continue
        if thong_bao := services.thong_bao_ngoai_nam(o.don_vi, o.nam):
            xt.them_loi(o.vi_tri, thong_bao)
            continue
        kh = hien_kh.get((o.don_vi.id, o.nam, o.chi_tieu.id, o.nguon.id, ngay))
        cu = services.OKeHoach.cua(kh)
        can_cu = o.can_cu if o.can_cu is not None else (cu.can_cu if o.gia_tri is not None else "")
        tien_do = o.tien_do if o.tien_do is not None else cu.tien_do
        moi = services.OKeHoach(o.gia_tri, can_cu, o.kieu, o.gia_tri_den, tien_do).chuan()
        if moi == cu:
            continue
        if (thong_bao := services.loi_ke_hoach(o.chi_tieu, o.nam, ngay, moi)):
            doc = f"đọc được {o.doc_duoc} — " if o.doc_duoc else ""
            xt.them_loi(o.vi_tri, f"{o.chi_tieu.ma}: {doc}{thong_bao}")
            continue
        sau = min((d for d in cac_ngay if d > ngay), default=None)
        if services.phien_ban_bi_khoa(ngay, sau, ngay_khoa.get((o.don_vi.id, o.nam), [])):
            if (o.don_vi.id, o.nam) not in da_bao_khoa:
                da_bao_khoa.add((o.don_vi.id, o.nam))
                xt.them_loi(o.vi_tri, f"Kế hoạch năm {o.nam} của {o.don_vi.ten} đã khóa vì kỳ báo cáo dùng kế hoạch "
                            "này đã gửi hoặc đã duyệt.")
            continue
        xt.kh.setdefault((o.don_vi, o.nam), {})[(o.chi_tieu, o.nguon, ngay)] = moi
        if (o.nguon.id, o.nam, ngay) not in ten_cot_kh:
            ten_cot_kh[(o.nguon.id, o.nam, ngay)] = f"{o.nguon.ten} {o.nam}" + (
                "" if ngay == services.dau_nam(o.nam) else f" (hiệu lực {ngay:%d/%m})")
        thay = ThayDoi(o.vi_tri, o.don_vi, o.chi_tieu, ten_cot_kh[(o.nguon.id, o.nam, ngay)],
                       TRONG_KH if kh is None else cu, moi)
        if moi.gia_tri is None:
            thay.canh_bao.append("Ô trống: kế hoạch đang có sẽ bị xóa.")
        xt.thay_doi.append(thay)

    if bac_do or xt.loi:
        _bac_do(xt, {(o.don_vi.id, o.ky.id, o.chi_tieu.id): o for o in cac_o_th},
                {k: th.gia_tri for k, th in hien_th.items()})
    if canh_bao and not xt.loi and xt.th and len(xt.th) <= 200:
        _canh_bao_quy_tac(xt)
    return xt


def _bac_do(xt: XemTruoc, o_doc: dict[tuple[int, int, int], ODoc], cu: dict[tuple[int, int, int], Decimal]) -> None:
    """The new values that the magnitude rule holds back (`services.can_xac_nhan`, the
    rule of the bulk save), held against the plans as the file leaves them."""
    for ky in sorted({ky for _, ky in xt.th}, key=lambda k: (k.nam, k.so_thang)):
        cua_ky = {dv: cac_o for (dv, k), cac_o in xt.th.items() if k == ky}
        ke_hoach_moi = {(dv.id, ct.id, ng.id, ngay): o for (dv, nam), cac_o in xt.kh.items() if nam == ky.nam
                        for (ct, ng, ngay), o in cac_o.items()}
        cu_ky = {(dv, ct): gt for (dv, k, ct), gt in cu.items() if k == ky.id}
        for (dv, ct), bd in services.can_xac_nhan(ky, cua_ky, cu_ky, ke_hoach_moi).items():
            o = o_doc[(dv.id, ky.id, ct.id)]
            thong_bao = hien_thi.thong_bao_bac_do(ct, bd.gia_tri, bd.moc, o.van_ban)
            xt.can_xac_nhan.append(OCanXacNhan(o.vi_tri, dv, ky, ct, f"{ct.ma} ({dv.ten_ngan}): {thong_bao}"))


def _canh_bao_quy_tac(xt: XemTruoc) -> None:
    """The soft warnings of the rules (sums of sub-indicators, big moves) on the values
    as they would be after the import."""
    theo_o = {(t.don_vi.id, t.chi_tieu.id, t.cot): t for t in xt.thay_doi}
    for (dv, ky), cac_o in xt.th.items():
        thay_the = {(dv.id, ct.id): (None if o.gia_tri is None else (o.gia_tri, o.la_uoc, o.ghi_chu))
                    for ct, o in cac_o.items()}
        bang = selectors.bang_don_vi(dv, ky, thay_the=thay_the)
        ma = {dong.chi_tieu.id: dong.chi_tieu.ma for dong in bang.dong}
        for ct_id, cac_canh_bao in selectors.canh_bao(bang).items():
            t = theo_o.get((dv.id, ct_id, f"TH {ky.ten_ngan}"))
            if t is not None:
                t.canh_bao.extend(cac_canh_bao)
            o = t.vi_tri if t is not None else xt.o_th.get((dv.id, ky.id, ct_id), dv.ma)
            xt.canh_bao.extend((o, f"{ma[ct_id]} ({dv.ten_ngan}): {c}") for c in cac_canh_bao)


@transaction.atomic
def ap_dung(xt: XemTruoc, nguoi, ten_tep: str, da_xac_nhan: Collection[str] = ()) -> int:
    """Writes the preview's changes through the services, all in one transaction: if any
    group fails (a lock taken meanwhile, a rule), nothing is written. `da_xac_nhan`:
    the cells (Sheet!H12) whose value, held back by the magnitude rule, the person
    acknowledged (whether or not `xt` lists the held-back cells: the service holds them
    back again under its locks, raising CanXacNhan for those not acknowledged — see
    `chua_xac_nhan`). Returns the count."""
    if xt.loi:
        raise services.LoiDuLieu({vt: tb for vt, tb in xt.loi})
    da_xac_nhan = set(da_xac_nhan)
    th = {(dv, ky): {ct: replace(o, da_xac_nhan=True)
                     if xt.o_th.get((dv.id, ky.id, ct.id)) in da_xac_nhan else o for ct, o in cac_o.items()}
          for (dv, ky), cac_o in xt.th.items()}
    ly_do = LY_DO.format(ten_tep=ten_tep[:200])
    return services.luu_hang_loat(thuc_hien=th, ke_hoach=xt.kh, nguoi=nguoi, ly_do=ly_do).so_thay_doi


def chua_xac_nhan(xt: XemTruoc, loi: services.CanXacNhan) -> list[str]:
    """The cells (Sheet!H12) of `xt` that `ap_dung` raising `loi` held back, in order."""
    return [xt.o_th[(dv.id, ky.id, ct.id)] for dv, ky, ct in loi.o]


def xem_truoc_tep(noi_dung: bytes, nguoi, canh_bao: bool = True) -> XemTruoc:
    """Check, read and compare a file (raises LoiTep); `canh_bao=False` skips the soft
    warnings (the confirm step, which shows nothing)."""
    return so_sanh(doc_tep(noi_dung), nguoi, canh_bao)


__all__ = ["LoiTep", "XemTruoc", "ap_dung", "ghi_bieu_mau", "xem_truoc_tep"]
