"""The report of a unit for a period: its narrative, its indicator table, before month 12
the forecast of its year, and — for a unit with units below it (the province) — a table
comparing them and, for each indicator, the units behind schedule. One object feeds
the page, the .docx and the .xlsx, so the three always say the same thing.

Figures come from `chitieu.selectors.bang_chi_tieu` (every unit in one fixed set of
queries), forecasts from `chitieu.du_bao`, sentences from `baocao.van_ban`.
"""

from dataclasses import dataclass, field

from chitieu import du_bao, quyen, selectors
from chitieu.models import ChiTieu, DonVi, KyBaoCao, TrangThaiNop
from chitieu.selectors import BangDonVi, DongChiTieu
from quytrinh.selectors import GiaiTrinhBaoCao, giai_trinh_cho_bao_cao

from . import van_ban


@dataclass
class DongSoSanh:
    """One indicator across the units below: its row in each unit's table, in unit order."""

    chi_tieu: ChiTieu
    cap: int
    cua_don_vi_cha: DongChiTieu  # the row of the unit being reported on (the province)
    cua_don_vi: list[DongChiTieu | None]  # None where a unit's set lacks the indicator


@dataclass
class BaoCao:
    don_vi: DonVi
    ky: KyBaoCao
    bang: BangDonVi
    cac_phan: list[van_ban.PhanLinhVuc]
    tong_ket: str
    trang_thai_nop: dict[int, TrangThaiNop] = field(default_factory=dict)  # of the unit and the units below
    chi_da_duyet: bool = False  # only approved figures count
    cac_don_vi_con: list[DonVi] = field(default_factory=list)
    so_sanh: list[DongSoSanh] = field(default_factory=list)
    don_vi_cham: list[str] = field(default_factory=list)  # one sentence per indicator with units behind
    giai_trinh: list[GiaiTrinhBaoCao] = field(default_factory=list)  # answered explanations the unit prints
    du_bao: list[str] = field(default_factory=list)  # the year-end forecast, one sentence per indicator

    muc_giai_trinh = "Giải trình một số chỉ tiêu"

    @property
    def trang_thai_cua_don_vi(self) -> TrangThaiNop:
        return self.trang_thai_nop[self.don_vi.id]

    @property
    def don_vi_con_va_trang_thai(self) -> list[tuple[DonVi, TrangThaiNop]]:
        return [(dv, self.trang_thai_nop[dv.id]) for dv in self.cac_don_vi_con]

    @property
    def dem_trang_thai_con(self) -> list[tuple[str, str, int]]:
        return selectors.dem_trang_thai_nop([self.trang_thai_nop[dv.id] for dv in self.cac_don_vi_con])

    @property
    def tieu_de(self) -> str:
        return van_ban.ten_tieu_de(self.ky)

    @property
    def muc_chi_tieu(self) -> str:
        return van_ban.muc_chi_tieu(self.ky)

    @property
    def kinh_gui(self) -> str:
        return van_ban.kinh_gui(self.don_vi)

    @property
    def loi_mo_dau(self) -> str:
        return van_ban.loi_mo_dau(self.don_vi, self.ky)

    @property
    def muc_du_bao(self) -> str:
        return van_ban.muc_du_bao(self.ky)

    @property
    def ket_thuc(self) -> str:
        return van_ban.ket_thuc(self.don_vi, self.ky)

    @property
    def tieu_de_phu_luc(self) -> str:
        return van_ban.tieu_de_phu_luc(self.don_vi, self.ky)

    @property
    def ten_nguon_so_sanh(self) -> str:
        """The plan source the comparison of units is measured against."""
        return van_ban.ten_nguon_chinh([d for hang in self.so_sanh for d in hang.cua_don_vi if d is not None])

    @property
    def tieu_de_so_sanh(self) -> str:
        return van_ban.tieu_de_so_sanh(self.ky, self.ten_nguon_so_sanh)

    khong_co_so_lieu = van_ban.KHONG_CO_SO_LIEU
    muc_don_vi_cham = van_ban.MUC_DON_VI_CHAM
    khong_co_don_vi_cham = van_ban.KHONG_CO_DON_VI_CHAM

    @property
    def ten_tep(self) -> str:
        """"bao-cao-an-lao-2023-6t" (without extension)."""
        return f"bao-cao-{self.don_vi.ma}-{self.ky.slug}"


def lap_bao_cao(don_vi: DonVi, ky: KyBaoCao, nguoi, chi_da_duyet: bool = False) -> BaoCao:
    """The report of `don_vi` for `ky`, with the units below it that `nguoi` may read,
    where each one's figures are in the workflow (`chi_da_duyet`: only approved figures
    count, the forecast's history included), the unit's answered explanations (giải
    trình) it chose to print, and before month 12 the forecast of the unit's year.
    Twelve queries (the units below, `bang_chi_tieu`'s eight, the workflow states, the
    explanations' two), fourteen with the forecast (`gan_du_bao`'s two), however many
    units and indicators."""
    cac_con = [
        dv for dv in quyen.don_vi_xem_duoc(nguoi).filter(cha=don_vi).order_by("thu_tu", "ten_ngan")
        if dv.hoat_dong_trong_nam(ky.nam)
    ]
    cac_bang = selectors.bang_chi_tieu(ky, [don_vi, *cac_con], chi_da_duyet=chi_da_duyet)
    bang = cac_bang[don_vi.id]
    du_bao.gan_du_bao(ky, [(don_vi, d) for d in bang.dong], chi_da_duyet=chi_da_duyet)
    bao_cao = BaoCao(
        don_vi=don_vi,
        ky=ky,
        bang=bang,
        cac_phan=van_ban.cac_phan(bang),
        tong_ket=van_ban.tong_ket(bang),
        trang_thai_nop=selectors.trang_thai_nop_cua(ky, [don_vi, *cac_con]),
        chi_da_duyet=chi_da_duyet,
        cac_don_vi_con=cac_con,
        giai_trinh=giai_trinh_cho_bao_cao(don_vi, ky),
        du_bao=van_ban.cac_cau_du_bao(bang),
    )
    if cac_con:
        # Each unit's rows by indicator (its first row of it): the units below may follow
        # another set — the same indicator, or nothing.
        theo_chi_tieu = []
        for dv in cac_con:
            cua_no: dict[int, DongChiTieu] = {}
            for d in cac_bang[dv.id].dong:
                cua_no.setdefault(d.chi_tieu.id, d)
            theo_chi_tieu.append(cua_no)
        for dong in bang.dong:
            cua_don_vi = [cua_no.get(dong.chi_tieu.id) for cua_no in theo_chi_tieu]
            bao_cao.so_sanh.append(DongSoSanh(dong.chi_tieu, dong.cap, dong, cua_don_vi))
            cham = [(dv, d) for dv, d in zip(cac_con, cua_don_vi) if d is not None and d.trang_thai in van_ban.CHAM]
            if cham:
                bao_cao.don_vi_cham.append(van_ban.don_vi_cham(dong.chi_tieu.ten, cham))
    return bao_cao

