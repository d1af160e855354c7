"""Downloads: their content types, the response that makes a browser save them, the
Excel number format of an indicator, and the one way every .xlsx of the project (the
district form, the dashboards, the report, the admin's long format) writes a cell and
names a sheet — so a name or a note can never become a formula, an error code or a
broken workbook, whichever download it lands in."""

import io
import re
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

from .ky_tu import KY_TU_CAM_MOT_DONG, lam_sach

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KY_TU_CONG_THUC = ("=", "+", "-", "@")
TEN_SHEET_TOI_DA = 31
_CAM_TRONG_TEN_SHEET = re.compile(r"[\[\]*?/\\:]")


def kieu_so_excel(so_le: int) -> str:
    """Excel number format with `so_le` decimals; Excel shows it with the reader's separators."""
    return "#,##0" + ("." + "0" * so_le if so_le else "")


def van_ban_o(van_ban: str) -> str:
    """Text as a cell holds it: characters XML cannot hold replaced, and text that a
    spreadsheet would run as a formula (= + - @) behind a leading apostrophe (which the
    readers of this project drop again)."""
    van_ban = lam_sach(van_ban)
    return "'" + van_ban if van_ban.startswith(KY_TU_CONG_THUC) else van_ban


def ghi_o(ws, hang: int, cot: int, gia_tri, kieu_so: str | None = None):
    """Writes one value into a cell and returns the cell: text always as text (never a
    formula, never an error code such as "#N/A"), numbers as numbers with `kieu_so`."""
    o = ws.cell(row=hang, column=cot)
    if isinstance(gia_tri, str):
        o.value = van_ban_o(gia_tri)
        o.data_type = "s"
    else:
        o.value = gia_tri
        if kieu_so and isinstance(gia_tri, (int, float, Decimal)) and not isinstance(gia_tri, bool):
            o.number_format = kieu_so
    return o


def ten_sheet(ten: str, da_dung: set[str], du_phong: str = "Sheet") -> str:
    """A sheet name Excel accepts, unique (case-insensitively) among `da_dung`, which it
    joins: no [ ] * ? / \\ : or control characters, no apostrophe at either end, at most
    31 characters, never empty nor "History" (reserved by Excel)."""
    goc = " ".join(_CAM_TRONG_TEN_SHEET.sub(" ", KY_TU_CAM_MOT_DONG.sub(" ", ten or "")).split())
    goc = goc.strip("' ")[:TEN_SHEET_TOI_DA].rstrip("' ") or du_phong[:TEN_SHEET_TOI_DA]
    ten_moi, i = goc, 2
    while ten_moi.casefold() in da_dung or ten_moi.casefold() == "history":
        hau_to = f" ({i})"
        ten_moi, i = goc[: TEN_SHEET_TOI_DA - len(hau_to)].rstrip("' ") + hau_to, i + 1
    da_dung.add(ten_moi.casefold())
    return ten_moi


def xlsx_bang(ten: str, tieu_de: list[str], cac_dong) -> bytes:
    """One sheet: a header row, then the rows, every cell through `ghi_o`."""
    so = Workbook()
    ws = so.active
    ws.title = ten_sheet(ten, set())
    for cot, chu in enumerate(tieu_de, start=1):
        ghi_o(ws, 1, cot, chu)
    for hang, dong in enumerate(cac_dong, start=2):
        for cot, gia_tri in enumerate(dong, start=1):
            ghi_o(ws, hang, cot, gia_tri)
    dem = io.BytesIO()
    so.save(dem)
    return dem.getvalue()


def tep(noi_dung: bytes, ten_tep: str, loai: str = XLSX) -> HttpResponse:
    """A download of `noi_dung` saved as `ten_tep` (an ASCII name built from codes)."""
    tra_loi = HttpResponse(noi_dung, content_type=loai)
    tra_loi["Content-Disposition"] = f'attachment; filename="{ten_tep}"'
    tra_loi["X-Content-Type-Options"] = "nosniff"
    return tra_loi
