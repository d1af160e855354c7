"""The entry grids: what each input holds, read back from a POST.

A grid row carries three things for each editable cell: what the person typed, what
was stored when the page was opened (hidden `cu-…` fields, so the service can tell a
real change from an untouched cell and detect someone else's edit), and the error,
warnings or conflict to show next to it. Typed text is never lost: a row with an error
keeps the text exactly as typed.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils import timezone

from . import dinh_dang, hien_thi, selectors, services, tinh_toan
from .dinh_dang import LoiNhapSo
from .models import ChiTieu, KeHoach, ThucHien
from .selectors import BangDonVi, DongChiTieu
from .services import BacDo, OKeHoach, ONhap


def _doc_an(du_lieu, ten: str) -> object:
    """A hidden 'as opened' number; unreadable means unknown (None)."""
    try:
        return dinh_dang.doc_so(du_lieu.get(ten, ""))
    except LoiNhapSo:
        return None


@dataclass
class ODong:
    """One editable row of the actuals grid."""

    dong: DongChiTieu
    van_ban: str  # the value as in the input
    la_uoc: bool
    ghi_chu: str
    da_thay: ONhap  # stored when the page was opened
    tu_tinh: bool = False  # a growth rate computed from its base: not typed
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


class LuoiThucHien:
    """The actuals grid of one unit and period: built from the stored table (GET) or
    from a POST (keeping everything as typed)."""

    def __init__(self, bang: BangDonVi, canh_bao: dict[int, list[str]] | None = None):
        self.bang = bang
        self.dong: list[ODong] = []
        for dong in bang.dong:
            rieng = not (dong.th_tinh_tu_goc or dong.th.tong_tu_don_vi_con)
            luu = ONhap(dong.th.gia_tri, dong.th.la_uoc, dong.th.ghi_chu) if rieng else ONhap(None)
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
                              du_lieu.get(f"cu-gc-{o.ma}", ""))
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
                       o.da_thay.ghi_chu.strip())
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
                hang |= {"kh-tinh": "", "kh-huyen": "", "cung-ky": "", "trang-thai": "", "ten-trang-thai": ""}
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

    def gan_xung_dot(self, cac_o: list[ChiTieu], hien_tai: dict[int, ThucHien]) -> None:
        """Marks conflicting cells with the value now stored, and makes that value the
        new 'as opened' one, so saving again overwrites it knowingly."""
        for o in self.dong:
            if o.dong.chi_tieu not in cac_o:
                continue
            th = hien_tai.get(o.dong.chi_tieu.id)
            if th is None:
                o.xung_dot = "Người khác vừa xóa số liệu này sau khi bạn mở trang."
                o.da_thay = ONhap(None)
            else:
                ai = th.nguoi_cap_nhat.get_full_name() or th.nguoi_cap_nhat.username if th.nguoi_cap_nhat else "Người khác"
                o.xung_dot = (f"{ai} vừa sửa ô này thành {dinh_dang.so_chinh_xac(th.gia_tri)} "
                              f"lúc {timezone.localtime(th.cap_nhat_luc):%H:%M %d/%m/%Y} sau khi bạn mở trang.")
                o.da_thay = ONhap(th.gia_tri, th.la_uoc, th.ghi_chu)

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
class ODongKeHoach:
    """One row of the plans grid: KH tỉnh giao and KH huyện giao with their căn cứ."""

    chi_tieu: ChiTieu
    cap: int
    van_ban: dict[str, str]  # cap_giao → typed value
    can_cu: dict[str, str]
    da_thay: dict[str, OKeHoach]
    loi: dict[str, str] = field(default_factory=dict)
    xung_dot: dict[str, str] = field(default_factory=dict)

    @property
    def cac_o(self) -> list[tuple]:
        """(cap_giao, typed value, căn cứ, (stored value, stored căn cứ), error, conflict) per level."""
        return [(cg, self.van_ban[cg], self.can_cu[cg],
                 (dinh_dang.so_chinh_xac(self.da_thay[cg].gia_tri), self.da_thay[cg].can_cu),
                 self.loi.get(cg, ""), self.xung_dot.get(cg, "")) for cg in CAC_CAP]


CAC_CAP = [KeHoach.CapGiao.TINH.value, KeHoach.CapGiao.HUYEN.value]


class LuoiKeHoach:
    """The plans grid of one unit and year."""

    def __init__(self, chi_tieu: list[tuple[ChiTieu, int]], hien_co: dict[tuple[int, str], KeHoach]):
        self.dong: list[ODongKeHoach] = []
        for ct, cap in chi_tieu:
            da_thay = {}
            for cg in CAC_CAP:
                kh = hien_co.get((ct.id, cg))
                da_thay[cg] = OKeHoach(None) if kh is None else OKeHoach(kh.gia_tri, kh.can_cu)
            self.dong.append(ODongKeHoach(ct, cap, {cg: dinh_dang.so_chinh_xac(da_thay[cg].gia_tri) for cg in CAC_CAP},
                                          {cg: da_thay[cg].can_cu for cg in CAC_CAP}, da_thay))

    def nhan(self, du_lieu, chi: set[tuple[str, str]] | None = None) -> "LuoiKeHoach":
        """Puts what was posted back into the inputs (of the cells `chi`, or all)."""
        for o in self.dong:
            for cg in CAC_CAP:
                if chi is not None and (o.chi_tieu.ma, cg) not in chi:
                    continue
                o.van_ban[cg] = du_lieu.get(f"kh-{cg}-{o.chi_tieu.ma}", "")
                o.can_cu[cg] = du_lieu.get(f"cc-{cg}-{o.chi_tieu.ma}", "")
                o.da_thay[cg] = OKeHoach(_doc_an(du_lieu, f"cu-kh-{cg}-{o.chi_tieu.ma}"),
                                         du_lieu.get(f"cu-cc-{cg}-{o.chi_tieu.ma}", ""))
        return self

    def doc(self) -> tuple[dict, dict]:
        thay_doi, da_thay = {}, {}
        for o in self.dong:
            for cg in CAC_CAP:
                try:
                    gia_tri = dinh_dang.doc_so(o.van_ban[cg])
                except LoiNhapSo as loi:
                    o.loi[cg] = str(loi)
                    continue
                moi = OKeHoach(gia_tri, o.can_cu[cg].strip())
                cu = OKeHoach(o.da_thay[cg].gia_tri, o.da_thay[cg].can_cu.strip())
                if moi != cu:
                    thay_doi[(o.chi_tieu, cg)] = moi
                    da_thay[(o.chi_tieu, cg)] = cu
        return thay_doi, da_thay

    def gan_loi(self, loi: dict) -> None:
        for o in self.dong:
            for cg in CAC_CAP:
                if (o.chi_tieu, cg) in loi:
                    o.loi[cg] = loi[(o.chi_tieu, cg)]

    def gan_xung_dot(self, cac_o: list, hien_tai: dict[tuple[int, str], KeHoach]) -> None:
        for o in self.dong:
            for cg in CAC_CAP:
                if (o.chi_tieu, cg) not in cac_o:
                    continue
                kh = hien_tai.get((o.chi_tieu.id, cg))
                o.xung_dot[cg] = ("Người khác vừa xóa kế hoạch này." if kh is None else
                                  f"Người khác vừa sửa thành {dinh_dang.so_chinh_xac(kh.gia_tri)}.")
                o.da_thay[cg] = OKeHoach(None) if kh is None else OKeHoach(kh.gia_tri, kh.can_cu)

    @property
    def co_loi(self) -> bool:
        return any(o.loi or o.xung_dot for o in self.dong)


class LyDoForm(forms.Form):
    ly_do = forms.CharField(label="Lý do", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
