"""How one row's comparisons read on screen — one place for the table pages, the entry
grid and its live preview (which sends these same strings to the browser)."""

from decimal import Decimal

from . import dinh_dang, tinh_toan
from .models import ChiTieu
from .selectors import DongChiTieu, MocBacDo, SoKeHoach


def voi_ke_hoach(dong: DongChiTieu, so: SoKeHoach | None) -> str:
    """The comparison with one plan source as a table shows it: "53,04 %", a gap
    "+0,12 điểm %", or "—"."""
    if so is None:
        return dinh_dang.KHONG_CO
    ct, danh_gia = dong.chi_tieu, so.danh_gia
    if danh_gia.so_bang_chenh_lech:
        return dinh_dang.chenh_lech(danh_gia.chenh_lech, ct.so_le, ct.don_vi_tinh)
    return dinh_dang.phan_tram(danh_gia.phan_tram)


def o_so_sanh(dong: DongChiTieu) -> dict[str, str]:
    """The text of the comparison cells of a row: against each plan source of the set
    (`nguon-<mã nguồn>`), against the same period (`cung-ky`), and the status."""
    ct, cung_ky = dong.chi_tieu, dong.so_cung_ky
    return {
        **{f"nguon-{so.nguon.ma}": voi_ke_hoach(dong, so) for so in dong.ke_hoach},
        "cung-ky": (dinh_dang.chenh_lech(cung_ky.chenh_lech, ct.so_le, ct.don_vi_tinh) if cung_ky.bang_chenh_lech
                    else dinh_dang.phan_tram(cung_ky.phan_tram)),
        "trang-thai": dong.trang_thai,
        "ten-trang-thai": dinh_dang.TEN_TRANG_THAI[dong.trang_thai],
    }


def thong_bao_bac_do(ct: ChiTieu, gia_tri: Decimal, moc: MocBacDo, van_ban: str | None = None) -> str:
    """Why a value waits for confirmation (`tinh_toan.lech_bac_do`), with the value as
    read and, when the text could be a slipped separator, what was likely meant:
    "Cần xác nhận: đọc là 92.500 tỷ đồng, gấp 100 lần trở lên cả mức kế hoạch kỳ này
    (90 tỷ đồng) và cùng kỳ năm trước (76 tỷ đồng) — có phải 92,5?" """
    dvt = ct.don_vi_tinh

    def kem(x: Decimal) -> str:
        return f"{dinh_dang.so_van_ban(x, ct.so_le)} {dvt}".rstrip()

    moc_co = [f"{ten} ({kem(x)})" for ten, x in (("mức kế hoạch kỳ này", moc.muc_ky_vong),
                                                 ("cùng kỳ năm trước", moc.cung_ky))
              if x is not None and not x.is_zero()]
    so_sanh = ("gấp 100 lần trở lên " if moc.lech(gia_tri) == tinh_toan.BAC_DO_LON else "chưa bằng 1/100 ")
    so_sanh += ("cả " + " và ".join(moc_co)) if len(moc_co) > 1 else moc_co[0]
    thong_bao = f"Cần xác nhận: đọc là {dinh_dang.so_chinh_xac(gia_tri)} {dvt}".rstrip() + f", {so_sanh}"
    khac = dinh_dang.doc_kieu_khac(van_ban)
    if khac is not None and moc.lech(khac) is None:
        return thong_bao + f" — có phải {dinh_dang.so_chinh_xac(khac)}?"
    return thong_bao + "."


def nhan_xac_nhan(ct: ChiTieu, gia_tri: Decimal) -> str:
    """The label of the box that confirms a value held back by the magnitude rule."""
    return f"Đúng là {dinh_dang.so_chinh_xac(gia_tri)} {ct.don_vi_tinh}".rstrip()
