"""How one row's comparisons read on screen — one place for the table pages, the entry
grid and its live preview (which sends these same strings to the browser)."""

from decimal import ROUND_DOWN, Decimal

from . import dinh_dang, tinh_toan
from .du_bao import DuBaoDong, KetLuanNguon
from .models import ChiTieu, thoi_gian
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


# -- the year-end forecast -----------------------------------------------------------------

TEN_KET_LUAN = {
    tinh_toan.DU_KIEN_DAT: "Dự kiến đạt",
    tinh_toan.CHUA_CHAC: "Chưa chắc",
    tinh_toan.NGUY_CO: "Nguy cơ không đạt",
}
KY_HIEU_KET_LUAN = {tinh_toan.DU_KIEN_DAT: "✓", tinh_toan.CHUA_CHAC: "?", tinh_toan.NGUY_CO: "✗"}
_GACH = "\u00a0–\u00a0"  # "870.000 – 910.000": a range of forecast values never breaks at the dash


def _don_vi_tinh(ct) -> str:
    return ct.don_vi_tinh.strip()


def _voi_don_vi(chu: str, ct) -> str:
    return f"{chu}\u00a0{_don_vi_tinh(ct)}".rstrip()


def khoang_du_bao(db: DuBaoDong, don_vi_tinh: bool = False) -> str:
    """The forecast as a table shows it, to 3 significant digits: a range "870.000 –
    910.000", or one value where no spread was measured (n/12, a level carried
    forward); "" without a forecast."""
    d, so_le = db.du_bao, db.chi_tieu.so_le
    if d.gia_tri is None:
        return ""
    thap, cao = dinh_dang.so_uoc(d.thap, so_le), dinh_dang.so_uoc(d.cao, so_le)
    chu = f"{thap}{_GACH}{cao}" if d.co_khoang and thap != cao else dinh_dang.so_uoc(d.gia_tri, so_le)
    return _voi_don_vi(chu, db.chi_tieu) if don_vi_tinh else chu


def _pt_du_bao(x: Decimal) -> str:
    """A % of plan to 1 decimal; below 100 rounded down, so that a range that misses the
    plan never reads "… 100 %"."""
    if x < 100:
        x = x.quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return dinh_dang.so_van_ban(x, 1)


def phan_tram_du_bao(kl: KetLuanNguon) -> str:
    """The forecast range as % of one plan: "102–107 %", "96,5 %" (one value); "" for a
    row compared by its gap or without the plan."""
    if kl.phan_tram_thap is None or kl.phan_tram_cao is None:
        return ""
    thap, cao = _pt_du_bao(kl.phan_tram_thap), _pt_du_bao(kl.phan_tram_cao)
    return f"{thap}\u00a0%" if thap == cao else f"{thap}–{cao}\u00a0%"


def cach_du_bao(db: DuBaoDong) -> str:
    """How the forecast was made, in a few words (or why there is none)."""
    d = db.du_bao
    if d.cach is None:
        return {
            tinh_toan.THIEU_TH: "Chưa có số liệu kỳ này để dự báo.",
            tinh_toan.TY_TRONG_KHONG_ON_DINH: f"Không dự báo: các năm trước, đến hết tháng {db.so_thang} "
                                              "gần như chưa có kết quả, nên không suy ra được cả năm.",
        }.get(d.ly_do, "Không dự báo được.")
    k = len(d.mua_vu.cac_mau) if d.mua_vu else 0
    theo = "tỷ trọng mùa vụ" if tinh_toan.la_luy_ke(db.chi_tieu.loai, db.chi_tieu.la_ty_le) else (
        f"mức thay đổi thường thấy từ tháng {db.so_thang} đến cuối năm")
    return {
        tinh_toan.MUA_VU_RIENG: f"Theo {theo} của {k} năm trước của đơn vị.",
        tinh_toan.MUA_VU_CUNG_CAP: f"Đơn vị chưa đủ {tinh_toan.SO_NAM_TOI_THIEU} năm số liệu: theo {theo} của các "
                                   f"đơn vị cùng cấp ({k} lượt đơn vị – năm).",
        tinh_toan.DEU: f"Chưa đủ số liệu các năm trước: ngoại suy đều ({db.so_thang}/12), chưa ước được khoảng.",
        tinh_toan.GIU_NGUYEN: "Chưa đủ số liệu các năm trước: giữ nguyên mức hiện tại đến cuối năm, chưa ước được "
                              "khoảng.",
        tinh_toan.CA_NAM: "Số liệu cả năm.",
    }[d.cach]


def _ty_trong(x: Decimal, y: Decimal | None = None) -> str:
    """A share as a percentage, "47,7 %", or a range of shares, "47,7–48,3 %"."""
    chu = dinh_dang.so_van_ban(x * 100, 1)
    return f"{chu}\u00a0%" if y is None else f"{chu}–{dinh_dang.so_van_ban(y * 100, 1)}\u00a0%"


def _don_vi_sai_so(ct) -> str:
    return "điểm\u00a0%" if _don_vi_tinh(ct) == "%" else _don_vi_tinh(ct)


def _so_co_dau(x: Decimal, ct, dau: bool = True, don_vi: bool = True) -> str:
    """A change or an error in the indicator's unit, one decimal more than its figures,
    trailing zeros dropped: "+0,45 điểm %", "1,79 điểm %"."""
    chu = dinh_dang.so_van_ban(abs(x), ct.so_le + 1)
    ky_hieu = ("+" if x > 0 else "−" if x < 0 else "") if dau else ""
    return f"{ky_hieu}{chu}\u00a0{_don_vi_sai_so(ct)}".rstrip() if don_vi else f"{ky_hieu}{chu}"


def _bien_dong(ct, x: Decimal, y: Decimal | None = None) -> str:
    """A change of a level with its sign and unit, "+0,4 điểm %", or a range of changes."""
    if y is None:
        return _so_co_dau(x, ct)
    return f"{_so_co_dau(x, ct, don_vi=False)} đến {_so_co_dau(y, ct)}"


def cach_tinh(db: DuBaoDong) -> list[str]:
    """How the forecast was computed, step by step, for the "Cách tính" details: the
    figure it starts from, the seasonal factor of this month in the years used (each
    year of the unit, or per year for the units under the same parent — never another
    unit's figures), the computation, and each backtested year."""
    d, ct, n = db.du_bao, db.chi_tieu, db.so_thang
    dong = [cach_du_bao(db)]
    if d.gia_tri is None:
        return dong
    luy_ke = tinh_toan.la_luy_ke(ct.loai, ct.la_ty_le)
    th_chu = _voi_don_vi(dinh_dang.so(db.th, ct.so_le), ct)
    ket_qua = _voi_don_vi(dinh_dang.so_uoc(d.gia_tri, ct.so_le), ct)
    mv = d.mua_vu
    if mv is not None and mv.co_lich_su:
        viet = (lambda x, y=None: _ty_trong(x, y)) if luy_ke else (lambda x, y=None: _bien_dong(ct, x, y))
        ten = f"Tỷ trọng {thoi_gian(n)} trong cả năm" if luy_ke else f"Thay đổi từ tháng {n} đến cuối năm"
        if db.doc_giua_quy:
            truoc, sau = tinh_toan.quy_ke_ben(n)
            dong.append(f"Năm chưa có số liệu {thoi_gian(n)} (báo cáo theo quý): đọc trên đường thẳng giữa số liệu "
                        + (f"{truoc} tháng" if truoc else "đầu năm (0)") + f" và {sau} tháng của năm đó.")
        if mv.cach == tinh_toan.MUA_VU_RIENG:
            dong.append(f"{ten}: " + "; ".join(f"{nam}: {viet(x)}" for nam, x in mv.cac_mau) + ".")
        else:
            theo_nam: dict[int, list[Decimal]] = {}
            for nam, x in mv.cac_mau:
                theo_nam.setdefault(nam, []).append(x)
            dong.append(f"{ten} của các đơn vị cùng cấp: " + "; ".join(
                f"{nam}: {len(cac)} đơn vị, {viet(min(cac), max(cac))}" for nam, cac in sorted(theo_nam.items())) + ".")
        dong.append(f"Trung bình {viet(mv.gia_tri)}; khoảng {viet(mv.thap, mv.cao)} (khoảng dự báo 80 %, không hẹp "
                    "hơn năm thấp nhất và cao nhất).")
        if luy_ke:
            dong.append(f"Dự báo cả năm = {th_chu} ÷ {_ty_trong(mv.gia_tri)} ≈ {ket_qua}; khoảng {th_chu} ÷ "
                        f"{_ty_trong(mv.cao)} đến {th_chu} ÷ {_ty_trong(mv.thap)}.")
        else:
            dong.append(f"Dự báo cả năm = {th_chu} {_bien_dong(ct, mv.gia_tri)} ≈ {ket_qua}.")
    elif luy_ke:
        dong.append(f"Dự báo cả năm = {th_chu} × 12 ÷ {n} ≈ {ket_qua}.")
    for lan in db.kiem_dinh.cac_lan:
        dong.append(f"Kiểm chứng năm {lan.nam}: dự báo từ {thoi_gian(n)} "
                    f"{_voi_don_vi(dinh_dang.so_uoc(lan.du_bao.gia_tri, ct.so_le), ct)}, thực tế cả năm "
                    f"{_voi_don_vi(dinh_dang.so(lan.thuc_te, ct.so_le), ct)}"
                    + (" (trong khoảng)." if lan.du_bao.co_khoang and lan.trong_khoang
                       else " (ngoài khoảng)." if lan.du_bao.co_khoang else "."))
    return dong


def kiem_dinh(db: DuBaoDong) -> str:
    """The track record beside a forecast: "sai số các năm trước: 4,2 % (n/12: 18,5 %);
    trong khoảng 8/10 lần" — for rates and growth rates the mean error in points, beside
    the value left unchanged — or "" when no earlier year could be checked. The simple
    rule is shown only when some year's forecast used a season."""
    kd, ct = db.kiem_dinh, db.chi_tieu
    if not kd.so_lan:
        return ""
    ten_don_gian = "n/12" if tinh_toan.la_luy_ke(ct.loai, ct.la_ty_le) else "giữ nguyên"
    if _don_vi_tinh(ct) == "%" or kd.mape is None:
        sai_so = _so_co_dau(kd.sai_so_tuyet_doi, ct, dau=False)
        don_gian = _so_co_dau(kd.sai_so_tuyet_doi_don_gian, ct, dau=False)
    else:
        sai_so = f"{dinh_dang.so_van_ban(kd.mape, 1)}\u00a0%"
        don_gian = f"{dinh_dang.so_van_ban(kd.mape_don_gian, 1)}\u00a0%"
    cau = f"sai số các năm trước: {sai_so}"
    if kd.so_lan_co_khoang:
        cau += f" ({ten_don_gian}: {don_gian}); trong khoảng {kd.so_lan_trong_khoang}/{kd.so_lan_co_khoang} lần"
    return cau
