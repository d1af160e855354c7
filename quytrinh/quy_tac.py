"""The rules of deadlines and timeliness, pure: dates in, answers out; no database, no
clock (callers pass `hom_nay`), so every case is tested with a fixed date.

- The default deadline of a period is the 20th of its last month (quý I → 20/3,
  6 tháng → 20/6): the province office sets another per level and period.
- A submission counts by its latest sending. It is on time (đúng hạn) when sent on or
  before the deadline day, late (trễ hạn) when sent after it. A unit that has not sent
  (or was returned and has not sent again) is overdue (quá hạn) once the deadline day
  has passed, and before that has days left.
- Rates (DHIS2's reporting rate and on-time rate) are shares of the units expected to
  report, in percent, half-up to 2 decimals (DESIGN §3); none when no unit is expected.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from chitieu import tinh_toan

NGAY_HAN_MAC_DINH = 20

CHUA_DEN_HAN = "chua_den_han"
QUA_HAN = "qua_han"
DUNG_HAN = "dung_han"
TRE_HAN = "tre_han"

DA_GUI = "da_gui"
DA_DUYET = "da_duyet"


def han_mac_dinh(nam: int, so_thang: int) -> date:
    """The default deadline of the period (nam, so_thang): the 20th of its last month."""
    return date(nam, so_thang, NGAY_HAN_MAC_DINH)


def ngay_thang(ngay: date, nam_hien_tai: int) -> str:
    """"20/6"; "15/1/2024" when the year is not the one the reader is in."""
    return f"{ngay.day}/{ngay.month}" + ("" if ngay.year == nam_hien_tai else f"/{ngay.year}")


@dataclass(frozen=True)
class TinhTrangHan:
    """Where a unit stands against its deadline. `so_ngay`: days left (chưa đến hạn),
    days past the deadline (quá hạn), days late (trễ hạn); 0 when on time."""

    loai: str
    han: date
    so_ngay: int
    hom_nay: date

    @property
    def han_ngan(self) -> str:
        return ngay_thang(self.han, self.hom_nay.year)

    @property
    def nhan(self) -> str:
        """What the status page and the entry page say: "Hạn nộp 20/6 · còn 3 ngày",
        "Quá hạn 2 ngày", "Nộp đúng hạn", "Nộp trễ 2 ngày"."""
        if self.loai == CHUA_DEN_HAN:
            con = "hôm nay là hạn cuối" if self.so_ngay == 0 else f"còn {self.so_ngay} ngày"
            return f"Hạn nộp {self.han_ngan} · {con}"
        if self.loai == QUA_HAN:
            return f"Quá hạn {self.so_ngay} ngày"
        if self.loai == TRE_HAN:
            return f"Nộp trễ {self.so_ngay} ngày"
        return "Nộp đúng hạn"

    @property
    def da_gui(self) -> bool:
        return self.loai in (DUNG_HAN, TRE_HAN)


def tinh_trang_han(*, han: date, ngay_gui: date | None, hom_nay: date) -> TinhTrangHan:
    """On time, late, overdue or days left. `ngay_gui` is the local date of the
    latest sending of figures that are still sent or approved; None when they are not."""
    if ngay_gui is not None:
        tre = (ngay_gui - han).days
        return TinhTrangHan(TRE_HAN if tre > 0 else DUNG_HAN, han, max(tre, 0), hom_nay)
    con = (han - hom_nay).days
    if con < 0:
        return TinhTrangHan(QUA_HAN, han, -con, hom_nay)
    return TinhTrangHan(CHUA_DEN_HAN, han, con, hom_nay)


def lan_gui_cuoi(lich_su: Iterable[tuple[str, datetime]]) -> datetime | None:
    """The time of the latest sending in a unit's workflow history for one period
    ((state, time) in chronological order). A sending is a move into "đã gửi" from
    anything but "đã duyệt": taking an approval back also lands in "đã gửi" but sends
    nothing."""
    truoc, gui = None, None
    for trang_thai, luc in lich_su:
        if trang_thai == DA_GUI and truoc not in (DA_GUI, DA_DUYET):
            gui = luc
        truoc = trang_thai
    return gui


def ty_le(tu: int, mau: int) -> Decimal | None:
    """`tu` of `mau` in percent, half-up to 2 decimals; None when `mau` is 0."""
    if mau == 0:
        return None
    return tinh_toan.lam_tron_phan_tram(Decimal(tu) * 100 / Decimal(mau))


@dataclass(frozen=True)
class TyLeNop:
    """Reporting of one period over a set of units (DHIS2's reporting and on-time rates)."""

    phai_nop: int  # units expected to report
    da_gui: int  # sent or approved
    dung_han: int  # of those, sent on or before the deadline
    da_duyet: int
    qua_han: int  # not sent, deadline passed

    @property
    def ty_le_nop(self) -> Decimal | None:
        return ty_le(self.da_gui, self.phai_nop)

    @property
    def ty_le_dung_han(self) -> Decimal | None:
        return ty_le(self.dung_han, self.phai_nop)

    @property
    def ty_le_duyet(self) -> Decimal | None:
        return ty_le(self.da_duyet, self.phai_nop)


def dem_ty_le(cac_trang_thai: Iterable[tuple[str, TinhTrangHan]]) -> TyLeNop:
    """Counts over units given as (workflow state, deadline standing)."""
    phai_nop = da_gui = dung_han = da_duyet = qua_han = 0
    for trang_thai, han in cac_trang_thai:
        phai_nop += 1
        da_gui += han.da_gui
        dung_han += han.loai == DUNG_HAN
        da_duyet += trang_thai == DA_DUYET
        qua_han += han.loai == QUA_HAN
    return TyLeNop(phai_nop, da_gui, dung_han, da_duyet, qua_han)
