"""How one row's comparisons read on screen — one place for the table pages, the entry
grid and its live preview (which sends these same strings to the browser)."""

from . import dinh_dang
from .selectors import DongChiTieu


def o_so_sanh(dong: DongChiTieu) -> dict[str, str]:
    """The text of the comparison cells of a row: against each plan ("53,04 %" or a gap
    "+0,12 điểm %"), against the same period, and the status."""
    ct = dong.chi_tieu

    def voi(danh_gia) -> str:
        if danh_gia.so_bang_chenh_lech:
            return dinh_dang.chenh_lech(danh_gia.chenh_lech, ct.so_le, ct.don_vi_tinh)
        return dinh_dang.phan_tram(danh_gia.phan_tram)

    cung_ky = dong.so_cung_ky
    return {
        "kh-tinh": voi(dong.so_kh_tinh),
        "kh-huyen": voi(dong.so_kh_huyen),
        "cung-ky": (dinh_dang.chenh_lech(cung_ky.chenh_lech, ct.so_le, ct.don_vi_tinh) if cung_ky.bang_chenh_lech
                    else dinh_dang.phan_tram(cung_ky.phan_tram)),
        "trang-thai": dong.trang_thai,
        "ten-trang-thai": dinh_dang.TEN_TRANG_THAI[dong.trang_thai],
    }
