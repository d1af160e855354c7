"""Characters that text may hold. A note, a basis, a reason or a name ends up in XML
(.xlsx, .docx) and in other people's screens: a character XML cannot hold (U+0000–U+001F
but tab and line breaks, U+FFFE, U+FFFF, lone surrogates) makes every download of it
fail, and invisible control characters (DEL, U+0080–U+009F) or Unicode noncharacters
hide what the text says. They are refused where text comes in — forms, the Excel import,
the admin — with a message that says which character and where; writers replace any
that are already stored (`lam_sach`), so one bad row cannot break a download."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

_PHI_KY_TU = "".join(f"{chr(mat + 0xFFFE)}{chr(mat + 0xFFFF)}" for mat in range(0x10000, 0x110000, 0x10000))
_CAM = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _PHI_KY_TU
KY_TU_CAM = re.compile(f"[{_CAM}]")
KY_TU_CAM_MOT_DONG = re.compile(f"[{_CAM}\t\n\r]")
THAY_THE = "\ufffd"


def loi_ky_tu(van_ban: str, ten: str, *, mot_dong: bool = False) -> str | None:
    """The Vietnamese message for the first character `van_ban` may not hold, or None.
    `mot_dong`: a name, where tabs and line breaks are refused too."""
    khop = (KY_TU_CAM_MOT_DONG if mot_dong else KY_TU_CAM).search(van_ban or "")
    if khop is None:
        return None
    ky_tu = khop.group()
    loai = "xuống dòng hoặc tab" if ky_tu in "\t\n\r" else "ký tự điều khiển hoặc ký tự không hợp lệ"
    return f"{ten} chứa {loai} (U+{ord(ky_tu):04X}, ở ký tự thứ {khop.start() + 1}); hãy xóa ký tự đó rồi nhập lại."


def lam_sach(van_ban: str) -> str:
    """Text as a writer may put it into XML: every refused character replaced by �."""
    return KY_TU_CAM.sub(THAY_THE, van_ban)


@deconstructible
class KyTuHopLe:
    """Field validator: `loi_ky_tu` as a ValidationError (names: `mot_dong=True`)."""

    def __init__(self, mot_dong: bool = False):
        self.mot_dong = mot_dong

    def __call__(self, van_ban: str) -> None:
        if thong_bao := loi_ky_tu(van_ban, "Nội dung", mot_dong=self.mot_dong):
            raise ValidationError(thong_bao, code="ky_tu_cam")

    def __eq__(self, khac) -> bool:
        return isinstance(khac, KyTuHopLe) and khac.mot_dong == self.mot_dong


ten_hop_le = KyTuHopLe(mot_dong=True)
