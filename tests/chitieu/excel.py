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


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def goi_xlsx(cac_sheet: dict[str, bytes], chuoi: list[str] = (), muc_nen: int = 6) -> bytes:
    """A minimal .xlsx package built by hand with zipfile: the given sheet XMLs (name →
    bytes), in order, and a shared-strings part. For crafted files no library would write."""
    import zipfile

    ra = io.BytesIO()
    with zipfile.ZipFile(ra, "w", zipfile.ZIP_DEFLATED, compresslevel=muc_nen) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
                   'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.sheet.main+xml"/></Types>')
        sheets = "".join(f'<sheet name="{ten}" sheetId="{i}" r:id="rId{i}"/>' for i, ten in enumerate(cac_sheet, 1))
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/'
                                      f'officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>')
        loai = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        quan_he = "".join(f'<Relationship Id="rId{i}" Type="{loai}worksheet" Target="worksheets/sheet{i}.xml"/>'
                          for i in range(1, len(cac_sheet) + 1))
        quan_he += f'<Relationship Id="rIdS" Type="{loai}sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                                                 f'2006/relationships">{quan_he}</Relationships>')
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}">' + "".join(f"<si><t>{c}</t></si>" for c in chuoi)
                   + "</sst>")
        for i, xml in enumerate(cac_sheet.values(), 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return ra.getvalue()


def sheet_xml(dong: str, dau: str = "") -> bytes:
    """A worksheet part: `dau` (e.g. a <dimension/>) then the rows of sheetData."""
    return f'<worksheet xmlns="{NS}">{dau}<sheetData>{dong}</sheetData></worksheet>'.encode()


def dang_dai_xlsx(so_dong: int, muc_nen: int = 6) -> bytes:
    """A long-format sheet of `so_dong` actuals (An Lão, 2023-6t, CT01) written straight as
    XML — fast enough for hundreds of thousands of rows."""
    dong = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="s"><v>3</v></c></row>']
    dong += [f'<row r="{r}"><c r="A{r}" t="s"><v>4</v></c><c r="B{r}" t="s"><v>5</v></c><c r="C{r}" t="s"><v>6</v>'
             f'</c><c r="D{r}"><v>{r}</v></c></row>' for r in range(2, so_dong + 2)]
    return goi_xlsx({"Sheet": sheet_xml("".join(dong))},
                    ["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri", "an-lao", "2023-6t", "CT01"], muc_nen)


def thay_trong_sheet(noi_dung: bytes, mau: bytes, thay: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The package with one substitution (regex `mau` → `thay`, exactly once) in a sheet's XML."""
    import zipfile

    ra = io.BytesIO()
    with zipfile.ZipFile(ra, "w", zipfile.ZIP_DEFLATED) as z, zipfile.ZipFile(io.BytesIO(noi_dung)) as goc:
        for t in goc.infolist():
            du_lieu = goc.read(t)
            if t.filename == sheet:
                du_lieu, n = re.subn(mau, thay, du_lieu, count=1)
                assert n == 1, mau
            z.writestr(t, du_lieu)
    return ra.getvalue()
