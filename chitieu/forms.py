"""The entry grids: what each input holds, read back from a POST.

A grid row carries three things for each editable cell: what the person typed, what
was stored when the page was opened with the cell's version then (hidden `cu-…` fields,
so the service can tell a real change from an untouched cell and detect someone else's
edit, even one changed and back), and the error, warnings or conflict to show next to
it. Typed text is never lost: a row with an error keeps the text exactly as typed.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone

from . import dinh_dang, hien_thi, selectors, services, tinh_toan
from .dinh_dang import BANG, LoiNhapSo
from .models import ChiTieu, KeHoach, NguonKeHoach, ThucHien
from .selectors import BangDonVi, DongChiTieu
from .services import CAN_CU_TOI_DA, BacDo, OKeHoach, ONhap, dau_nam, kiem_tra_van_ban, phien_ban_bi_khoa

if TYPE_CHECKING:
    from .du_bao import DuBaoDong


def _doc_an(du_lieu, ten: str) -> object:
    """A hidden 'as opened' number; unreadable means unknown (None)."""
    try:
        return dinh_dang.doc_so(du_lieu.get(ten, ""))
    except LoiNhapSo:
        return None


def _doc_phien_ban(du_lieu, ten: str) -> int | None:
    """A hidden 'as opened' version; missing or unreadable means unknown (None), and the
    service then compares values only."""
    chu = du_lieu.get(ten, "")
    return int(chu) if chu.isascii() and chu.isdigit() and len(chu) < 19 else None


@dataclass
class ODong:
    """One editable row of the actuals grid."""

    dong: DongChiTieu
    van_ban: str  # the value as in the input
    la_uoc: bool
    ghi_chu: str
    da_thay: ONhap  # stored when the page was opened
    tu_tinh: bool = False  # a growth rate computed from its base: not typed
    goi_y: "DuBaoDong | None" = None  # on the full-year grid: the forecast offered as "ước cả năm"
    goi_y_tong: Decimal | None = None  # …filled as the sum of its sub-indicators' when they are its breakdown
    loi: str = ""
    canh_bao: list[str] = field(default_factory=list)
    xung_dot: str = ""
    xac_nhan: str = ""  # the value the person confirmed although it is 100× off (`xn-…`)
    bac_do: str = ""  # why the value waits for that confirmation
    gia_tri_can_xac_nhan: str = ""  # the value to confirm, as the confirmation box carries it
    nhan_xac_nhan: str = ""  # the label of that box

    @property
    def ma(self) -> str:
        return self.dong.chi_tieu.ma

    @property
    def cu_van_ban(self) -> str:
        return dinh_dang.so_chinh_xac(self.da_thay.gia_tri)

    @property
    def nhap_duoc(self) -> bool:
        """Typed on this page (not computed from a base indicator or summed from units)."""
        return not (self.tu_tinh or self.dong.th.tong_tu_don_vi_con)

    @property
    def van_de(self) -> str:
        """Why this cell was not saved, or ""."""
        return self.loi or self.xung_dot or self.bac_do

    def xac_nhan_cho(self, gia_tri: Decimal | None) -> bool:
        """Whether the posted confirmation is for exactly this value."""
        try:
            return gia_tri is not None and dinh_dang.doc_so(self.xac_nhan) == gia_tri
        except LoiNhapSo:
            return False

    @property
    def van_ban_goi_y(self) -> str:
        """The forecast as it would be typed into the cell, to 3 significant digits
        ("906.000"); "" without one."""
        if self.goi_y_tong is not None:
            return dinh_dang.so_chinh_xac(self.goi_y_tong)
        if self.goi_y is None or self.goi_y.du_bao.gia_tri is None:
            return ""
        return dinh_dang.so_uoc(self.goi_y.du_bao.gia_tri, self.dong.chi_tieu.so_le)


class LuoiThucHien:
    """The actuals grid of one unit and period: built from the stored table (GET) or
    from a POST (keeping everything as typed)."""

    def __init__(self, bang: BangDonVi, canh_bao: dict[int, list[str]] | None = None,
                 phien_ban: dict[int, int] | None = None):
        self.bang = bang
        self.dong: list[ODong] = []
        for dong in bang.dong:
            rieng = not (dong.th_tinh_tu_goc or dong.th.tong_tu_don_vi_con)
            pb = None if phien_ban is None else phien_ban.get(dong.chi_tieu.id, 0)
            luu = (ONhap(dong.th.gia_tri, dong.th.la_uoc, dong.th.ghi_chu, phien_ban=pb) if rieng
                   else ONhap(None, phien_ban=pb))
            self.dong.append(ODong(dong=dong, van_ban=dinh_dang.so_chinh_xac(luu.gia_tri), la_uoc=luu.la_uoc,
                                   ghi_chu=luu.ghi_chu, da_thay=luu, tu_tinh=dong.th_tinh_tu_goc,
                                   canh_bao=(canh_bao or {}).get(dong.chi_tieu.id, [])))

    def nhan(self, du_lieu, chi: set[str] | None = None) -> "LuoiThucHien":
        """Puts what was posted back into the inputs (of the rows `chi`, or all)."""
        for o in self.dong:
            if o.tu_tinh or (chi is not None and o.ma not in chi):
                continue
            o.van_ban = du_lieu.get(f"th-{o.ma}", "")
            o.xac_nhan = du_lieu.get(f"xn-{o.ma}", "")
            o.la_uoc = du_lieu.get(f"uoc-{o.ma}") == "1"
            o.ghi_chu = du_lieu.get(f"gc-{o.ma}", "")
            o.da_thay = ONhap(_doc_an(du_lieu, f"cu-th-{o.ma}"), du_lieu.get(f"cu-uoc-{o.ma}") == "1",
                              du_lieu.get(f"cu-gc-{o.ma}", ""), phien_ban=_doc_phien_ban(du_lieu, f"cu-pb-{o.ma}"))
        return self

    def theo_linh_vuc(self) -> list[tuple[str, list[ODong]]]:
        nhom: dict[str, list[ODong]] = {}
        for o in self.dong:
            nhom.setdefault(o.dong.chi_tieu.get_linh_vuc_display(), []).append(o)
        return list(nhom.items())

    def doc(self) -> tuple[dict[ChiTieu, ONhap], dict[ChiTieu, ONhap]]:
        """(changed cells, what they were when opened); unreadable cells get `loi` and
        are left out — they block only themselves."""
        thay_doi, da_thay = {}, {}
        for o in self.dong:
            if o.tu_tinh:
                continue
            try:
                gia_tri = dinh_dang.doc_so(o.van_ban)
            except LoiNhapSo as loi:
                o.loi = str(loi)
                continue
            moi = ONhap(gia_tri, o.la_uoc if gia_tri is not None else False, o.ghi_chu.strip(),
                        da_xac_nhan=o.xac_nhan_cho(gia_tri))
            cu = ONhap(o.da_thay.gia_tri, o.da_thay.la_uoc if o.da_thay.gia_tri is not None else False,
                       o.da_thay.ghi_chu.strip(), phien_ban=o.da_thay.phien_ban)
            if moi != cu:
                thay_doi[o.dong.chi_tieu] = moi
                da_thay[o.dong.chi_tieu] = cu
        return thay_doi, da_thay

    def gia_tri_dang_go(self) -> dict[tuple[int, int], tuple | None]:
        """The typed values as overrides for `selectors.bang_don_vi(thay_the=…)`; a
        value that cannot be read or that the rules refuse counts as no value (it will
        not be saved, so nothing may be computed from it). Sets `loi` of those cells."""
        ket_qua = {}
        for o in self.dong:
            if not o.nhap_duoc:
                continue
            try:
                gia_tri = dinh_dang.doc_so(o.van_ban)
            except LoiNhapSo as e:
                o.loi, gia_tri = str(e), None
            else:
                o.loi = services.kiem_tra_gia_tri(o.dong.chi_tieu, gia_tri) or ""
            ket_qua[(self.bang.don_vi.id, o.dong.chi_tieu.id)] = (
                None if gia_tri is None or o.loi else (gia_tri, o.la_uoc, o.ghi_chu.strip()))
        return ket_qua

    def xem_truoc(self, bang: BangDonVi, du_lieu) -> dict[str, dict]:
        """The live check of the grid as typed (after `gia_tri_dang_go`), row by row:
        the comparisons and status from `bang` (computed with the typed values), none
        for a row whose text is refused, the computed value of computed rows, the hard
        error, the soft warnings, the magnitude confirmation a value needs, and how a
        value pasted onto a computed row (`dan-…`) compares with the computed one."""
        canh_bao = selectors.canh_bao(bang)
        theo_ma = {o.ma: o for o in self.dong}
        ket_qua = {}
        for dong in bang.dong:
            ct, o = dong.chi_tieu, theo_ma[dong.chi_tieu.ma]
            hang = {**hien_thi.o_so_sanh(dong), "th": dinh_dang.so(dong.th.gia_tri, ct.so_le), "loi": o.loi,
                    "canh_bao": canh_bao.get(ct.id, []), "bac_do": "", "xac_nhan": "", "nhan_xac_nhan": "",
                    "da_xac_nhan": False, "dan": ""}
            if o.loi:
                hang |= {k: "" for k in hang if k.startswith("nguon-")}
                hang |= {"cung-ky": "", "trang-thai": "", "ten-trang-thai": ""}
            elif o.nhap_duoc:
                gia_tri = dinh_dang.doc_so(o.van_ban)
                moc = selectors.moc_cua_dong(dong, bang.ky.so_thang)
                if gia_tri != o.da_thay.gia_tri and moc.lech(gia_tri):
                    hang |= {"bac_do": hien_thi.thong_bao_bac_do(ct, gia_tri, moc, o.van_ban),
                             "xac_nhan": dinh_dang.so_chinh_xac(gia_tri),
                             "nhan_xac_nhan": hien_thi.nhan_xac_nhan(ct, gia_tri),
                             "da_xac_nhan": o.xac_nhan_cho(gia_tri)}
            elif (dan := du_lieu.get(f"dan-{ct.ma}")) is not None:
                hang["dan"] = _so_dan(ct, dan, dong.th.gia_tri, tu_tinh=o.tu_tinh)
            ket_qua[ct.ma] = hang
        return ket_qua

    def gan_loi(self, loi: dict[ChiTieu, str]) -> None:
        for o in self.dong:
            if o.dong.chi_tieu in loi:
                o.loi = loi[o.dong.chi_tieu]

    def gan_bac_do(self, bac_do: dict[ChiTieu, BacDo]) -> None:
        """Marks the values that wait for a confirmation, with the message."""
        for o in self.dong:
            if (bd := bac_do.get(o.dong.chi_tieu)) is not None:
                o.bac_do = hien_thi.thong_bao_bac_do(o.dong.chi_tieu, bd.gia_tri, bd.moc, o.van_ban)
                o.gia_tri_can_xac_nhan = dinh_dang.so_chinh_xac(bd.gia_tri)
                o.nhan_xac_nhan = hien_thi.nhan_xac_nhan(o.dong.chi_tieu, bd.gia_tri)

    @property
    def chua_luu(self) -> list[ODong]:
        """The cells that were not saved, in the order of the grid."""
        return [o for o in self.dong if o.van_de]

    def gan_goi_y(self, du_bao: dict[int, "DuBaoDong"]) -> None:
        """Offers each typed row its year-end forecast (`chitieu.du_bao.du_bao_tu_ky`). An
        indicator whose sub-indicators are its full breakdown is offered their sum, so the
        filled grid adds up."""
        for o in self.dong:
            if o.nhap_duoc:
                o.goi_y = du_bao.get(o.dong.chi_tieu.id)
        for o in self.dong:
            con = [c for c in self.dong if c.dong.chi_tieu.cha_id == o.dong.chi_tieu.id]
            if o.goi_y is not None and o.dong.chi_tieu.tong_cac_con and con and all(c.van_ban_goi_y for c in con):
                o.goi_y_tong = sum((dinh_dang.doc_so(c.van_ban_goi_y) for c in con), Decimal(0))

    def gan_xung_dot(self, cac_o: list[ChiTieu], hien_tai: dict[int, ThucHien], phien_ban: dict[int, int]) -> None:
        """Marks conflicting cells with the value now stored, and makes that value (and
        version) the new 'as opened' one, so saving again overwrites it knowingly."""
        for o in self.dong:
            if o.dong.chi_tieu not in cac_o:
                continue
            th = hien_tai.get(o.dong.chi_tieu.id)
            pb = phien_ban.get(o.dong.chi_tieu.id, 0)
            if th is None:
                o.xung_dot = "Người khác vừa xóa số liệu này sau khi bạn mở trang."
                o.da_thay = ONhap(None, phien_ban=pb)
            else:
                ai = th.nguoi_cap_nhat.get_full_name() or th.nguoi_cap_nhat.username if th.nguoi_cap_nhat else "Người khác"
                o.xung_dot = (f"{ai} vừa sửa ô này thành {dinh_dang.so_chinh_xac(th.gia_tri)} "
                              f"lúc {timezone.localtime(th.cap_nhat_luc):%H:%M %d/%m/%Y} sau khi bạn mở trang.")
                o.da_thay = ONhap(th.gia_tri, th.la_uoc, th.ghi_chu, phien_ban=pb)

    @property
    def co_loi(self) -> bool:
        return any(o.van_de for o in self.dong)


def _so_dan(ct: ChiTieu, dan: str, tinh: Decimal | None, *, tu_tinh: bool) -> str:
    """How a value pasted onto a computed row compares with the computed one (it is
    never written anywhere)."""
    nguon = f"tự tính từ {ct.chi_tieu_goc.ma}" if tu_tinh else "cộng từ các đơn vị"
    try:
        gia_tri = dinh_dang.doc_so(dan)
    except LoiNhapSo:
        return f"Số dán “{dan.strip()}” không đọc được; ô này {nguon} nên không ghi số dán."
    if gia_tri is None:
        return ""
    if tinh_toan.bang_nhau_khi_lam_tron(gia_tri, tinh, ct.so_le):
        return f"Số dán {dinh_dang.so_chinh_xac(gia_tri)} khớp số {nguon}."
    return (f"Số dán {dinh_dang.so_chinh_xac(gia_tri)} khác số {nguon} ({dinh_dang.so(tinh, ct.so_le)}); "
            "không ghi số dán.")


@dataclass
class OKeHoachLuoi:
    """One cell of the plans grid: the current version of one source's plan (the latest
    of the year; a new one takes effect on 1 January), as typed and as opened."""

    nguon: NguonKeHoach
    ten: str  # the inputs' names: kh-<ten>, cc-<ten>, cu-kh-<ten>, cu-cc-<ten>, cu-pb-<ten>
    hieu_luc_tu: date  # which version the cell edits
    van_ban: str  # the plan as in the input: "475,5", "≥ 10,27", "8,8–9,4"
    can_cu: str
    da_thay: OKeHoach  # stored when the page was opened, with that version's `phien_ban`
    so_phien_ban: int = 0  # versions of the year (> 1: revised)
    bi_khoa: bool = False  # a sent or approved period is compared with this version
    loi: str = ""
    xung_dot: str = ""

    @property
    def cu_van_ban(self) -> str:
        o = self.da_thay
        return dinh_dang.ke_hoach_chinh_xac(o.kieu, o.gia_tri, o.gia_tri_den)

    @property
    def dieu_chinh(self) -> bool:
        return self.so_phien_ban > 1


@dataclass
class ODongKeHoach:
    """One row of the plans grid: one cell per plan source of the unit's set."""

    chi_tieu: ChiTieu
    cap: int
    o: list[OKeHoachLuoi]

    @property
    def co_loi(self) -> bool:
        return any(c.loi or c.xung_dot for c in self.o)


def ten_o_ke_hoach(nguon: NguonKeHoach, chi_tieu: ChiTieu) -> str:
    """The name part of a plan cell's inputs: "kh-tinh__CT01" ("__" never occurs in a code)."""
    return f"{nguon.ma}__{chi_tieu.ma}"


def can_cu_chung(cac_can_cu: list[str]) -> str:
    """The basis a source's plans of a year share: the one most of its plans carry (the
    first of them on a tie), "" when none carries one."""
    dem = Counter(cc for cc in cac_can_cu if cc)
    return max(dem, key=lambda cc: (dem[cc], -cac_can_cu.index(cc))) if dem else ""


class LuoiKeHoach:
    """The plans grid of one unit and year: its set's indicators × its set's sources.
    A cell edits the latest version of that plan (a revision is added on the plan's own
    page, `chitieu-ke-hoach-mot`).

    Each source takes one legal basis for the year, typed once at the top of its column
    (`can_cu_chung`, input cc-chung-<source>): it applies to every cell of the source
    with a plan and no basis of its own, and saving writes it to those plan rows. A cell's
    own basis overrides it; a cell whose stored basis is the shared one shows its own
    input empty. The basis stays stored per plan row (`KeHoach.can_cu`), as the Excel
    imports read and write it."""

    def __init__(self, chi_tieu: list[tuple[ChiTieu, int]], cac_nguon: list[NguonKeHoach], nam: int,
                 hien_co: dict[tuple[int, int], list[KeHoach]], ngay_khoa: list[date],
                 so_phien_ban: dict[tuple[int, int, date], int] | None = None):
        """`so_phien_ban`: `selectors.phien_ban_ke_hoach`, the version each cell is shown
        at (None: not shown, as when a POST is read back)."""
        self.cac_nguon = cac_nguon
        self.dong: list[ODongKeHoach] = []
        self.loi_chung: dict[str, str] = {}  # source code → why its shared basis was not applied
        for ct, cap in chi_tieu:
            cac_o = []
            for ng in cac_nguon:
                phien_ban = hien_co.get((ct.id, ng.id), [])
                kh = phien_ban[-1] if phien_ban else None
                hieu_luc_tu = kh.hieu_luc_tu if kh else dau_nam(nam)
                pb = None if so_phien_ban is None else so_phien_ban.get((ct.id, ng.id, hieu_luc_tu), 0)
                da_thay = replace(OKeHoach.cua(kh), phien_ban=pb)
                cac_o.append(OKeHoachLuoi(
                    nguon=ng, ten=ten_o_ke_hoach(ng, ct), hieu_luc_tu=hieu_luc_tu,
                    van_ban=dinh_dang.ke_hoach_chinh_xac(da_thay.kieu, da_thay.gia_tri, da_thay.gia_tri_den),
                    can_cu=da_thay.can_cu, da_thay=da_thay, so_phien_ban=len(phien_ban),
                    bi_khoa=phien_ban_bi_khoa(hieu_luc_tu, None, ngay_khoa)))
            self.dong.append(ODongKeHoach(ct, cap, cac_o))
        self.can_cu_chung = {ng.ma: can_cu_chung([o.da_thay.can_cu for _, o in self._cac_o()
                                                  if o.nguon.id == ng.id and o.da_thay.gia_tri is not None])
                             for ng in cac_nguon}
        for _, o in self._cac_o():
            if o.can_cu and o.can_cu == self.can_cu_chung[o.nguon.ma]:
                o.can_cu = ""  # inherits the column's basis
        self.khoa_ca_cot = {ng.ma: all(o.bi_khoa for _, o in self._cac_o() if o.nguon.id == ng.id) for ng in cac_nguon}

    def cot_nguon(self) -> list[tuple[NguonKeHoach, str, bool, str]]:
        """For the header: each source with its shared basis, whether all its cells are
        locked, and the error of its shared basis."""
        return [(ng, self.can_cu_chung[ng.ma], self.khoa_ca_cot[ng.ma], self.loi_chung.get(ng.ma, ""))
                for ng in self.cac_nguon]

    def _cac_o(self):
        for dong in self.dong:
            for o in dong.o:
                yield dong.chi_tieu, o

    def nhan(self, du_lieu, chi: set[tuple[str, str]] | None = None) -> "LuoiKeHoach":
        """Puts what was posted back into the inputs (of the cells `chi` — (indicator
        code, source code) — or all)."""
        for ng in self.cac_nguon:
            if f"cc-chung-{ng.ma}" in du_lieu:
                self.can_cu_chung[ng.ma] = du_lieu[f"cc-chung-{ng.ma}"].strip()
        for ct, o in self._cac_o():
            if chi is not None and (ct.ma, o.nguon.ma) not in chi:
                continue
            ten = o.ten
            o.van_ban = du_lieu.get(f"kh-{ten}", "")
            o.can_cu = du_lieu.get(f"cc-{ten}", "")
            try:
                kieu, a, b = dinh_dang.doc_ke_hoach(du_lieu.get(f"cu-kh-{ten}", ""))
            except LoiNhapSo:
                kieu, a, b = BANG, None, None
            o.da_thay = OKeHoach(a, du_lieu.get(f"cu-cc-{ten}", ""), kieu, b, o.da_thay.tien_do,
                                 _doc_phien_ban(du_lieu, f"cu-pb-{ten}")).chuan()
        return self

    def doc(self) -> tuple[dict, dict]:
        """(changed versions, what they were when opened), keyed by (indicator, source,
        effective date); unreadable cells get `loi` and are left out. A cell keeps the
        phases of its version: they change on the plan's own page."""
        thay_doi, da_thay = {}, {}
        for ng in self.cac_nguon:
            if thong_bao := kiem_tra_van_ban(self.can_cu_chung[ng.ma], CAN_CU_TOI_DA, f"Căn cứ chung ({ng.ten})"):
                self.loi_chung[ng.ma] = thong_bao
        for ct, o in self._cac_o():
            try:
                kieu, a, b = dinh_dang.doc_ke_hoach(o.van_ban)
            except LoiNhapSo as loi:
                o.loi = str(loi)
                continue
            can_cu = o.can_cu
            if not can_cu.strip() and a is not None and not o.bi_khoa:
                if o.nguon.ma in self.loi_chung:
                    o.loi = f"Chưa lưu: căn cứ chung của cột {o.nguon.ten} chưa hợp lệ (xem đầu cột)."
                    continue
                can_cu = self.can_cu_chung[o.nguon.ma]
            moi = OKeHoach(a, can_cu, kieu, b, o.da_thay.tien_do).chuan()
            if moi != o.da_thay.chuan() and o.bi_khoa:
                o.loi = ("Chưa lưu: kế hoạch này đã khóa vì kỳ báo cáo dùng nó đã gửi hoặc đã duyệt. Cần điều chỉnh "
                         "thì thêm kế hoạch điều chỉnh có hiệu lực sau các kỳ đó.")
            elif moi != o.da_thay.chuan():
                khoa = (ct, o.nguon, o.hieu_luc_tu)
                thay_doi[khoa] = moi
                da_thay[khoa] = o.da_thay.chuan()
        return thay_doi, da_thay

    def gan_loi(self, loi: dict) -> None:
        for ct, o in self._cac_o():
            if (ct, o.nguon, o.hieu_luc_tu) in loi:
                o.loi = loi[(ct, o.nguon, o.hieu_luc_tu)]

    def gan_xung_dot(self, cac_o: list, hien_tai: dict[tuple[int, int], list[KeHoach]],
                     phien_ban: dict[tuple[int, int, date], int]) -> None:
        """Marks conflicting cells with the version now stored, and makes it (value and
        version) the new 'as opened' one, so saving again overwrites it knowingly."""
        for ct, o in self._cac_o():
            if (ct, o.nguon, o.hieu_luc_tu) not in cac_o:
                continue
            kh = next((k for k in hien_tai.get((ct.id, o.nguon.id), []) if k.hieu_luc_tu == o.hieu_luc_tu), None)
            o.xung_dot = ("Người khác vừa xóa kế hoạch này." if kh is None else
                          "Người khác vừa sửa thành "
                          f"{dinh_dang.ke_hoach_chinh_xac(kh.kieu, kh.gia_tri, kh.gia_tri_den)}.")
            o.da_thay = replace(OKeHoach.cua(kh), phien_ban=phien_ban.get((ct.id, o.nguon.id, o.hieu_luc_tu), 0))

    @property
    def co_loi(self) -> bool:
        return any(dong.co_loi for dong in self.dong)


class DieuChinhKeHoachForm(forms.Form):
    """A revised plan: the new value (or bound), when it takes effect, the revising
    document, and optionally its phases."""

    gia_tri = forms.CharField(label="Kế hoạch điều chỉnh", max_length=60,
                              help_text="Ví dụ: 506,5 · ≥ 10,27 · ≤ 2,75 · 8,8–9,4")
    hieu_luc_tu = forms.DateField(label="Có hiệu lực từ ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                  help_text="dd/mm/yyyy — kỳ báo cáo kết thúc từ ngày này so với kế hoạch điều chỉnh.")
    can_cu = forms.CharField(label="Căn cứ điều chỉnh", max_length=500,
                             help_text="Ví dụ: Quyết định 2345/QĐ-UBND ngày 25/9/2023 của UBND tỉnh")
    tien_do = forms.CharField(label="Tiến độ theo kỳ (không bắt buộc)", max_length=200, required=False,
                              help_text="Ví dụ: 3: 10; 6: 30; 9: 60 (% kế hoạch năm với chỉ tiêu lũy kế)")

    def clean_gia_tri(self):
        try:
            return dinh_dang.doc_ke_hoach(self.cleaned_data["gia_tri"])
        except LoiNhapSo as e:
            raise forms.ValidationError(str(e)) from e

    def clean_tien_do(self):
        try:
            return dinh_dang.doc_tien_do(self.cleaned_data["tien_do"])
        except LoiNhapSo as e:
            raise forms.ValidationError(str(e)) from e


class TienDoForm(forms.Form):
    """The phases of the current version of a plan, with the version the page showed
    (hidden: its effective date and `phien_ban`), so that phases are set on that version
    and a change by someone else meanwhile — even one changed back — is a conflict."""

    tien_do = forms.CharField(label="Tiến độ theo kỳ", max_length=200, required=False,
                              help_text="Ví dụ: 3: 10; 6: 30; 9: 60 — để trống: tiến độ đều n/12.")
    cu_hieu_luc_tu = forms.DateField(required=False, widget=forms.HiddenInput, input_formats=["%Y-%m-%d"])
    cu_phien_ban = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def clean_tien_do(self):
        try:
            return dinh_dang.doc_tien_do(self.cleaned_data["tien_do"])
        except LoiNhapSo as e:
            raise forms.ValidationError(str(e)) from e


class LyDoForm(forms.Form):
    ly_do = forms.CharField(label="Lý do", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
