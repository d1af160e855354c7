"""Helpers of the Excel tests: building workbooks, uploading them, and a full snapshot of
every table the import could touch (compared before and after a refused file)."""

import io
import re
from html import unescape

from django.contrib.auth.models import User
from openpyxl import Workbook, load_workbook

from chitieu import bieu_mau
from chitieu.models import ChiTieu, DonVi, KeHoach, KyBaoCao, PhanCong, ThucHien, TrangThaiNop
from tests.html import chu

BANG = [ThucHien, KeHoach, TrangThaiNop, ChiTieu, DonVi, KyBaoCao, PhanCong, User]


def anh_csdl() -> dict:
    """Every row of every table an import could touch, history included."""
    anh = {}
    for mo_hinh in BANG:
        anh[mo_hinh.__name__] = sorted(map(repr, mo_hinh.objects.values()))
        if hasattr(mo_hinh, "history"):
            anh["lich-su-" + mo_hinh.__name__] = sorted(map(repr, mo_hinh.history.values()))
    return anh


def bieu_mau_xlsx(ky, *don_vi) -> bytes:
    return bieu_mau.ghi_bieu_mau(ky, list(don_vi))


def mo(noi_dung: bytes, **kw):
    return load_workbook(io.BytesIO(noi_dung), **kw)


def luu(wb) -> bytes:
    ra = io.BytesIO()
    wb.save(ra)
    return ra.getvalue()


# A field of the form → how its header reads (the plan columns by their source's name).
TIEU_DE_COT = {"stt": "STT", "ten": "Chỉ tiêu", "dvt": "ĐVT", "ma": "Mã", "th": "TH kỳ này", "th_cung_ky": "TH cùng kỳ",
               "uoc": "Ước", "ghi_chu": "Ghi chú", "kh_tinh": "KH tỉnh giao", "kh_huyen": "KH huyện giao"}


def cot_cua(ws, ten: str) -> int:
    """The column of a field of a form sheet, found by its header as a person would."""
    nhan = TIEU_DE_COT.get(ten, ten)
    for hang in ws.iter_rows(min_row=1, max_row=20):
        for o in hang:
            if isinstance(o.value, str) and o.value.startswith(nhan):
                return o.column
    raise AssertionError(f"không thấy cột {ten}")


def dong_cua(ws, ma: str) -> int:
    """The row of indicator `ma` in a form sheet."""
    c = cot_cua(ws, "ma")
    for hang in ws.iter_rows(min_col=c, max_col=c):
        if hang[0].value == ma:
            return hang[0].row
    raise AssertionError(f"không thấy {ma}")


def sua(noi_dung: bytes, thay_doi: dict, sheet: int = 0) -> bytes:
    """The workbook with cells changed: {("CT01.1", "th"): value} or {"A2": value}."""
    wb = mo(noi_dung)
    ws = wb.worksheets[sheet]
    for khoa, gia_tri in thay_doi.items():
        if isinstance(khoa, tuple):
            ws.cell(dong_cua(ws, khoa[0]), cot_cua(ws, khoa[1]), gia_tri)
        else:
            ws[khoa] = gia_tri
    return luu(wb)


def dai(cot: list[str], *dong, ten="Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = ten
    ws.append(cot)
    for d in dong:
        ws.append(list(d))
    return luu(wb)


def tai_len(client, noi_dung: bytes, ten: str = "bieu-mau.xlsx"):
    """Uploads a file and follows to the preview; returns the response."""
    tep = io.BytesIO(noi_dung)
    tep.name = ten
    return client.post("/excel/nhap/", {"tep": tep}, follow=True)


def van_tay(html: str) -> str | None:
    khop = re.search(r'name="dau_van_tay" value="([0-9a-f]+)"', html)
    return khop.group(1) if khop else None


def url_xac_nhan(html: str) -> str | None:
    khop = re.search(r'action="(/excel/nhap/[^"]+/xac-nhan/)"', html)
    return unescape(khop.group(1)) if khop else None


def cac_thay_doi(html: str) -> list[tuple[str, str, str]]:
    """(cell, old, new) of each row of the preview table."""
    ket_qua = []
    for dong in re.findall(r'<tr data-o="[^"]*">(.*?)</tr>', html, re.S):
        o = [chu(x) for x in re.findall(r"<td[^>]*>(.*?)</td>", dong, re.S)]
        ket_qua.append((unescape(o[0]), unescape(o[4]), unescape(o[5])))
    return ket_qua
