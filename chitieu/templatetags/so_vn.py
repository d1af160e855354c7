"""Template filters for Vietnamese numbers (and durations); the rules live in `chitieu.dinh_dang`."""

from decimal import Decimal

from django import template

from chitieu import dinh_dang, hien_thi, selectors

register = template.Library()


@register.filter
def so(x: Decimal | None, so_le: int = 0) -> str:
    """{{ gia_tri|so:chi_tieu.so_le }} → "447.142", "32,454", "—"."""
    return dinh_dang.so(x, int(so_le))


@register.filter
def phan_tram(x: Decimal | None) -> str:
    """{{ p|phan_tram }} → "53,04 %", "—"."""
    return dinh_dang.phan_tram(x)


@register.filter
def so_van_ban(x: Decimal | None, so_le: int = 2) -> str:
    """{{ p|so_van_ban }} → "52,8" (narrative: no trailing zeros)."""
    return dinh_dang.so_van_ban(x, int(so_le))


@register.filter
def ten_trang_thai(trang_thai: str) -> str:
    return dinh_dang.TEN_TRANG_THAI.get(trang_thai, trang_thai)


@register.simple_tag
def chenh_lech(x: Decimal | None, chi_tieu) -> str:
    """{% chenh_lech dong.so_kh_tinh.chenh_lech dong.chi_tieu %} → "+0,50 điểm %"."""
    return dinh_dang.chenh_lech(x, chi_tieu.so_le, chi_tieu.don_vi_tinh)


@register.filter
def so_sanh(dong) -> dict[str, str]:
    """{% with o=dong|so_sanh %}{{ o.cung_ky }} {{ o.trang_thai }}…: see `chitieu.hien_thi.o_so_sanh`."""
    return {khoa.replace("-", "_"): gia_tri for khoa, gia_tri in hien_thi.o_so_sanh(dong).items()}


@register.filter
def theo_cot(dong, cac_nguon) -> list:
    """The row's comparison with each plan source of a table's columns, in their order
    (None where the unit's set has no such source): {% for so in dong|theo_cot:cac_nguon %}."""
    return [dong.theo_nguon(ng.ma) for ng in cac_nguon]


@register.filter
def nguon_thu(cac_nguon, i: int) -> str:
    """The code of the i-th source of a table's columns (for a cell's class)."""
    return cac_nguon[int(i)].ma


@register.filter
def ten_nguon_thu(cac_nguon, i: int) -> str:
    """The short name of the i-th source of a table's columns (a phone card's label)."""
    return cac_nguon[int(i)].ten_ngan


@register.filter
def so_voi(so, dong) -> str:
    """{{ so|so_voi:dong }} → "53,04 %", "+0,12 điểm %" or "—" (`hien_thi.voi_ke_hoach`)."""
    return hien_thi.voi_ke_hoach(dong, so)


@register.filter
def ke_hoach(kh, so_le: int = 0) -> str:
    """A plan as it applies to a period ({{ so.kh|ke_hoach:ct.so_le }}): "475,5", "≥ 10,27",
    "8,8–9,4"; "—" when missing."""
    if not kh:  # no such source for this unit ("" from the template) or no plan
        return dinh_dang.KHONG_CO
    return dinh_dang.ke_hoach(kh.kieu, kh.gia_tri, kh.gia_tri_den, int(so_le))


@register.filter
def ke_hoach_chinh_xac(kh) -> str:
    """A stored plan version exactly: "475,5", "≥ 10,27"."""
    return dinh_dang.ke_hoach_chinh_xac(kh.kieu, kh.gia_tri, kh.gia_tri_den)


@register.filter
def tien_do(tien_do) -> str:
    """Stored phases ({"3": "10", …}) as "3: 10; 6: 30"; "" when none."""
    return dinh_dang.viet_tien_do(selectors.doc_tien_do(tien_do))


@register.filter
def so_chinh_xac(x) -> str:
    """A stored value exactly, for an input field: 12.500000 → "12,5"."""
    return dinh_dang.so_chinh_xac(x)


# -- the year-end forecast (`chitieu.hien_thi`) ---------------------------------------------


@register.filter
def khoang_du_bao(du_bao, don_vi_tinh: bool = False) -> str:
    """{{ dong.du_bao|khoang_du_bao }} → "870.000 – 910.000" (":1" adds the unit)."""
    return hien_thi.khoang_du_bao(du_bao, bool(don_vi_tinh)) if du_bao else ""


@register.filter
def phan_tram_du_bao(ket_luan) -> str:
    """{{ kl|phan_tram_du_bao }} → "102–107 %"."""
    return hien_thi.phan_tram_du_bao(ket_luan) if ket_luan else ""


@register.filter
def ten_ket_luan(ket_luan: str | None) -> str:
    """"du_kien_dat" → "Dự kiến đạt"; none → "Chưa đánh giá"."""
    return hien_thi.TEN_KET_LUAN.get(ket_luan, "Chưa đánh giá")


@register.filter
def ky_hieu_ket_luan(ket_luan: str | None) -> str:
    """"du_kien_dat" → "✓", "chua_chac" → "?", "nguy_co" → "✗"; none → "–"."""
    return hien_thi.KY_HIEU_KET_LUAN.get(ket_luan, "–")


@register.filter
def ket_luan_theo_cot(du_bao, cac_nguon) -> list:
    """The forecast against each plan source of a table's columns, in their order (None
    where the row has no such source): {% for kl in dong.du_bao|ket_luan_theo_cot:cac_nguon %}."""
    return [du_bao.theo(ng.ma) if du_bao else None for ng in cac_nguon]


@register.filter
def cach_du_bao(du_bao) -> str:
    return hien_thi.cach_du_bao(du_bao) if du_bao else ""


@register.filter
def cach_tinh_du_bao(du_bao) -> list[str]:
    """{% for buoc in dong.du_bao|cach_tinh_du_bao %}: how a forecast was computed."""
    return hien_thi.cach_tinh(du_bao) if du_bao else []


@register.filter
def kiem_dinh_du_bao(du_bao) -> str:
    """{{ dong.du_bao|kiem_dinh_du_bao }} → "sai số các năm trước: 4,2 %; trong khoảng 8/10 lần"."""
    return hien_thi.kiem_dinh(du_bao) if du_bao else ""


@register.filter
def thoi_luong(khoang) -> str:
    """A timedelta in Vietnamese words: "15 phút", "1 giờ 30 phút" (never "PT15M")."""
    if not khoang:
        return ""
    phut = max(1, round(khoang.total_seconds() / 60))
    gio, phut = divmod(phut, 60)
    return " ".join(p for p in (f"{gio} giờ" if gio else "", f"{phut} phút" if phut else "") if p)
