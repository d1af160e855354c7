"""The sentences of the narrative report, pattern by pattern."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from baocao import van_ban
from chitieu import selectors
from chitieu.models import DonVi, KyBaoCao
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien


def _chuan(van_ban_: str) -> str:
    """Whitespace normalised (the narrative keeps "53,04 %" together with a no-break space)."""
    return re.sub(r"\s+", " ", van_ban_).strip()


def _cau(dm, chi_tieu, don_vi=None, ky=None) -> str | None:
    bang = selectors.bang_don_vi(don_vi or dm.an_lao, ky or dm.ky_2023_6t)
    dong = next(d for d in bang.dong if d.chi_tieu.id == chi_tieu.id)
    cau = van_ban.cau_chi_tieu(dong)
    return None if cau is None else _chuan(cau)


def _doan(bang) -> list[str]:
    return [_chuan(d.van_ban) for phan in van_ban.cac_phan(bang) for d in phan.doan]


def test_an_estimate_with_both_plans_reads_like_the_seed(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    assert _cau(danh_muc, danh_muc.ct01) == (
        "Tổng giá trị sản phẩm (giá so sánh 2010) ước đạt: 447.142 triệu đồng, đạt 53,04 % so với KH tỉnh giao; "
        "đạt 52,69 % so với KH huyện giao.")


def test_a_reported_figure_says_dat_and_trailing_zeros_are_dropped(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    assert _cau(danh_muc, danh_muc.ct03) == (
        "Tổng thu ngân sách nhà nước trên địa bàn đạt: 32,454 tỷ đồng, đạt 77,59 % so với KH tỉnh giao; "
        "đạt 32,91 % so với KH huyện giao.")


def test_sectors_are_dash_lines_after_trong_do_and_a_part_follows_in_the_same_paragraph(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    doan = _doan(selectors.bang_don_vi(danh_muc.an_lao, danh_muc.ky_2023_6t))
    assert doan[0].endswith("đạt 52,69 % so với KH huyện giao. Trong đó:")
    assert doan[1] == ("- Nông, lâm nghiệp và thủy sản: ước đạt: 184.510 triệu đồng, đạt 54,33 % so với KH tỉnh "
                       "giao; đạt 54,18 % so với KH huyện giao.")
    assert doan[3].startswith("- Dịch vụ: ước đạt: 121.628 triệu đồng, đạt 52,8 % so với KH tỉnh giao;")
    assert doan[4] == (
        "Tổng thu ngân sách nhà nước trên địa bàn đạt: 32,454 tỷ đồng, đạt 77,59 % so với KH tỉnh giao; "
        "đạt 32,91 % so với KH huyện giao. Trong đó, Thu tiền sử dụng đất ước đạt: 12,5 tỷ đồng, "
        "đạt 125 % so với KH tỉnh giao; đạt 19,23 % so với KH huyện giao.")


@pytest.fixture
def du_lieu_demo(db):
    with override_settings(DEBUG=True), open("/dev/null", "w") as im_lang:
        call_command("nap_du_lieu_demo", verbosity=0, stdout=im_lang)


def test_the_growth_clause_of_tuy_phuoc_reproduces_the_huyen_uy_conclusion(du_lieu_demo):
    # Seed 000 (Kết luận of the Tuy Phước Huyện ủy): "Giá trị sản phẩm nông, lâm, thủy sản
    # tăng 3,83% so với cùng kỳ", industry 3,31 %, services 9,61 %; the budget fell.
    bang = selectors.bang_don_vi(DonVi.objects.get(ma="tuy-phuoc"), KyBaoCao.objects.get(nam=2023, so_thang=6))
    cau = {d.chi_tieu.ma: _chuan(van_ban.cau_chi_tieu(d)) for d in bang.dong if d.th.gia_tri is not None}
    assert cau["CT01.1"].startswith("Nông, lâm nghiệp và thủy sản ước đạt: 1.362.430 triệu đồng, đạt ")
    assert cau["CT01.1"].endswith("so với KH huyện giao, tăng 3,83 % so với cùng kỳ.")
    assert cau["CT01.2"].endswith(", tăng 3,31 % so với cùng kỳ.")
    assert cau["CT01.3"].endswith(", tăng 9,61 % so với cùng kỳ.")
    assert re.search(r"^Tổng thu ngân sách nhà nước trên địa bàn ước đạt: [\d.,]+ tỷ đồng, đạt 41,31 % so với KH "
                     r"tỉnh giao; .*, giảm 41,23 % so với cùng kỳ\.$", cau["CT03"]), cau["CT03"]


def test_a_fall_against_the_same_period_says_giam(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2022_6t, "200")
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "150", la_uoc=True)
    dat_ke_hoach(dm.an_lao, dm.ct01_1, 2023, tinh="400")
    assert _cau(dm, dm.ct01_1) == ("Nông, lâm nghiệp và thủy sản ước đạt: 150 triệu đồng, đạt 37,5 % so với KH tỉnh "
                                   "giao, giảm 25 % so với cùng kỳ.")


def test_a_decreasing_indicator_says_dat_or_chua_dat_kh_and_its_change_in_points(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct08, 2023, tinh="12.8", huyen="12")
    dat_thuc_hien(dm.an_lao, dm.ct08, dm.ky_2022_6t, "13.12")
    dat_thuc_hien(dm.an_lao, dm.ct08, dm.ky_2023_6t, "12.62", la_uoc=True)
    assert _cau(dm, dm.ct08) == ("Tỷ lệ hộ nghèo (chuẩn đa chiều) ước đạt: 12,62 %, đạt KH tỉnh giao (12,8 %); "
                                 "chưa đạt KH huyện giao (12 %), giảm 0,5 điểm % so với cùng kỳ.")
    assert "so với KH tỉnh giao" not in _cau(dm, dm.ct08)  # never a "% of plan" for a decreasing indicator


def test_a_rate_gains_points_and_a_growth_rate_is_met_or_not(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct16, 2023, tinh="55")
    dat_thuc_hien(dm.an_lao, dm.ct16, dm.ky_2022_6t, "54.6")
    dat_thuc_hien(dm.an_lao, dm.ct16, dm.ky_2023_6t, "55.2")
    assert _cau(dm, dm.ct16) == ("Tỷ lệ che phủ rừng đạt: 55,2 %, đạt KH tỉnh giao (55 %), "
                                 "tăng 0,6 điểm % so với cùng kỳ.")
    dat_ke_hoach(dm.an_lao, dm.ct02, 2023, tinh="7.5")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "100")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "105.2", la_uoc=True)
    assert _cau(dm, dm.ct02) == ("Tốc độ tăng trưởng tổng giá trị sản phẩm ước đạt: 5,2 %, "
                                 "chưa đạt KH tỉnh giao (7,5 %).")


def test_a_missing_plan_leaves_out_only_its_clause(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2022_6t, "30")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "32.454")
    dat_ke_hoach(dm.an_lao, dm.ct03, 2023, huyen="98.6")
    assert _cau(dm, dm.ct03) == ("Tổng thu ngân sách nhà nước trên địa bàn đạt: 32,454 tỷ đồng, đạt 32,91 % so với KH "
                                 "huyện giao, tăng 8,18 % so với cùng kỳ.")
    dat_ke_hoach(dm.an_lao, dm.ct03, 2023, tinh="0")  # a zero plan is no plan: no "0 %", no division
    assert "KH tỉnh giao" not in _cau(dm, dm.ct03)


def test_an_actual_only_estimate_is_just_its_figure(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct05, dm.ky_2023_6t, "38.6", la_uoc=True)
    assert _cau(dm, dm.ct05) == "Thu nhập bình quân đầu người ước đạt: 38,6 triệu đồng/người/năm."


def test_sectors_of_a_total_without_a_figure_stand_on_their_own(danh_muc):
    dm = danh_muc
    dat_thuc_hien(dm.an_lao, dm.ct01_2, dm.ky_2023_6t, "141004", la_uoc=True)
    assert _doan(selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t)) == [
        "Công nghiệp – xây dựng ước đạt: 141.004 triệu đồng."]


def test_an_indicator_without_a_figure_has_no_sentence(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct05, 2023, tinh="40")
    assert _cau(dm, dm.ct05) is None
    assert _doan(selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t)) == []


def test_the_closing_summary_counts_on_schedule_and_names_the_ones_behind(danh_muc):
    dm = danh_muc
    factories.so_lieu_an_lao_2023(dm)  # CT01 and CT03 ahead of 6/12 of their plans
    dat_ke_hoach(dm.an_lao, dm.ct08, 2023, tinh="12.5")
    dat_thuc_hien(dm.an_lao, dm.ct08, dm.ky_2023_6t, "12.62")  # within 15 % of the plan: behind
    dat_ke_hoach(dm.an_lao, dm.ct16, 2023, tinh="60")
    dat_thuc_hien(dm.an_lao, dm.ct16, dm.ky_2023_6t, "40")  # far behind
    tong_ket = _chuan(van_ban.tong_ket(selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t)))
    # Top-level indicators of this catalog: CT01, CT02, CT03, CT05, CT08, CT16.
    assert tong_ket == ("Có 2/6 chỉ tiêu đạt hoặc vượt tiến độ; 2 chỉ tiêu chậm tiến độ: Tỷ lệ hộ nghèo (chuẩn đa "
                        "chiều); Tỷ lệ che phủ rừng (chậm nhiều). "
                        "2 chỉ tiêu chưa có số liệu hoặc kế hoạch để đánh giá.")


def test_the_closing_summary_of_the_demo_counts_nineteen_indicators(du_lieu_demo):
    bang = selectors.bang_don_vi(DonVi.objects.get(ma="an-lao"), KyBaoCao.objects.get(nam=2023, so_thang=6))
    assert re.match(r"^Có \d+/19 chỉ tiêu đạt hoặc vượt tiến độ; \d+ chỉ tiêu chậm tiến độ: ", van_ban.tong_ket(bang))


def test_nothing_behind_says_so(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    tong_ket = van_ban.tong_ket(selectors.bang_don_vi(danh_muc.an_lao, danh_muc.ky_2023_6t))
    assert tong_ket.startswith("Có 2/6 chỉ tiêu đạt hoặc vượt tiến độ; không có chỉ tiêu nào chậm tiến độ.")


def test_units_behind_on_one_indicator_are_named_with_their_percentage(danh_muc):
    dm = danh_muc
    for dv, th in ((dm.an_lao, "30"), (dm.tuy_phuoc, "45")):
        dat_ke_hoach(dv, dm.ct01, 2023, tinh="100")
        dat_thuc_hien(dv, dm.ct01, dm.ky_2023_6t, th)
    bang = selectors.bang_chi_tieu(dm.ky_2023_6t, [dm.an_lao, dm.tuy_phuoc])
    dong = [(dv, next(d for d in bang[dv.id].dong if d.chi_tieu.id == dm.ct01.id)) for dv in (dm.an_lao, dm.tuy_phuoc)]
    assert _chuan(van_ban.don_vi_cham(dm.ct01.ten, dong)) == (
        "Tổng giá trị sản phẩm (giá so sánh 2010): 2 đơn vị chậm tiến độ (đạt % KH tỉnh giao): An Lão 30 % "
        "(chậm nhiều); Tuy Phước 45 %.")


def test_units_behind_on_a_rate_are_named_with_their_gap_in_points(danh_muc):
    dm = danh_muc
    for dv, th in ((dm.an_lao, "12.9"), (dm.tuy_phuoc, "12.1")):
        dat_ke_hoach(dv, dm.ct08, 2023, tinh="12.5")
        dat_thuc_hien(dv, dm.ct08, dm.ky_2023_6t, th)
    bang = selectors.bang_chi_tieu(dm.ky_2023_6t, [dm.an_lao, dm.tuy_phuoc])
    dong = next(d for d in bang[dm.an_lao.id].dong if d.chi_tieu.id == dm.ct08.id)
    assert _chuan(van_ban.don_vi_cham(dm.ct08.ten, [(dm.an_lao, dong)])) == (
        "Tỷ lệ hộ nghèo (chuẩn đa chiều): 1 đơn vị chậm tiến độ (chênh lệch so với KH tỉnh giao): "
        "An Lão +0,40 điểm %.")
