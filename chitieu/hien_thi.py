"""How one row's comparisons read on screen — one place for the table pages, the entry
grid and its live preview (which sends these same strings to the browser)."""

from . import dinh_dang
from .selectors import DongChiTieu, SoKeHoach


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
