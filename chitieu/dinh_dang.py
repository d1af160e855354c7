"""Vietnamese number text, both ways, as pure functions.

Out: thousands "." and decimal "," — "447.142", "32,454", "53,04 %" — with the
indicator's decimals in tables, and without trailing zeros in narrative text as the
seed report writes them ("52,8 %", "125 %", "12,5 tỷ đồng").
In: what people type in a Vietnamese office ("12,5", "1.234,5", "447142"), strictly:
anything ambiguous is refused with a message rather than guessed.

Numbers sent to charts, JavaScript or Excel are never formatted here: they stay Decimals.
"""

import re
from decimal import Decimal

from . import tinh_toan
from .tinh_toan import lam_tron

KHONG_CO = "—"

# Optional minus; digits grouped by "." in threes (or not grouped); optional "," decimals.
_SO_VIET = re.compile(r"^(-)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$", re.ASCII)


class LoiNhapSo(ValueError):
    """The text is not a number; the message says why, in Vietnamese."""


_DOI_DAU = str.maketrans(",.", ".,")


def _viet(x: Decimal) -> str:
    """A finite Decimal as written, grouped, with a decimal comma (Python's "," grouping
    in threes, the separators swapped)."""
    dau = "-" if x.is_signed() and not x.is_zero() else ""
    return dau + format(abs(x), ",f").translate(_DOI_DAU)


def so(x: Decimal | None, so_le: int = 0, khong_co: str = KHONG_CO) -> str:
    """A value for a table, rounded to the indicator's `so_le`: 447142 → "447.142",
    32.454 with 3 decimals → "32,454"; missing → "—"."""
    lam = lam_tron(x, so_le)
    return khong_co if lam is None else _viet(lam)


def phan_tram(x: Decimal | None, khong_co: str = KHONG_CO) -> str:
    """A percentage for a table, 2 decimals: 53.04 → "53,04 %"; missing → "—"."""
    lam = lam_tron(x, 2)
    return khong_co if lam is None else _viet(lam) + " %"


def so_uoc(x: Decimal | None, so_le: int = 0, khong_co: str = KHONG_CO) -> str:
    """A forecast, to 3 significant digits and never more decimals than the indicator's
    `so_le` — a forecast is not exact to the last unit: 905.512 → "906.000", 65,43 with
    3 decimals → "65,4", 9,8 with 0 → "10"; missing → "—"."""
    lam = lam_tron(x, so_le)
    if lam is None:
        return khong_co
    return _viet(lam_tron(lam, min(so_le, 2 - lam.adjusted())))


def bo_so_0_thua(x: Decimal) -> Decimal:
    """12.500 → 12.5, 125.00 → 125, without turning 100 into 1E+2."""
    if x == x.to_integral_value():
        return x.quantize(Decimal(1))
    return x.normalize()


def so_van_ban(x: Decimal | None, so_le: int = 2, khong_co: str = KHONG_CO) -> str:
    """A number for narrative text: rounded to `so_le`, trailing zeros dropped, as the
    seed report writes "52,8" and "12,5"."""
    lam = lam_tron(x, so_le)
    return khong_co if lam is None else _viet(bo_so_0_thua(lam))


def doc_so(van_ban: str | None) -> Decimal | None:
    """Read a number typed the Vietnamese way. Blank → None.

    Accepts "447142", "447.142", "12,5", "1.234,5", "-3,2". Refuses, with a message:
    letters, exponents, full-width digits, misplaced separators ("1.5", "1,2,3"),
    several signs ("--5"), and anything else that is not plainly one number.
    """
    if van_ban is None:
        return None
    chuan = van_ban.strip().replace("\u00a0", "").replace("\u202f", "")
    if chuan == "":
        return None
    if len(chuan) > 40:
        raise LoiNhapSo("Số quá dài.")
    khop = _SO_VIET.match(chuan)
    if khop is None:
        raise LoiNhapSo(_vi_sao_khong_doc_duoc(chuan))
    dau, nguyen, le = khop.groups()
    # The pattern admits only ASCII digits, so Decimal() cannot fail here.
    return Decimal((dau or "") + nguyen.replace(".", "") + ("." + le if le else ""))


# Text that reads as one number the Vietnamese way and as another the English way:
# "92.500" (92 500, or 92,5 with a decimal point) and "92,500" (92,5, or 92 500 with a
# thousands comma). Only a single group of exactly three digits is ambiguous.
_CHAM_MOT_NHOM = re.compile(r"^(-?\d{1,3})\.(\d{3})$", re.ASCII)
_PHAY_MOT_NHOM = re.compile(r"^(-?\d{1,3}),(\d{3})$", re.ASCII)


def doc_kieu_khac(van_ban: str | None) -> Decimal | None:
    """The other reading of a number whose separator may have slipped, or None.

    "92.500" → 92,5 (the dot taken as a decimal point); "92,500" → 92.500 (the comma
    taken as a thousands separator). Anything else — "1.234.567", "92,5",
    "1.234,5", "447142" — has only one reading."""
    chuan = (van_ban or "").strip()
    if khop := _CHAM_MOT_NHOM.match(chuan):
        return bo_so_0_thua(Decimal(f"{khop.group(1)}.{khop.group(2)}"))
    if khop := _PHAY_MOT_NHOM.match(chuan):
        return Decimal(khop.group(1) + khop.group(2))
    return None


def _vi_sao_khong_doc_duoc(van_ban: str) -> str:
    if any(ky_tu.isdigit() and not ky_tu.isascii() for ky_tu in van_ban):
        return f"“{van_ban}” có chữ số không chuẩn (ví dụ chữ số toàn khổ); hãy gõ chữ số 0–9."
    if re.search(r"[eE]", van_ban) and re.search(r"\d", van_ban):
        return f"“{van_ban}” không phải số: không dùng dạng lũy thừa (e), hãy gõ đủ chữ số."
    if re.search(r"[^\d.,\-+\s]", van_ban):
        return f"“{van_ban}” không phải số: chỉ gõ chữ số, dấu chấm ngăn hàng nghìn và dấu phẩy thập phân."
    if van_ban.count(",") > 1:
        return f"“{van_ban}” có nhiều dấu phẩy: dấu phẩy chỉ dùng một lần, cho phần thập phân (ví dụ 12,5)."
    if van_ban.count("-") + van_ban.count("+") > 1 or "+" in van_ban or "-" in van_ban[1:]:
        return f"“{van_ban}” có dấu không hợp lệ: số âm chỉ có một dấu trừ ở đầu (ví dụ -5)."
    if re.search(r"\d\s+\d", van_ban):
        return f"“{van_ban}” có khoảng trắng giữa các chữ số: hãy gõ liền (ví dụ 1.234 hoặc 1234)."
    if van_ban.startswith((",", ".")):
        return f"“{van_ban}” thiếu chữ số trước dấu phẩy: hãy gõ 0,5 thay cho ,5."
    if "." in van_ban:
        return (f"“{van_ban}” đặt dấu chấm sai chỗ: dấu chấm ngăn hàng nghìn (1.234), "
                "dấu phẩy cho phần thập phân (1,5).")
    return f"“{van_ban}” không phải là một số hợp lệ."


# -- plans: a value or a bound, the way resolutions write targets -----------------------

BANG, TOI_THIEU, TOI_DA, KHOANG = tinh_toan.BANG, tinh_toan.TOI_THIEU, tinh_toan.TOI_DA, tinh_toan.KHOANG
KY_HIEU = {TOI_THIEU: "≥", TOI_DA: "≤"}
GACH_KHOANG = "–"  # en dash, as printed: "8,8–9,4"

_TU_TOI_THIEU = ("≥", ">=", "từ", "tối thiểu", "ít nhất", "không dưới", "trên")
_TU_TOI_DA = ("≤", "<=", "tối đa", "không quá", "không vượt quá", "dưới")
_DUOI_TOI_THIEU = ("trở lên",)
_DUOI_TOI_DA = ("trở xuống",)
# A range: "8,8–9,4", "8,8 - 9,4", "8,8 ÷ 9,4" (as Vietnamese documents write it), "từ 8,8 đến 9,4".
_KHOANG = re.compile(r"^(?:từ\s+)?(-?[\d.,]+)\s*(?:–|—|÷|\s-\s|-|đến|tới)\s*(-?[\d.,]+)$")


def _bo_phan_tram(van_ban: str) -> str:
    van_ban = van_ban.strip()
    return van_ban[:-1].rstrip() if van_ban.endswith("%") else van_ban


def doc_ke_hoach(van_ban: str | None) -> tuple[str, Decimal | None, Decimal | None]:
    """A plan typed the way offices write it: (kind, a, b). Blank → (BANG, None, None).

    "475,5" → a value; "≥ 10,27", ">= 10,27", "10,27 trở lên", "tối thiểu 10,27",
    "trên 10,27" → at least; "≤ 2,75", "dưới 2,75", "tối đa 2,75", "không quá 2,75" →
    at most (a bound includes its end: "dưới 2,75" is met by 2,75); "8,8–9,4",
    "8,8 - 9,4", "8,8 ÷ 9,4", "từ 8,8 đến 9,4" → a range. A trailing "%" is allowed.
    Numbers as `doc_so` reads them; anything else is refused with a message.
    """
    if van_ban is None:
        return BANG, None, None
    chuan = " ".join(van_ban.replace("\u00a0", " ").split()).lower()
    if chuan == "":
        return BANG, None, None
    if len(chuan) > 60:
        raise LoiNhapSo("Kế hoạch quá dài.")
    chuan = _bo_phan_tram(chuan)
    for tien_to, kieu in [*((t, TOI_THIEU) for t in _TU_TOI_THIEU), *((t, TOI_DA) for t in _TU_TOI_DA)]:
        if chuan.startswith(tien_to) and not (tien_to == "từ" and ("đến" in chuan or "tới" in chuan)):
            phan_con = chuan[len(tien_to):].strip()
            for hau_to in _DUOI_TOI_THIEU + _DUOI_TOI_DA:
                if phan_con.endswith(hau_to):
                    phan_con = phan_con[: -len(hau_to)].strip()
            return kieu, _so_cua_can(phan_con, van_ban), None
    for hau_to, kieu in [*((h, TOI_THIEU) for h in _DUOI_TOI_THIEU), *((h, TOI_DA) for h in _DUOI_TOI_DA)]:
        if chuan.endswith(hau_to):
            return kieu, _so_cua_can(chuan[: -len(hau_to)].strip(), van_ban), None
    khop = _KHOANG.match(chuan)
    if khop:
        a, b = _so_cua_can(khop.group(1), van_ban), _so_cua_can(khop.group(2), van_ban)
        if a > b:
            raise LoiNhapSo(f"“{van_ban.strip()}”: khoảng kế hoạch phải viết từ số nhỏ đến số lớn (ví dụ 8,8–9,4).")
        return KHOANG, a, b
    try:
        return BANG, doc_so(chuan), None
    except LoiNhapSo as e:
        raise LoiNhapSo(f"{e} Kế hoạch dạng cận hoặc khoảng viết như: ≥ 10,27 · ≤ 2,75 · 8,8–9,4.") from e


def _so_cua_can(phan: str, van_ban: str) -> Decimal:
    """The number of a bound; refused when missing or unreadable."""
    so_ = doc_so(_bo_phan_tram(phan)) if phan else None
    if so_ is None:
        raise LoiNhapSo(f"“{van_ban.strip()}”: thiếu số của kế hoạch.")
    return so_


def ke_hoach(kieu: str, a: Decimal | None, b: Decimal | None = None, so_le: int = 0,
             khong_co: str = KHONG_CO) -> str:
    """A plan for a table, numbers rounded to the indicator's `so_le`: "475,5",
    "≥ 10,27", "≤ 2,75", "8,8–9,4"; missing → "—"."""
    return _viet_ke_hoach(kieu, so(a, so_le, khong_co=""), so(b, so_le, khong_co=""), khong_co)


def ke_hoach_chinh_xac(kieu: str, a: Decimal | None, b: Decimal | None = None, khong_co: str = "") -> str:
    """A stored plan exactly as stored, for entry fields and history (read back by
    `doc_ke_hoach` to the same plan)."""
    return _viet_ke_hoach(kieu, so_chinh_xac(a), so_chinh_xac(b), khong_co)


def _viet_ke_hoach(kieu: str, a: str, b: str, khong_co: str) -> str:
    if not a:
        return khong_co
    if kieu == KHOANG:
        return f"{a}{GACH_KHOANG}{b}" if b else khong_co
    return f"{KY_HIEU[kieu]} {a}" if kieu in KY_HIEU else a


_MOC_TIEN_DO = re.compile(r"^(?:(q|quý)\s*(i{1,3}|iv|[1-4])|(\d{1,2})\s*(?:t|tháng)?)\s*:\s*(.+)$")
_QUY = {"i": 3, "ii": 6, "iii": 9, "iv": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def doc_tien_do(van_ban: str | None) -> dict[int, Decimal]:
    """Phases typed as "3: 10; 6: 30; 9: 60" or "Q1: 10; Q2: 30; Q3: 60" (month or
    quarter → value; a quarter is its last month): {3: 10, 6: 30, 9: 60}. Blank → {}.
    Months must be 1–12, each once."""
    if not van_ban or not van_ban.strip():
        return {}
    ket_qua: dict[int, Decimal] = {}
    for phan in re.split(r"[;\n]", van_ban):
        phan = " ".join(phan.split()).lower()
        if not phan:
            continue
        khop = _MOC_TIEN_DO.match(phan)
        if khop is None:
            raise LoiNhapSo(f"“{phan}” không đọc được: viết tiến độ như “3: 10; 6: 30; 9: 60” (tháng: giá trị).")
        thang = _QUY[khop.group(2)] if khop.group(1) else int(khop.group(3))
        if not 1 <= thang <= 12:
            raise LoiNhapSo(f"“{phan}”: tháng phải từ 1 đến 12.")
        if thang in ket_qua:
            raise LoiNhapSo(f"Tháng {thang} có hai lần trong tiến độ.")
        gia_tri = doc_so(_bo_phan_tram(khop.group(4)))
        if gia_tri is None:
            raise LoiNhapSo(f"“{phan}”: thiếu giá trị.")
        ket_qua[thang] = gia_tri
    return dict(sorted(ket_qua.items()))


def viet_tien_do(tien_do: dict[int, Decimal] | None) -> str:
    """Phases as typed: {3: 10, 6: 30} → "3: 10; 6: 30"; none → ""."""
    return "; ".join(f"{t}: {so_chinh_xac(x)}" for t, x in sorted((tien_do or {}).items()))


TEN_TRANG_THAI = {
    "dat": "Đạt tiến độ",
    "cham": "Chậm tiến độ",
    "cham_nhieu": "Chậm nhiều",
    "thieu_so_lieu": "Chưa có số liệu",
}


def chenh_lech(x: Decimal | None, so_le: int, don_vi_tinh: str, khong_co: str = KHONG_CO) -> str:
    """A gap TH − KH with its sign and unit: "+0,50 điểm %", "-120 hộ"."""
    lam = lam_tron(x, so_le)
    if lam is None:
        return khong_co
    dau = "+" if lam > 0 else ""
    don_vi = "điểm %" if don_vi_tinh.strip() == "%" else don_vi_tinh
    return f"{dau}{_viet(lam)} {don_vi}".rstrip()


def so_chinh_xac(x: Decimal | None, khong_co: str = "") -> str:
    """A stored value exactly as stored, grouped: for entry fields and history, where
    rounding would change what is shown back to the person (12.5 → "12,5")."""
    if x is None or not x.is_finite():
        return khong_co
    return _viet(bo_so_0_thua(x) if x == x.to_integral_value() else x.normalize())
