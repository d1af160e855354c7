"""How a forecast reads (chitieu.hien_thi): ranges to 3 significant digits, % of plan that
never reads "100 %" for a range that misses it, the way it was made, the track record."""

from decimal import Decimal as D

from chitieu import hien_thi, tinh_toan
from chitieu.du_bao import DuBaoDong, KetLuanNguon
from chitieu.models import ChiTieu


def _dbd(du_bao: tinh_toan.DuBao, **ct) -> DuBaoDong:
    chi_tieu = ChiTieu(**({"ma": "CT01", "ten": "Tổng giá trị sản phẩm", "don_vi_tinh": "triệu đồng"} | ct))
    return DuBaoDong(chi_tieu=chi_tieu, nam=2023, so_thang=6, du_bao=du_bao, th=D(447142))


def test_a_range_reads_to_three_significant_digits_and_a_single_value_alone():
    khoang = tinh_toan.DuBao(cach=tinh_toan.MUA_VU_RIENG, gia_tri=D("890512"), thap=D("871234"), cao=D("909876"))
    assert hien_thi.khoang_du_bao(_dbd(khoang)) == "871.000\u00a0–\u00a0910.000"
    assert hien_thi.khoang_du_bao(_dbd(khoang), don_vi_tinh=True) == "871.000\u00a0–\u00a0910.000\u00a0triệu đồng"
    deu = tinh_toan.DuBao(cach=tinh_toan.DEU, gia_tri=D("894284"), thap=D("894284"), cao=D("894284"))
    assert hien_thi.khoang_du_bao(_dbd(deu)) == "894.000"
    assert hien_thi.khoang_du_bao(_dbd(tinh_toan.DuBao(cach=None, ly_do=tinh_toan.THIEU_TH))) == ""


def test_a_percentage_below_100_is_rounded_down_so_a_missed_plan_never_reads_100():
    def pt(thap, cao):
        return hien_thi.phan_tram_du_bao(KetLuanNguon(so=None, ket_luan=None, phan_tram_thap=D(thap),
                                                      phan_tram_cao=D(cao)))

    assert pt("97.51", "99.96") == "97,5–99,9\u00a0%"
    assert pt("100.04", "104.46") == "100–104,5\u00a0%"
    assert pt("80.77", "80.77") == "80,7\u00a0%"
    assert hien_thi.phan_tram_du_bao(KetLuanNguon(so=None, ket_luan=None)) == ""


def test_the_way_a_forecast_was_made_is_said_in_words():
    def cach(d, **ct):
        return hien_thi.cach_du_bao(_dbd(d, **ct))

    mv = tinh_toan.MuaVu(cach=tinh_toan.MUA_VU_RIENG, gia_tri=D("0.5"), thap=D("0.5"), cao=D("0.5"),
                         cac_mau=((2020, D("0.5")),) * 4)
    rieng = tinh_toan.DuBao(cach=tinh_toan.MUA_VU_RIENG, mua_vu=mv)
    assert cach(rieng) == "Theo tỷ trọng mùa vụ của 4 năm trước của đơn vị."
    assert "mức thay đổi thường thấy từ tháng 6" in cach(tinh_toan.DuBao(cach=tinh_toan.MUA_VU_RIENG, mua_vu=mv),
                                                          loai="thoi_diem")
    assert "ngoại suy đều (6/12)" in cach(tinh_toan.DuBao(cach=tinh_toan.DEU))
    assert "giữ nguyên mức hiện tại" in cach(tinh_toan.DuBao(cach=tinh_toan.GIU_NGUYEN), loai="thoi_diem")
    assert cach(tinh_toan.DuBao(cach=tinh_toan.CA_NAM)) == "Số liệu cả năm."
    assert "Chưa có số liệu" in cach(tinh_toan.DuBao(cach=None, ly_do=tinh_toan.THIEU_TH))
    assert "gần như chưa có kết quả" in cach(tinh_toan.DuBao(cach=None, ly_do=tinh_toan.TY_TRONG_KHONG_ON_DINH))
    assert cach(tinh_toan.DuBao(cach=None, ly_do=tinh_toan.KY_KHONG_HOP_LE)) == "Không dự báo được."


def test_the_track_record_reads_as_a_percentage_or_for_rates_in_points():
    rieng = [(2019, D(40), D(100)), (2020, D(42), D(100)), (2021, D(44), D(100)), (2022, D(42), D(100))]
    dbd = _dbd(tinh_toan.DuBao(cach=None))
    dbd.__dict__["kiem_dinh"] = tinh_toan.kiem_dinh(loai="luy_ke", la_ty_le=False, so_thang=6, rieng=rieng)
    # 2019–2021 by n/12 (20, 16, 12 % off), 2022 by its three years (exact); n/12 16 % off in 2022
    assert hien_thi.kiem_dinh(dbd) == "sai số các năm trước: 12\u00a0% (n/12: 16\u00a0%); trong khoảng 1/1 lần"
    ty_le = _dbd(tinh_toan.DuBao(cach=None), don_vi_tinh="%", loai="thoi_diem", so_le=2)
    ty_le.__dict__["kiem_dinh"] = tinh_toan.kiem_dinh(loai="thoi_diem", la_ty_le=True, so_thang=6, rieng=[
        (2019, D("12.5"), D("12")), (2020, D("12"), D("11.4")), (2021, D("11.4"), D("10.9")),
        (2022, D("10.9"), D("10.4"))])
    # off by 0,5, 0,6, 0,5 points unchanged, then 0,033 with the usual change (−0,533): in points
    assert hien_thi.kiem_dinh(ty_le) == ("sai số các năm trước: 0,408\u00a0điểm\u00a0% "
                                         "(giữ nguyên: 0,525\u00a0điểm\u00a0%); trong khoảng 1/1 lần")
    ty_le.__dict__["kiem_dinh"] = tinh_toan.KiemDinh()
    assert hien_thi.kiem_dinh(ty_le) == ""
