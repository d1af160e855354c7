"""Reading an uploaded .xlsx within a budget, in one pass over each sheet.

An upload is untrusted: a valid but crafted workbook must not hold a server for
minutes nor fill its memory. So the workbook is read here as a stream — the package
parts are fed in chunks to defusedxml's expat parser (no DTD, no entities) with a small
handler, never built into a tree — and every reading stops, with a Vietnamese message,
as soon as it goes over a limit (`NganSach`, from the settings):

- sheets in the workbook; rows that hold data in a sheet; the last column that holds
  data; cells that hold data in the whole file; cells read at all (empty ones too);
- the seconds a reading may take;
- and what no real workbook has: a cell of more than 32,767 characters (Excel's own
  limit), a cell with a thousand elements inside, more styles than Excel allows.

The declared size of a sheet (`<dimension ref="A1:XFD1048576"/>`) is never read: rows
are as long as their last cell that holds data, missing rows are not made up. Formulas
are noted while the cells are read (`Sheet.cong_thuc`), in the same linear pass; values
of formula cells are their cached results, as Excel saved them.

Values come out as openpyxl would give them with `data_only=True`: numbers as int or
float, text, booleans, dates (numbers in a date format) as datetime, Excel errors as
their text ("#DIV/0!")."""

from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.conf import settings
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

KHUC = 64 * 1024  # bytes fed to the parser at a time; the clock is read between them
KY_TU_MOT_O = 32767  # Excel's limit of characters in a cell
PHAN_TU_MOT_O = 1000  # elements inside one cell (a real one has a handful)
KIEU_TOI_DA = 65000  # cell formats (Excel allows 64,000)
QUAN_HE_TOI_DA = 10000  # relationships of the workbook part
DONG_EXCEL, COT_EXCEL = 1048576, 16384
_TOA_DO = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class LoiTep(Exception):
    """The file cannot be read at all (not an .xlsx, too big, unsafe, over the budget);
    nothing is read from it."""


def _so_vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class NganSach:
    """What reading one upload may cost. `tu_cai_dat()` takes the limits from the
    settings; the counters grow while reading and `kiem_gio` stops at the deadline."""

    so_sheet: int
    so_dong: int
    so_cot: int
    so_o: int
    so_o_doc: int
    giay: float
    o_co_du_lieu: int = 0
    o_da_doc: int = 0
    het_gio: float = field(default=0.0, repr=False)

    @classmethod
    def tu_cai_dat(cls) -> NganSach:
        return cls(so_sheet=settings.EXCEL_MAX_SHEETS, so_dong=settings.EXCEL_MAX_ROWS,
                   so_cot=settings.EXCEL_MAX_COLUMNS, so_o=settings.EXCEL_MAX_CELLS,
                   so_o_doc=settings.EXCEL_MAX_CELLS_READ, giay=settings.EXCEL_PARSE_SECONDS)

    def bat_dau(self) -> None:
        self.het_gio = time.monotonic() + self.giay

    def kiem_gio(self) -> None:
        if time.monotonic() > self.het_gio:
            raise LoiTep(f"Đọc tệp quá {self.giay:g} giây nên đã dừng (tệp quá lớn hoặc có cấu trúc bất thường). "
                         "Hãy bỏ các sheet, dòng, cột không cần rồi tải lên lại, hoặc chia thành nhiều tệp.")


@dataclass
class Sheet:
    ten: str
    dong: list  # [(row number, [values])], only rows that hold data
    cong_thuc: set = field(default_factory=set)  # {(row, col)} of cells that hold a formula


def kiem_tra_tep(noi_dung: bytes) -> None:
    """.xlsx only, judged by content; size and uncompressed size within the settings.
    Raises LoiTep with a Vietnamese message."""
    gioi_han = settings.EXCEL_MAX_BYTES
    if len(noi_dung) > gioi_han:
        raise LoiTep(f"Tệp quá lớn ({len(noi_dung) / 1e6:.1f} MB); tối đa {gioi_han / 1e6:.0f} MB.".replace(".", ","))
    if not noi_dung:
        raise LoiTep("Tệp rỗng (0 byte).")
    if noi_dung.startswith(b"\xd0\xcf\x11\xe0"):
        raise LoiTep("Đây là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx.")
    if not noi_dung.startswith(b"PK\x03\x04"):
        raise LoiTep("Tệp không phải bảng tính .xlsx (nội dung không đúng định dạng, dù tên tệp có thể là .xlsx). "
                     "Chỉ nhận tệp .xlsx lưu từ Excel hoặc LibreOffice.")
    try:
        with zipfile.ZipFile(io.BytesIO(noi_dung)) as z:
            cac_tep = z.infolist()
            ten = {t.filename for t in cac_tep}
            tong = sum(t.file_size for t in cac_tep)
            if tong > settings.EXCEL_MAX_UNCOMPRESSED_BYTES or len(cac_tep) > 10000:
                raise LoiTep("Tệp nén bất thường: khi giải nén lớn quá "
                             f"{settings.EXCEL_MAX_UNCOMPRESSED_BYTES // 10**6} MB (nghi là “bom nén”). Không đọc.")
            if "[Content_Types].xml" not in ten or "xl/workbook.xml" not in ten:
                raise LoiTep("Tệp nén không phải bảng tính .xlsx (thiếu xl/workbook.xml).")
            if z.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
                raise LoiTep("Tệp có cấu trúc bất thường ([Content_Types].xml quá lớn); không đọc.")
            loai = z.read("[Content_Types].xml")
            if b"spreadsheetml.sheet.main+xml" not in loai and b"spreadsheetml.template.main+xml" not in loai:
                raise LoiTep("Chỉ nhận bảng tính .xlsx thường (không nhận tệp có macro .xlsm hay loại khác).")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as e:
        raise LoiTep("Tệp .xlsx bị hỏng, không giải nén được.") from e


# -- feeding a part to a handler -------------------------------------------------------

_TEN: dict[str, str] = {}


def _ten(tag: str) -> str:
    """The local name of an element or attribute, whatever its namespace (memoised: a
    package uses a few dozen names, millions of times)."""
    ten = _TEN.get(tag)
    if ten is None:
        ten = tag[tag.rfind("}") + 1:]
        if len(_TEN) < 10000:
            _TEN[tag] = ten
    return ten


def _duyet(z: zipfile.ZipFile, duong_dan: str, xu_ly, ngan_sach: NganSach) -> None:
    """Streams the part `duong_dan` through `xu_ly` (an XML parser target), checking the
    clock between chunks. Unsafe XML and broken parts raise LoiTep."""
    parser = DefusedXMLParser(target=xu_ly, forbid_dtd=True)
    try:
        with z.open(duong_dan) as nguon:
            while khuc := nguon.read(KHUC):
                ngan_sach.kiem_gio()
                parser.feed(khuc)
        parser.close()
    except DefusedXmlException as e:
        raise LoiTep("Tệp chứa cấu trúc XML không an toàn (thực thể/DTD); không đọc.") from e
    except ParseError as e:
        raise LoiTep(f"Không đọc được bảng tính: phần {duong_dan} bị hỏng hoặc không đúng chuẩn .xlsx ({e}).") from e
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
        # RuntimeError: an encrypted part; NotImplementedError: a compression zipfile lacks
        raise LoiTep(f"Tệp .xlsx bị hỏng, không giải nén được phần {duong_dan}.") from e


class _XuLy:
    """A parser target that ignores what it is not told to look at."""

    def start(self, tag, attrib):
        pass

    def end(self, tag):
        pass

    def data(self, chu):
        pass

    def close(self):
        return None


# -- the package: workbook, relationships, styles, shared strings ------------------------

class _QuanHe(_XuLy):
    def __init__(self):
        self.dich: dict[str, tuple[str, str]] = {}  # Id → (type, target)

    def start(self, tag, attrib):
        if _ten(tag) == "Relationship":
            if len(self.dich) >= QUAN_HE_TOI_DA:
                raise LoiTep("Tệp có cấu trúc bất thường (quá nhiều liên kết giữa các phần); không đọc.")
            self.dich[attrib.get("Id", "")] = (attrib.get("Type", ""), attrib.get("Target", ""))


class _SoLamViec(_XuLy):
    def __init__(self, ngan_sach: NganSach):
        self.ngan_sach = ngan_sach
        self.sheet: list[tuple[str, str]] = []  # (name, relationship id), in order
        self.nam_1904 = False

    def start(self, tag, attrib):
        ten = _ten(tag)
        if ten == "sheet":
            if len(self.sheet) >= self.ngan_sach.so_sheet:
                raise LoiTep(f"Bảng tính có hơn {_so_vn(self.ngan_sach.so_sheet)} sheet; tối đa "
                             f"{_so_vn(self.ngan_sach.so_sheet)}. Hãy chia thành nhiều tệp.")
            ma = next((v for k, v in attrib.items() if _ten(k) == "id"), "")
            self.sheet.append((attrib.get("name", ""), ma))
        elif ten == "workbookPr":
            self.nam_1904 = attrib.get("date1904", "").lower() in ("1", "true")


class _KieuO(_XuLy):
    """Which cell formats show dates (and durations): the number format of each `xf` of
    `cellXfs`, as openpyxl decides it."""

    def __init__(self):
        self.dinh_dang: dict[int, str] = {}
        self.kieu: list[int] = []
        self.trong_cell_xfs = False

    def start(self, tag, attrib):
        ten = _ten(tag)
        if ten == "numFmt":
            try:
                self.dinh_dang[int(attrib.get("numFmtId", ""))] = attrib.get("formatCode", "")
            except ValueError:
                pass
        elif ten == "cellXfs":
            self.trong_cell_xfs = True
        elif ten == "xf" and self.trong_cell_xfs:
            if len(self.kieu) >= KIEU_TOI_DA:
                raise LoiTep("Tệp có quá nhiều định dạng ô (hơn giới hạn của Excel); không đọc.")
            try:
                self.kieu.append(int(attrib.get("numFmtId", "0")))
            except ValueError:
                self.kieu.append(0)

    def end(self, tag):
        if _ten(tag) == "cellXfs":
            self.trong_cell_xfs = False

    def ngay_gio(self) -> tuple[set[int], set[int]]:
        ngay, khoang = set(), set()
        for i, ma in enumerate(self.kieu):
            dinh_dang = self.dinh_dang.get(ma, BUILTIN_FORMATS.get(ma))
            if is_date_format(dinh_dang):
                ngay.add(i)
            if is_timedelta_format(dinh_dang):
                khoang.add(i)
        return ngay, khoang


class _ChuoiChung(_XuLy):
    """The shared strings: the text of each `si`, its runs joined, phonetic hints left out."""

    def __init__(self, ngan_sach: NganSach):
        self.ngan_sach = ngan_sach
        self.chuoi: list[str] = []
        self.phan: list[str] | None = None
        self.do_dai = 0
        self.lay = False
        self.phien_am = 0

    def start(self, tag, attrib):
        ten = _ten(tag)
        if ten == "si":
            if len(self.chuoi) >= self.ngan_sach.so_o:
                raise LoiTep(f"Bảng tính có hơn {_so_vn(self.ngan_sach.so_o)} chuỗi văn bản; tối đa "
                             f"{_so_vn(self.ngan_sach.so_o)} ô có dữ liệu. Hãy chia thành nhiều tệp.")
            self.phan, self.do_dai = [], 0
        elif ten == "rPh":
            self.phien_am += 1
        elif ten == "t" and self.phan is not None and not self.phien_am:
            self.lay = True

    def data(self, chu):
        if self.lay:
            self.do_dai += len(chu)
            if self.do_dai > KY_TU_MOT_O:
                raise LoiTep(f"Bảng tính có một ô văn bản dài quá {_so_vn(KY_TU_MOT_O)} ký tự (giới hạn của Excel); "
                             "không đọc.")
            self.phan.append(chu)

    def end(self, tag):
        ten = _ten(tag)
        if ten == "t":
            self.lay = False
        elif ten == "rPh":
            self.phien_am -= 1
        elif ten == "si" and self.phan is not None:
            self.chuoi.append("".join(self.phan))
            self.phan = None


# -- a sheet ------------------------------------------------------------------------------

class _Sheet(_XuLy):
    """One sheet, cell by cell: each cell's value is made when the cell ends, each row
    kept (as long as its last cell with data) when it ends and holds data."""

    def __init__(self, ten: str, chuoi: list[str], ngay: set[int], khoang: set[int], moc, ngan_sach: NganSach):
        self.sheet = Sheet(ten, [])
        self.chuoi, self.ngay, self.khoang, self.moc = chuoi, ngay, khoang, moc
        self.ngan_sach = ngan_sach
        self.sau = 0  # depth: worksheet 1, sheetData 2, row 3, c 4
        self.trong_du_lieu = False
        self.r = 0
        self.hang: dict[int, object] | None = None
        self.c = 0
        self.o: dict | None = None  # the cell being read
        self.phan_tu_o = 0
        self.lay: list[str] | None = None
        self.do_dai = 0
        self.phien_am = 0

    def _toa_do(self) -> str:
        return f"{get_column_letter(self.c)}{self.r}"

    def _loi(self, thong_bao: str) -> LoiTep:
        return LoiTep(f"Sheet “{self.sheet.ten}”, ô {self._toa_do()}: {thong_bao}")

    def start(self, tag, attrib):
        self.sau += 1
        if self.o is not None:
            self.phan_tu_o += 1
            if self.phan_tu_o > PHAN_TU_MOT_O:
                raise self._loi("ô có cấu trúc bất thường; không đọc.")
            ten = _ten(tag)
            if ten == "f":
                self.o["f"] = True
            elif ten == "v":
                self.lay = self.o["v"] = []
            elif ten == "is":
                self.o["is"] = []
            elif ten == "rPh":
                self.phien_am += 1
            elif ten == "t" and "is" in self.o and not self.phien_am:
                self.lay = self.o["is"]
            return
        ten = _ten(tag)
        if self.sau == 2 and ten == "sheetData":
            self.trong_du_lieu = True
        elif self.sau == 3 and self.trong_du_lieu and ten == "row":
            self._dem_doc()
            r = attrib.get("r")
            self.r = self.r + 1 if r is None else self._so_dong(r)
            self.hang, self.c = {}, 0
        elif self.sau == 4 and self.hang is not None and ten == "c":
            self._dem_doc()
            toa_do = attrib.get("r")
            if toa_do is None:
                self.c += 1
            else:
                khop = _TOA_DO.fullmatch(toa_do)
                if khop is None:
                    raise LoiTep(f"Sheet “{self.sheet.ten}”: ô có địa chỉ không hợp lệ “{toa_do[:20]}”; tệp bị hỏng.")
                self.c = self._so_cot(khop.group(1))
                if int(khop.group(2)) != self.r:
                    raise LoiTep(f"Sheet “{self.sheet.ten}”: ô {toa_do} nằm sai dòng {self.r}; tệp bị hỏng.")
            if self.c > COT_EXCEL:
                raise self._loi("cột vượt quá giới hạn của Excel; tệp bị hỏng.")
            self.o = {"t": attrib.get("t", "n"), "s": attrib.get("s", "0")}
            self.phan_tu_o = self.do_dai = 0

    def _dem_doc(self) -> None:
        ns = self.ngan_sach
        ns.o_da_doc += 1
        if ns.o_da_doc > ns.so_o_doc:
            raise LoiTep(f"Bảng tính có hơn {_so_vn(ns.so_o_doc)} ô và dòng (kể cả ô trống có định dạng); "
                         "không đọc tiếp. Hãy xóa các dòng, cột thừa rồi tải lên lại, hoặc chia thành nhiều tệp.")

    def _so_dong(self, chu: str) -> int:
        if not (chu.isascii() and chu.isdigit() and 0 < int(chu) <= DONG_EXCEL):
            raise LoiTep(f"Sheet “{self.sheet.ten}”: số dòng không hợp lệ “{chu[:20]}”; tệp bị hỏng.")
        return int(chu)

    @staticmethod
    def _so_cot(chu: str) -> int:
        so = 0
        for ky_tu in chu:
            so = so * 26 + ord(ky_tu) - 64
        return so

    def data(self, chu):
        if self.lay is not None:
            self.do_dai += len(chu)
            if self.do_dai > KY_TU_MOT_O:
                raise self._loi(f"ô dài quá {_so_vn(KY_TU_MOT_O)} ký tự (giới hạn của Excel); không đọc.")
            self.lay.append(chu)

    def end(self, tag):
        self.sau -= 1
        if self.o is not None:
            ten = _ten(tag)
            if self.sau == 3:  # the cell ends
                self._xong_o()
                self.o = None
            elif ten in ("v", "t"):
                self.lay = None
            elif ten == "rPh":
                self.phien_am -= 1
            return
        if self.sau == 2 and self.hang is not None:
            self._xong_dong()
            self.hang = None
        elif self.sau == 1:
            self.trong_du_lieu = False

    def _xong_o(self) -> None:
        o = self.o
        if o.get("f"):
            self.sheet.cong_thuc.add((self.r, self.c))
        gia_tri = self._gia_tri(o)
        if gia_tri is None or gia_tri == "":
            return
        ns = self.ngan_sach
        if self.c > ns.so_cot:
            raise self._loi(f"có dữ liệu ở cột {get_column_letter(self.c)}, quá giới hạn {_so_vn(ns.so_cot)} cột "
                            f"(đến cột {get_column_letter(ns.so_cot)}). Hãy xóa dữ liệu thừa ở các cột xa rồi tải "
                            "lên lại.")
        ns.o_co_du_lieu += 1
        if ns.o_co_du_lieu > ns.so_o:
            raise LoiTep(f"Bảng tính có hơn {_so_vn(ns.so_o)} ô có dữ liệu; tối đa {_so_vn(ns.so_o)}. "
                         "Hãy chia thành nhiều tệp.")
        self.hang[self.c] = gia_tri

    def _gia_tri(self, o: dict):
        """The cell's value as openpyxl gives it with data_only=True."""
        kieu = o["t"]
        if kieu == "inlineStr":
            return "".join(o["is"]) if "is" in o else None
        chu = "".join(o["v"]) if "v" in o else ""
        if not chu:
            return None
        try:
            if kieu == "n":
                so = float(chu) if "." in chu or "E" in chu or "e" in chu else int(chu)
                kieu_o = int(o["s"])
                if kieu_o in self.ngay:
                    try:
                        return from_excel(so, self.moc, timedelta=kieu_o in self.khoang)
                    except (OverflowError, ValueError):
                        return "#VALUE!"
                return so
            if kieu == "s":
                if not chu.isdigit():
                    raise ValueError(chu)
                return self.chuoi[int(chu)]
            if kieu == "b":
                return bool(int(chu))
            if kieu == "d":
                return from_ISO8601(chu)
        except (ValueError, IndexError) as e:
            raise self._loi(f"giá trị “{chu[:30]}” không đúng kiểu “{kieu}”; tệp bị hỏng.") from e
        return chu  # "str" (a formula's text), "e" (an Excel error such as #DIV/0!)

    def _xong_dong(self) -> None:
        if not self.hang:
            return
        ns = self.ngan_sach
        if len(self.sheet.dong) >= ns.so_dong:
            raise LoiTep(f"Sheet “{self.sheet.ten}” có hơn {_so_vn(ns.so_dong)} dòng có dữ liệu; tối đa "
                         f"{_so_vn(ns.so_dong)} dòng mỗi sheet. Không đọc tiếp; hãy chia thành nhiều tệp.")
        gia_tri = [None] * max(self.hang)
        for c, v in self.hang.items():
            gia_tri[c - 1] = v
        self.sheet.dong.append((self.r, gia_tri))


# -- the whole workbook --------------------------------------------------------------------

def _duong_dan(dich: str) -> str:
    """A relationship target of the workbook part as a path in the package."""
    if dich.startswith("/"):
        return dich[1:]
    return posixpath.normpath(posixpath.join("xl", dich))


def doc_bang_tinh(noi_dung: bytes, ngan_sach: NganSach | None = None) -> list[Sheet]:
    """Every worksheet of a checked .xlsx (chart sheets are skipped), in order, within
    `ngan_sach` (the settings' when None). Raises LoiTep with a Vietnamese message."""
    ngan_sach = ngan_sach or NganSach.tu_cai_dat()
    ngan_sach.bat_dau()
    try:
        z = zipfile.ZipFile(io.BytesIO(noi_dung))
    except zipfile.BadZipFile as e:
        raise LoiTep("Tệp .xlsx bị hỏng, không giải nén được.") from e
    with z:
        co = set(z.namelist())

        def doc(duong_dan: str, xu_ly):
            if duong_dan not in co:
                raise LoiTep(f"Tệp .xlsx thiếu phần {duong_dan}; tệp bị hỏng.")
            _duyet(z, duong_dan, xu_ly, ngan_sach)
            return xu_ly

        quan_he = doc("xl/_rels/workbook.xml.rels", _QuanHe()).dich
        so = doc("xl/workbook.xml", _SoLamViec(ngan_sach))
        loai = {ma: (kieu.rsplit("/", 1)[-1], _duong_dan(dich)) for ma, (kieu, dich) in quan_he.items()}
        ngay, khoang = set(), set()
        chuoi: list[str] = []
        for kieu, duong_dan in loai.values():
            if kieu == "styles" and duong_dan in co:
                ngay, khoang = doc(duong_dan, _KieuO()).ngay_gio()
            elif kieu == "sharedStrings" and duong_dan in co:
                chuoi = doc(duong_dan, _ChuoiChung(ngan_sach)).chuoi
        moc = CALENDAR_MAC_1904 if so.nam_1904 else WINDOWS_EPOCH
        cac_sheet = []
        for ten, ma in so.sheet:
            kieu, duong_dan = loai.get(ma, ("", ""))
            if kieu != "worksheet":
                continue
            cac_sheet.append(doc(duong_dan, _Sheet(ten, chuoi, ngay, khoang, moc, ngan_sach)).sheet)
    return cac_sheet
