"""Every sentence of the narrative report, in one place.

The shape is the one district offices write by hand — section I.3 of An Lão's report
164/BC-UBND (6 tháng 2023):

    Tổng giá trị sản phẩm (giá so sánh) ước đạt: 447.142 triệu đồng, đạt 53,04 % so với
    KH tỉnh giao; đạt 52,69 % so với KH huyện giao. Trong đó:
    - Tổng giá trị sản phẩm ngành nông, lâm nghiệp và thủy sản: ước đạt: 184.510 triệu
      đồng, đạt 54,33 % so với KH tỉnh giao; đạt 54,18 % so với KH huyện giao.
    …
    Tổng thu ngân sách 32,454 tỷ đồng, đạt 77,59% so với KH tỉnh giao; đạt 32,91 % so
    với KH huyện giao. Trong đó, Thu tiền sử dụng đất ước đạt: 12,5 tỷ đồng, …

Figures come only from `chitieu.selectors` rows (computed by `chitieu.tinh_toan`) and
are written by `chitieu.dinh_dang.so_van_ban`, which drops trailing zeros as the seed
does ("52,8 %", "125 %", "12,5 tỷ đồng"). Nothing here computes a percentage or a status.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from chitieu import dinh_dang, hien_thi, tinh_toan
from chitieu.models import DonVi, KyBaoCao, thoi_gian
from chitieu.selectors import BangDonVi, DongChiTieu, SoKeHoach

CHAM = (tinh_toan.CHAM, tinh_toan.CHAM_NHIEU)


@dataclass
class DoanVan:
    """One paragraph of the report: `cap` 0 for an indicator, 1 for a "- " line below it."""

    van_ban: str
    cap: int = 0


@dataclass
class PhanLinhVuc:
    """The paragraphs of one lĩnh vực ("a) Kinh tế")."""

    tieu_de: str
    doan: list[DoanVan] = field(default_factory=list)


# -- numbers as the narrative writes them


def _so(x: Decimal | None, so_le: int) -> str:
    return dinh_dang.so_van_ban(x, so_le)


# A no-break space keeps "53,04 %" and "0,5 điểm %" on one line in print and in Word.
NBSP = "\u00a0"
DAU_TRU = "\u2212"


def _phan_tram(x: Decimal | None) -> str:
    return f"{dinh_dang.so_van_ban(x, 2)}{NBSP}%"


def _don_vi_tinh(dong: DongChiTieu) -> str:
    return dong.chi_tieu.don_vi_tinh.strip()


def _gia_tri(x: Decimal | None, dong: DongChiTieu) -> str:
    """"447.142 triệu đồng", "32,454 tỷ đồng", "12,62 %"."""
    dvt = _don_vi_tinh(dong)
    return f"{_so(x, dong.chi_tieu.so_le)}{NBSP if dvt == '%' else ' '}{dvt}".rstrip()


def _diem(dong: DongChiTieu) -> str:
    """The unit of a gap: "điểm %" for rates, the indicator's own unit otherwise."""
    return f"điểm{NBSP}%" if _don_vi_tinh(dong) == "%" else _don_vi_tinh(dong)


# -- the clauses of one indicator's sentence


def dong_tu(dong: DongChiTieu) -> str:
    """"ước đạt" for an estimate, "đạt" for a reported figure."""
    return "ước đạt" if dong.th.la_uoc else "đạt"


def ten_ke_hoach(so: SoKeHoach) -> str:
    """How a sentence names the plan it compares with: the source's words ("KH tỉnh
    giao"), or for a revised plan "KH điều chỉnh (KH tỉnh giao, theo Quyết định …)"."""
    if not so.kh.dieu_chinh:
        return so.nguon.ten
    theo = f", theo {so.kh.can_cu}" if so.kh.can_cu else f", hiệu lực từ {so.kh.hieu_luc_tu:%d/%m/%Y}"
    return f"KH điều chỉnh ({so.nguon.ten}{theo})"


def _muc_ke_hoach(dong: DongChiTieu, so: SoKeHoach) -> str:
    """The plan as a resolution writes it: "12,5 %", "≥ 10,27 %", "8,8–9,4 %"."""
    kh = so.kh
    if kh.kieu == tinh_toan.KHOANG:
        return f"{_so(kh.gia_tri, dong.chi_tieu.so_le)}{dinh_dang.GACH_KHOANG}{_gia_tri(kh.gia_tri_den, dong)}"
    ky_hieu = dinh_dang.KY_HIEU.get(kh.kieu)
    return f"{ky_hieu}{NBSP}{_gia_tri(kh.gia_tri, dong)}" if ky_hieu else _gia_tri(kh.gia_tri, dong)


def ve_ke_hoach(dong: DongChiTieu, so: SoKeHoach) -> str | None:
    """The clause comparing the figure with one plan source; None when that plan is
    missing (or 0), so only this clause is left out.

    Cumulative quantities: "đạt 53,04 % so với KH tỉnh giao". Rates, growth rates and
    decreasing indicators have no "% of plan" (DESIGN §3): "đạt KH tỉnh giao (55 %)" or
    "chưa đạt KH tỉnh giao (12,5 %)", met or not in the indicator's direction. A bound
    reads as resolutions write it (DESIGN §7): "đạt chỉ tiêu KH tỉnh giao (≥ 10,27 %)",
    "chưa đạt NQ HĐND xã giao: 3,1 % > 2,75 %", "trong khoảng KH tỉnh giao 8,8–9,4 %".
    A revised plan is named as such (`ten_ke_hoach`).
    """
    danh_gia = so.danh_gia
    if danh_gia.trang_thai == tinh_toan.THIEU_SO_LIEU:
        return None
    ten_kh, kieu = ten_ke_hoach(so), danh_gia.kieu
    dat = danh_gia.trang_thai == tinh_toan.DAT
    if not danh_gia.so_bang_chenh_lech:
        if danh_gia.phan_tram is None:
            return None
        cau = f"đạt {_phan_tram(danh_gia.phan_tram)} so với {ten_kh}"
        return cau if kieu == tinh_toan.BANG else f"{cau} ({_muc_ke_hoach(dong, so)})"
    if kieu == tinh_toan.KHOANG:
        vi_tri = {tinh_toan.TRONG_KHOANG: "trong khoảng", tinh_toan.VUOT_KHOANG: "vượt"}.get(danh_gia.khoang, "chưa đạt")
        if danh_gia.khoang == tinh_toan.TRONG_KHOANG:
            return f"trong khoảng {ten_kh} {_muc_ke_hoach(dong, so)}"
        return f"{vi_tri} {ten_kh} ({_muc_ke_hoach(dong, so)})"
    if kieu in (tinh_toan.TOI_THIEU, tinh_toan.TOI_DA):
        if dat:
            return f"đạt chỉ tiêu {ten_kh} ({_muc_ke_hoach(dong, so)})"
        dau = "<" if kieu == tinh_toan.TOI_THIEU else ">"
        return f"chưa đạt {ten_kh}: {_gia_tri(dong.th.gia_tri, dong)} {dau} {_gia_tri(so.kh.gia_tri, dong)}"
    return f"{'đạt' if dat else 'chưa đạt'} {ten_kh} ({_gia_tri(so.kh.gia_tri, dong)})"


def ve_cung_ky(dong: DongChiTieu) -> str | None:
    """"tăng 3,83 % so với cùng kỳ" / "giảm 41,23 % so với cùng kỳ"; rates by their
    change in points: "giảm 0,5 điểm % so với cùng kỳ". None without last year's figure."""
    ck = dong.so_cung_ky
    if ck.bang_chenh_lech:
        muc = ck.chenh_lech
        if muc is None:
            return None
        so = f"{_so(abs(muc), dong.chi_tieu.so_le)} {_diem(dong)}"
    else:
        muc = ck.tang
        if muc is None:
            return None
        so = _phan_tram(abs(muc))
    if muc.is_zero():
        return "bằng cùng kỳ"
    return f"{'tăng' if muc > 0 else 'giảm'} {so} so với cùng kỳ"


def cau_chi_tieu(dong: DongChiTieu, *, dau_dong: str = "") -> str | None:
    """The sentence of one indicator, or None when it has no figure for the period.

    "<Tên> ước đạt: <TH> <ĐVT>, đạt <p> % so với KH tỉnh giao; đạt <q> % so với KH
    huyện giao, tăng <g> % so với cùng kỳ." — one clause per plan source of the unit's
    set, in its order, in the source's own words. A line under a parent
    (`dau_dong="- "`) reads "- <Tên>: ước đạt: …" as in the seed.
    """
    if dong.th.gia_tri is None:
        return None
    ten = dong.chi_tieu.ten
    dau = f"{dau_dong}{ten}: {dong_tu(dong)}" if dau_dong else f"{ten} {dong_tu(dong)}"
    cau = f"{dau}: {_gia_tri(dong.th.gia_tri, dong)}"
    ke_hoach = [menh_de for so in dong.ke_hoach if (menh_de := ve_ke_hoach(dong, so))]
    if ke_hoach:
        cau += ", " + "; ".join(ke_hoach)
    cung_ky = ve_cung_ky(dong)
    if cung_ky:
        cau += ", " + cung_ky
    if dong.ghi_chu_dia_gioi:
        cau += ve_dia_gioi(dong, co_cung_ky=bool(cung_ky))
    return cau + "."


def ve_dia_gioi(dong: DongChiTieu, *, co_cung_ky: bool) -> str:
    """What a sentence adds when its comparison crosses a reform (`chitieu.ke_thua`):
    where the same period's figure came from, in brackets after the comparison ("tăng
    3,45 % so với cùng kỳ (cùng kỳ tính theo địa giới mới, từ: Huyện Tuy Phước (25 %))");
    without a comparison, the reason as a clause of its own (", không có số liệu so
    sánh được") — never a comparison made up from a district's rate."""
    ghi_chu = dong.ghi_chu_dia_gioi.replace(" %", f"{NBSP}%")
    return f" ({ghi_chu})" if co_cung_ky or dong.th_tinh_tu_goc else f", {ghi_chu}"


# -- paragraphs


def doan_chi_tieu(dong: DongChiTieu, cac_con: list[DongChiTieu]) -> list[DoanVan]:
    """The paragraphs of a top-level indicator and its sub-indicators.

    When the sub-indicators are its full breakdown (CT01 = its three sectors), the
    paragraph ends "Trong đó:" and each sector is a "- " line; when they are only part
    of it (CT03.1 within CT03) they follow in the same paragraph: "Trong đó, …".
    A sub-indicator with a figure is reported even when its parent has none.
    """
    cau = cau_chi_tieu(dong)
    co_so = [c for c in cac_con if c.th.gia_tri is not None]
    if dong.chi_tieu.tong_cac_con:
        if not cau:  # no figure for the total: its sectors stand as sentences of their own
            return [DoanVan(cau_chi_tieu(c)) for c in co_so]
        return [DoanVan(f"{cau} Trong đó:" if co_so else cau)] + [
            DoanVan(cau_chi_tieu(c, dau_dong="- "), cap=1) for c in co_so]
    cac_cau = [cau] if cau else []
    for i, con in enumerate(co_so):
        cau_con = cau_chi_tieu(con)
        cac_cau.append(f"Trong đó, {cau_con}" if i == 0 and cau else cau_con)
    return [DoanVan(" ".join(cac_cau))] if cac_cau else []


def cac_phan(bang: BangDonVi) -> list[PhanLinhVuc]:
    """The paragraphs of every indicator with a figure, grouped by lĩnh vực ("a) Kinh tế")."""
    ket_qua: list[PhanLinhVuc] = []
    for linh_vuc, cac_dong in bang.theo_linh_vuc():
        doan: list[DoanVan] = []
        for i, dong in enumerate(cac_dong):
            if dong.cap != 0:
                continue
            cac_con = []
            for sau in cac_dong[i + 1:]:
                if sau.cap == 0:
                    break
                if sau.cap == 1:
                    cac_con.append(sau)
            doan += doan_chi_tieu(dong, cac_con)
        if doan:
            ket_qua.append(PhanLinhVuc(f"{chr(ord('a') + len(ket_qua))}) {linh_vuc}", doan))
    return ket_qua


def tong_ket(bang: BangDonVi) -> str:
    """"Có X/19 chỉ tiêu đạt hoặc vượt tiến độ; Y chỉ tiêu chậm tiến độ: …", naming
    them (the top-level indicators of the unit's set; the status is the selectors',
    against the set's status-driving source or, where it set none, the next one)."""
    chinh = [d for d in bang.dong if d.cap == 0]
    dat = sum(1 for d in chinh if d.trang_thai == tinh_toan.DAT)
    cham = [d for d in chinh if d.trang_thai in CHAM]
    cau = f"Có {dat}/{len(chinh)} chỉ tiêu đạt hoặc vượt tiến độ; "
    if cham:
        ten = "; ".join(d.chi_tieu.ten + (" (chậm nhiều)" if d.trang_thai == tinh_toan.CHAM_NHIEU else "")
                        for d in cham)
        cau += f"{len(cham)} chỉ tiêu chậm tiến độ: {ten}."
    else:
        cau += "không có chỉ tiêu nào chậm tiến độ."
    thieu = sum(1 for d in chinh if d.trang_thai == tinh_toan.THIEU_SO_LIEU)
    if thieu:
        cau += f" {thieu} chỉ tiêu chưa có số liệu hoặc kế hoạch để đánh giá."
    return cau


# -- headings of the document


def muc_chi_tieu(ky: KyBaoCao) -> str:
    """The heading of the narrative, as section I.3 of the seed names it."""
    return f"Kết quả thực hiện chỉ tiêu KT-XH {ky.ten_trong_cau}:"


def kinh_gui(don_vi: DonVi) -> str:
    """"Kính gửi: UBND tỉnh Bình Định" — the unit above, as the seed addresses it; none for the top."""
    return f"Kính gửi: {co_quan(don_vi.cha)}" if don_vi.cha_id else ""


def loi_mo_dau(don_vi: DonVi, ky: KyBaoCao) -> str:
    return (f"{co_quan(don_vi)} báo cáo kết quả thực hiện các chỉ tiêu kinh tế - xã hội "
            f"{ky.ten_trong_cau} như sau:")


def co_quan(don_vi: DonVi) -> str:
    """"UBND huyện An Lão", "UBND tỉnh Bình Định"."""
    return f"UBND {don_vi.ten[:1].lower()}{don_vi.ten[1:]}"


def ten_tieu_de(ky: KyBaoCao) -> str:
    """"Kết quả thực hiện các chỉ tiêu kinh tế - xã hội 6 tháng đầu năm 2023"."""
    return f"Kết quả thực hiện các chỉ tiêu kinh tế - xã hội {ky.ten_trong_cau}"


def ten_nguon_chinh(cac_dong: list[DongChiTieu]) -> str:
    """The words of the plan source the rows' status is measured against (the sources
    of several sets joined), e.g. "KH tỉnh giao"."""
    ten = list(dict.fromkeys(d.chinh.nguon.ten for d in cac_dong if d.chinh is not None))
    return " / ".join(ten) or "kế hoạch"


def don_vi_cham(ten_chi_tieu: str, cac_don_vi: list[tuple[DonVi, DongChiTieu]]) -> str:
    """For the province report, the units behind schedule on one indicator:
    "<Tên>: 2 đơn vị chậm tiến độ (đạt % KH tỉnh giao): Vân Canh 41,2 %; An Lão 30 %
    (chậm nhiều)." — or, for rates and decreasing indicators, their gap in points —
    against the plan source each status comes from."""
    theo_chenh_lech = any(d.so_bang_chenh_lech for _, d in cac_don_vi)
    cac_muc = []
    for dv, dong in cac_don_vi:
        ct, danh_gia = dong.chi_tieu, dong.chinh.danh_gia
        if theo_chenh_lech:
            so = dinh_dang.chenh_lech(danh_gia.chenh_lech, ct.so_le, ct.don_vi_tinh, khong_co="")
        else:
            so = "" if danh_gia.phan_tram is None else _phan_tram(danh_gia.phan_tram)
        # A true minus sign: a line never breaks between the sign and its number.
        so = so.replace("-", DAU_TRU).replace(" ", NBSP)
        muc = f"{dv.ten_ngan} {so}".rstrip()
        if dong.trang_thai == tinh_toan.CHAM_NHIEU:
            muc += " (chậm nhiều)"
        cac_muc.append(muc)
    ten_kh = ten_nguon_chinh([d for _, d in cac_don_vi])
    cach_so = f"chênh lệch so với {ten_kh}" if theo_chenh_lech else f"đạt % {ten_kh}"
    return f"{ten_chi_tieu}: {len(cac_don_vi)} đơn vị chậm tiến độ ({cach_so}): {'; '.join(cac_muc)}."


KHONG_CO_SO_LIEU = "Chưa có số liệu thực hiện nào trong kỳ này."
MUC_DON_VI_CHAM = "Các đơn vị chậm tiến độ theo từng chỉ tiêu:"
KHONG_CO_DON_VI_CHAM = "Không có đơn vị nào chậm tiến độ."


def ket_thuc(don_vi: DonVi, ky: KyBaoCao) -> str:
    return (f"Trên đây là báo cáo kết quả thực hiện các chỉ tiêu kinh tế - xã hội {ky.ten_trong_cau} "
            f"của {co_quan(don_vi)}./.")


def tieu_de_phu_luc(don_vi: DonVi, ky: KyBaoCao) -> str:
    return f"Kết quả thực hiện các chỉ tiêu KT-XH {ky.ten_trong_cau} – {don_vi.ten}"


def tieu_de_so_sanh(ky: KyBaoCao, ten_kh: str) -> str:
    return f"So sánh các đơn vị: đạt % {ten_kh}, {ky.ten_trong_cau}"


# -- the year-end forecast ---------------------------------------------------------------


def muc_du_bao(ky: KyBaoCao) -> str:
    return (f"Dự báo khả năng hoàn thành kế hoạch năm {ky.nam} (ước tính tự động từ số liệu {thoi_gian(ky.so_thang)} "
            "theo mùa vụ các năm trước, không phải số ước của đơn vị):")


def _ve_ke_hoach_du_bao(dong: DongChiTieu, kl) -> str | None:
    """"đạt 102–107 % KH tỉnh giao (dự kiến đạt)", or for a row compared by its gap
    "nguy cơ không đạt KH tỉnh giao (12,5 %)"; None without a verdict."""
    if kl.ket_luan is None:
        return None
    ten = hien_thi.TEN_KET_LUAN[kl.ket_luan].lower()
    pt = hien_thi.phan_tram_du_bao(kl)
    if pt:
        return f"đạt {pt} {ten_ke_hoach(kl.so)} ({ten})"
    ten = {tinh_toan.CHUA_CHAC: "chưa chắc đạt"}.get(kl.ket_luan, ten)
    return f"{ten} {ten_ke_hoach(kl.so)} ({_muc_ke_hoach(dong, kl.so)})"


def cau_du_bao(dong: DongChiTieu) -> str | None:
    """The forecast sentence of one indicator, as the issue of the year-end forecast
    words it: "Tổng giá trị sản phẩm: dự báo cả năm 870.000 – 910.000 triệu đồng, đạt
    102–107 % KH tỉnh giao (dự kiến đạt); … sai số các năm trước: 4,2 %; trong khoảng
    8/10 lần." None when the row has no forecast."""
    db = dong.du_bao
    if db is None or db.du_bao.gia_tri is None:
        return None
    cach = {tinh_toan.DEU: " (chưa đủ số liệu các năm trước: ngoại suy đều)",
            tinh_toan.GIU_NGUYEN: " (chưa đủ số liệu các năm trước: giữ nguyên mức hiện tại)"}.get(db.du_bao.cach, "")
    cau = f"{dong.chi_tieu.ten}: dự báo cả năm {hien_thi.khoang_du_bao(db, don_vi_tinh=True)}{cach}"
    ke_hoach = [m for kl in db.theo_nguon if (m := _ve_ke_hoach_du_bao(dong, kl))]
    if ke_hoach:
        cau += ", " + "; ".join(ke_hoach)
    kiem_dinh = hien_thi.kiem_dinh(db)
    return cau + (f"; {kiem_dinh}." if kiem_dinh else ".")


def cac_cau_du_bao(bang: BangDonVi) -> list[str]:
    """The forecast sentences of the top-level indicators that have one."""
    return [cau for dong in bang.dong if dong.cap == 0 and (cau := cau_du_bao(dong))]
