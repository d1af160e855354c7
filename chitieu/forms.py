"""The entry grids: what each input holds, read back from a POST.

A grid row carries three things for each editable cell: what the person typed, what
was stored when the page was opened with the cell's version then (hidden `cu-…` fields,
so the service can tell a real change from an untouched cell and detect someone else's
edit, even one changed and back), and the error, warnings or conflict to show next to
it. Typed text is never lost: a row with an error keeps the text exactly as typed.
"""

from dataclasses import dataclass, field

from django import forms

from . import dinh_dang
from .dinh_dang import LoiNhapSo
from .models import ChiTieu, KeHoach, ThucHien
from .selectors import BangDonVi, DongChiTieu
from .services import OKeHoach, ONhap


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
    loi: str = ""
    canh_bao: list[str] = field(default_factory=list)
    xung_dot: str = ""

    @property
    def ma(self) -> str:
        return self.dong.chi_tieu.ma

    @property
    def cu_van_ban(self) -> str:
        return dinh_dang.so_chinh_xac(self.da_thay.gia_tri)


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
            luu = ONhap(dong.th.gia_tri, dong.th.la_uoc, dong.th.ghi_chu, pb) if rieng else ONhap(None, phien_ban=pb)
            self.dong.append(ODong(dong=dong, van_ban=dinh_dang.so_chinh_xac(luu.gia_tri), la_uoc=luu.la_uoc,
                                   ghi_chu=luu.ghi_chu, da_thay=luu, tu_tinh=dong.th_tinh_tu_goc,
                                   canh_bao=(canh_bao or {}).get(dong.chi_tieu.id, [])))

    def nhan(self, du_lieu, chi: set[str] | None = None) -> "LuoiThucHien":
        """Puts what was posted back into the inputs (of the rows `chi`, or all)."""
        for o in self.dong:
            if o.tu_tinh or (chi is not None and o.ma not in chi):
                continue
            o.van_ban = du_lieu.get(f"th-{o.ma}", "")
            o.la_uoc = du_lieu.get(f"uoc-{o.ma}") == "1"
            o.ghi_chu = du_lieu.get(f"gc-{o.ma}", "")
            o.da_thay = ONhap(_doc_an(du_lieu, f"cu-th-{o.ma}"), du_lieu.get(f"cu-uoc-{o.ma}") == "1",
                              du_lieu.get(f"cu-gc-{o.ma}", ""), _doc_phien_ban(du_lieu, f"cu-pb-{o.ma}"))
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
            moi = ONhap(gia_tri, o.la_uoc if gia_tri is not None else False, o.ghi_chu.strip())
            cu = ONhap(o.da_thay.gia_tri, o.da_thay.la_uoc if o.da_thay.gia_tri is not None else False,
                       o.da_thay.ghi_chu.strip(), o.da_thay.phien_ban)
            if moi != cu:
                thay_doi[o.dong.chi_tieu] = moi
                da_thay[o.dong.chi_tieu] = cu
        return thay_doi, da_thay

    def gia_tri_dang_go(self) -> dict[int, tuple | None]:
        """Readable typed values as overrides for `selectors.bang_don_vi(thay_the=…)`."""
        ket_qua = {}
        for o in self.dong:
            if o.tu_tinh:
                continue
            try:
                gia_tri = dinh_dang.doc_so(o.van_ban)
            except LoiNhapSo:
                continue
            ket_qua[(self.bang.don_vi.id, o.dong.chi_tieu.id)] = (
                None if gia_tri is None else (gia_tri, o.la_uoc, o.ghi_chu.strip()))
        return ket_qua

    def gan_loi(self, loi: dict[ChiTieu, str]) -> None:
        for o in self.dong:
            if o.dong.chi_tieu in loi:
                o.loi = loi[o.dong.chi_tieu]

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
                              f"lúc {th.cap_nhat_luc:%H:%M %d/%m/%Y} sau khi bạn mở trang.")
                o.da_thay = ONhap(th.gia_tri, th.la_uoc, th.ghi_chu, pb)

    @property
    def co_loi(self) -> bool:
        return any(o.loi or o.xung_dot for o in self.dong)


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
        """(cap_giao, typed value, căn cứ, (stored value, stored căn cứ, version), error, conflict) per level."""
        return [(cg, self.van_ban[cg], self.can_cu[cg],
                 (dinh_dang.so_chinh_xac(self.da_thay[cg].gia_tri), self.da_thay[cg].can_cu,
                  "" if self.da_thay[cg].phien_ban is None else self.da_thay[cg].phien_ban),
                 self.loi.get(cg, ""), self.xung_dot.get(cg, "")) for cg in CAC_CAP]


CAC_CAP = [KeHoach.CapGiao.TINH.value, KeHoach.CapGiao.HUYEN.value]


class LuoiKeHoach:
    """The plans grid of one unit and year."""

    def __init__(self, chi_tieu: list[tuple[ChiTieu, int]], hien_co: dict[tuple[int, str], KeHoach],
                 phien_ban: dict[tuple[int, str], int] | None = None):
        self.dong: list[ODongKeHoach] = []
        for ct, cap in chi_tieu:
            da_thay = {}
            for cg in CAC_CAP:
                kh = hien_co.get((ct.id, cg))
                pb = None if phien_ban is None else phien_ban.get((ct.id, cg), 0)
                da_thay[cg] = OKeHoach(None, phien_ban=pb) if kh is None else OKeHoach(kh.gia_tri, kh.can_cu, pb)
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
                                         du_lieu.get(f"cu-cc-{cg}-{o.chi_tieu.ma}", ""),
                                         _doc_phien_ban(du_lieu, f"cu-pb-{cg}-{o.chi_tieu.ma}"))
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
                cu = OKeHoach(o.da_thay[cg].gia_tri, o.da_thay[cg].can_cu.strip(), o.da_thay[cg].phien_ban)
                if moi != cu:
                    thay_doi[(o.chi_tieu, cg)] = moi
                    da_thay[(o.chi_tieu, cg)] = cu
        return thay_doi, da_thay

    def gan_loi(self, loi: dict) -> None:
        for o in self.dong:
            for cg in CAC_CAP:
                if (o.chi_tieu, cg) in loi:
                    o.loi[cg] = loi[(o.chi_tieu, cg)]

    def gan_xung_dot(self, cac_o: list, hien_tai: dict[tuple[int, str], KeHoach],
                     phien_ban: dict[tuple[int, str], int]) -> None:
        for o in self.dong:
            for cg in CAC_CAP:
                if (o.chi_tieu, cg) not in cac_o:
                    continue
                kh = hien_tai.get((o.chi_tieu.id, cg))
                pb = phien_ban.get((o.chi_tieu.id, cg), 0)
                o.xung_dot[cg] = ("Người khác vừa xóa kế hoạch này." if kh is None else
                                  f"Người khác vừa sửa thành {dinh_dang.so_chinh_xac(kh.gia_tri)}.")
                o.da_thay[cg] = OKeHoach(None, phien_ban=pb) if kh is None else OKeHoach(kh.gia_tri, kh.can_cu, pb)

    @property
    def co_loi(self) -> bool:
        return any(o.loi or o.xung_dot for o in self.dong)


class LyDoForm(forms.Form):
    ly_do = forms.CharField(label="Lý do", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
