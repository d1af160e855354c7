"""The tables of the dashboards as .xlsx: native numbers (Decimals, never text),
Vietnamese headers, one sheet per table. A missing figure is written as the words
"chưa có số liệu", never as 0."""

from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from chitieu import dinh_dang, tai_ve
from chitieu.models import ten_so_thang_ngan


CHUA_CO = "chưa có số liệu"


@dataclass
class Cot:
    ten: str
    kieu: str | None = None  # Excel number format of the column; None for text
    rong: int = 14


@dataclass
class Bang:
    ten: str  # sheet name (≤ 31 characters)
    tieu_de: str  # first row
    cot: list[Cot]
    dong: list[list] = field(default_factory=list)
    kieu_dong: list[list[str | None]] | None = None  # per-cell number formats, when a column mixes units


def _o(gia_tri):
    if gia_tri is None:
        return CHUA_CO
    if isinstance(gia_tri, Decimal):
        return gia_tri.normalize() if gia_tri == gia_tri.to_integral_value() else gia_tri
    return gia_tri


def tep_xlsx(ten_tep: str, cac_bang: list[Bang]) -> HttpResponse:
    """A download of `cac_bang`, one sheet each: title, header row, then the rows. Every
    cell and sheet name goes through `chitieu.tai_ve` (names never become formulas)."""
    so = Workbook()
    so.remove(so.active)
    dam = Font(bold=True)
    nen = PatternFill("solid", fgColor="F3ECE4")
    da_dung: set[str] = set()
    for bang in cac_bang:
        trang = so.create_sheet(tai_ve.ten_sheet(bang.ten, da_dung))
        tai_ve.ghi_o(trang, 1, 1, bang.tieu_de).font = Font(bold=True, size=12)
        for j, cot in enumerate(bang.cot, start=1):
            o = tai_ve.ghi_o(trang, 2, j, cot.ten)
            o.font, o.fill = dam, nen
            o.alignment = Alignment(wrap_text=True, vertical="top")
        for i, dong in enumerate(bang.dong):
            for j, gia_tri in enumerate(dong):
                kieu = bang.kieu_dong[i][j] if bang.kieu_dong and bang.kieu_dong[i][j] else bang.cot[j].kieu
                tai_ve.ghi_o(trang, i + 3, j + 1, _o(gia_tri), kieu)
        for j, cot in enumerate(bang.cot, start=1):
            trang.column_dimensions[get_column_letter(j)].width = cot.rong
        trang.freeze_panes = "B3"
    dem = BytesIO()
    so.save(dem)
    return tai_ve.tep(dem.getvalue(), f"{ten_tep}.xlsx")


# -- the tables of each page ------------------------------------------------------------

KHONG_AP_DUNG = ""  # a column that does not apply to this row (a gap where a % is shown)
PHAN_TRAM = "0.00"


def _so_sanh(danh_gia) -> list:
    """"% of plan" and "gap" columns: the one that applies, the other left blank."""
    if danh_gia.so_bang_chenh_lech:
        return [KHONG_AP_DUNG, danh_gia.chenh_lech]
    return [danh_gia.phan_tram, KHONG_AP_DUNG]


def _cung_ky(so) -> list:
    if so.bang_chenh_lech:
        return [KHONG_AP_DUNG, so.chenh_lech]
    return [so.phan_tram, KHONG_AP_DUNG]


def cot_so_sanh(cac_nguon) -> list[Cot]:
    return [
        *[c for ng in cac_nguon for c in (Cot(f"% {ng.ten}", PHAN_TRAM, 11),
                                         Cot(f"Chênh lệch TH − {ng.ten}", None, 14))],
        Cot("% so cùng kỳ", PHAN_TRAM, 11), Cot("Chênh lệch so cùng kỳ", None, 12),
        Cot("Đánh giá", None, 16),
    ]


def _ke_hoach(so, so_le: int):
    """A plan cell: the number for a value, the text for a bound ("≥ 10,27"), None when missing."""
    if so is None or so.kh.gia_tri is None or so.kh.kieu == dinh_dang.BANG:
        return None if so is None else so.kh.gia_tri
    return dinh_dang.ke_hoach(so.kh.kieu, so.kh.gia_tri, so.kh.gia_tri_den, so_le)


def _cot_dong(dong, cac_nguon) -> tuple[list, list]:
    """The figures of a `chitieu.selectors.DongChiTieu` after its first columns, with
    their number formats; one plan and one comparison per source of `cac_nguon`."""
    ct = dong.chi_tieu
    kieu = tai_ve.kieu_so_excel(ct.so_le)
    theo_cot = [dong.theo_nguon(ng.ma) for ng in cac_nguon]
    so_sanh = []
    for so in theo_cot:
        so_sanh += _so_sanh(so.danh_gia) if so else [KHONG_AP_DUNG, KHONG_AP_DUNG]
    gia_tri = [*[_ke_hoach(so, ct.so_le) for so in theo_cot], dong.th_cung_ky.gia_tri, dong.th.gia_tri,
               "ước" if dong.th.la_uoc else "", *so_sanh, *_cung_ky(dong.so_cung_ky),
               dinh_dang.TEN_TRANG_THAI[dong.trang_thai]]
    return gia_tri, [*[kieu] * len(cac_nguon), kieu, kieu, None, *[PHAN_TRAM, kieu] * len(cac_nguon), PHAN_TRAM,
                     kieu, None]


def cot_so_lieu(cac_nguon) -> list[Cot]:
    return [*[Cot(ng.ten, None, 14) for ng in cac_nguon], Cot("TH cùng kỳ", None, 14), Cot("TH kỳ này", None, 14),
            Cot("Số ước", None, 7)]


COT_DIA_GIOI = Cot("Ghi chú so sánh cùng kỳ (địa giới mới)", None, 48)


def _them_ghi_chu_dia_gioi(bang: Bang, cac_dong) -> None:
    """Where a comparison crosses a reform (`chitieu.ke_thua`), a last column says where
    the same period's figure came from; a table with no such row stays as it was."""
    if any(d.ghi_chu_dia_gioi for d in cac_dong):
        bang.cot.append(COT_DIA_GIOI)
        for hang, kieu, d in zip(bang.dong, bang.kieu_dong, cac_dong):
            hang.append(d.ghi_chu_dia_gioi)
            kieu.append(None)


def bang_don_vi(bang, chi_da_duyet: bool = False) -> Bang:
    """The unit table (`chitieu.selectors.BangDonVi`)."""
    ket_qua = Bang(ten=bang.don_vi.ten_ngan, tieu_de=f"{bang.don_vi.ten} — kết quả thực hiện chỉ tiêu KT-XH, "
                   f"{bang.ky.ten}{_che_do(chi_da_duyet)}",
                   cot=[Cot("Mã", None, 8), Cot("Chỉ tiêu", None, 48), Cot("Đơn vị tính", None, 14),
                        *cot_so_lieu(bang.cac_nguon), *cot_so_sanh(bang.cac_nguon)],
                   kieu_dong=[])
    for dong in bang.dong:
        ct = dong.chi_tieu
        gia_tri, kieu = _cot_dong(dong, bang.cac_nguon)
        ket_qua.dong.append([ct.ma, ("   " * dong.cap) + ct.ten, ct.don_vi_tinh, *gia_tri])
        ket_qua.kieu_dong.append([None, None, None, *kieu])
    _them_ghi_chu_dia_gioi(ket_qua, bang.dong)
    return ket_qua


def bang_xep_hang(xh) -> Bang:
    """The ranking of one indicator (`baocao.selectors.XepHang`): totals first, then the
    ranked units, then the units without a figure (no rank)."""
    ct = xh.chi_tieu
    ket_qua = Bang(ten=ct.ma, tieu_de=f"{ct.ma} {ct.ten} ({ct.don_vi_tinh}) — {xh.ky.ten}{_che_do(xh.chi_da_duyet)}",
                   cot=[Cot("Xếp thứ", "0", 8), Cot("Đơn vị", None, 30), *cot_so_lieu(xh.cac_nguon),
                        *cot_so_sanh(xh.cac_nguon), Cot("Trạng thái nộp", None, 12)], kieu_dong=[])
    for d in [*xh.tong, *xh.dong]:
        gia_tri, kieu = _cot_dong(d.dong, xh.cac_nguon)
        thu = "Tổng" if d in xh.tong else (d.xep_thu if d.xep_thu is not None else KHONG_AP_DUNG)
        ket_qua.dong.append([thu, d.don_vi.ten, *gia_tri, d.trang_thai_nop.get_trang_thai_display()])
        ket_qua.kieu_dong.append(["0", None, *kieu, None])
    _them_ghi_chu_dia_gioi(ket_qua, [d.dong for d in [*xh.tong, *xh.dong]])
    return ket_qua


def _che_do(chi_da_duyet: bool) -> str:
    return " (chỉ số liệu đã duyệt)" if chi_da_duyet else ""


def bang_tong_quan(tq) -> Bang:
    """The overview (`baocao.selectors.TongQuan`): each unit's count of indicators on
    track, then its status on each indicator."""
    ket_qua = Bang(ten="Tổng quan",
                   tieu_de=f"Tình hình thực hiện chỉ tiêu KT-XH — {tq.ky.ten}{_che_do(tq.chi_da_duyet)}",
                   cot=[Cot("Đơn vị", None, 30), Cot("Số chỉ tiêu đạt tiến độ", "0", 12),
                        Cot("Tổng số chỉ tiêu", "0", 10),
                        *[Cot(f"{ct.ma} {ct.ten}", None, 16) for ct in tq.chi_tieu], Cot("Trạng thái nộp", None, 12)])
    for d in tq.dong:
        ket_qua.dong.append([("   " * d.cap) + d.don_vi.ten, d.so_dat, d.so_chi_tieu,
                             *[dinh_dang.TEN_TRANG_THAI[o.trang_thai] if o else "không thuộc bộ chỉ tiêu"
                               for o in d.o],
                             d.trang_thai_nop.get_trang_thai_display()])
    return ket_qua


def bang_xu_huong(xh) -> Bang:
    """One unit's indicator by year (rows) and period (columns) (`baocao.selectors.XuHuong`)."""
    ct = xh.chi_tieu
    kieu = tai_ve.kieu_so_excel(ct.so_le)
    ket_qua = Bang(ten="Xu hướng", tieu_de=f"{xh.don_vi.ten} — {ct.ma} {ct.ten} ({ct.don_vi_tinh}) qua các năm",
                   cot=[Cot("Năm", "0", 8), *[Cot(ten_so_thang_ngan(t), kieu, 14) for t in xh.cac_thang]])
    for nam in xh.cac_nam:
        ket_qua.dong.append([nam, *[o.th.gia_tri if (o := xh.cua(nam, t)) else None for t in xh.cac_thang]])
    return ket_qua
