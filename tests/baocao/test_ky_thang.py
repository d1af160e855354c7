"""Monthly periods (communes report monthly since 2025): periods of 1, 2, 5, 8 and 11
months get their names on every page, picker, export and sentence, and their status
against n/12 of the annual plan; the quarters keep their names."""

import re
from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from chitieu import du_bao, selectors, tinh_toan
from chitieu.models import KyBaoCao, ThucHien
from quytrinh import quy_tac
from tests import factories
from tests.chitieu import excel
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu, du_lieu_form, o_cua_dong

CAC_THANG = (1, 2, 5, 8, 11)
# An Lão's CT01 by month of 2026: 110.000 a month against a plan of 1.200.000 (tỉnh) and
# 1.100.000 (huyện) — 9,17 % of KH tỉnh per month, ahead of the expected 8,33 %.
KH_TINH, KH_HUYEN = D("1200000"), D("1100000")


def _th(thang: int) -> D:
    return D(110000) * thang


@pytest.fixture
def thang(danh_muc):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2026, tinh=KH_TINH, huyen=KH_HUYEN)
    dat_ke_hoach(dm.tuy_phuoc, dm.ct01, 2026, tinh=KH_TINH)
    for t in CAC_THANG:
        dat_thuc_hien(dm.an_lao, dm.ct01, factories.ky(2026, t), _th(t), la_uoc=True)
    # Cùng kỳ of 8 tháng 2026 is 8 tháng 2025: the same months of the year before.
    dat_thuc_hien(dm.an_lao, dm.ct01, factories.ky(2025, 8), "800000")
    # Tuy Phước at 8 months: 600.000 = 50 % of plan, short of 8/12 = 66,67 % by more than 15 % of it.
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, factories.ky(2026, 8), "600000")
    return dm


def _nhom_chon_ky(html: str) -> list[tuple[str, list[str]]]:
    """The period picker as a person sees it: (year group, [option names])."""
    chon = re.search(r'<select id="chon-ky"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(nam, [chu(o) for o in re.findall(r"<option[^>]*>(.*?)</option>", ben_trong)])
            for nam, ben_trong in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', chon, re.S)]


def _trang_thai_o(html: str, ma_don_vi: str, ky: str) -> str:
    """The status of CT01 in a unit's row of the overview's heatmap."""
    return re.search(rf'class="o-nhiet tt-(\w+)" href="/don-vi/{ma_don_vi}/{ky}/#ct-CT01"', html).group(1)


def _chon(html: str) -> str:
    return re.search(r'<select id="chon-ky"[^>]*>.*?<option[^>]*selected[^>]*>(.*?)</option>', html, re.S).group(1)


# -- names ---------------------------------------------------------------------------------


def test_every_month_has_one_name_and_the_quarters_keep_theirs(db):
    ten = {t: KyBaoCao(nam=2026, so_thang=t) for t in range(1, 13)}
    assert [ten[t].ten for t in range(1, 13)] == [
        "Tháng 1 năm 2026", "2 tháng 2026", "Quý I 2026", "4 tháng 2026", "5 tháng 2026", "6 tháng đầu năm 2026",
        "7 tháng 2026", "8 tháng 2026", "9 tháng 2026", "10 tháng 2026", "11 tháng 2026", "Cả năm 2026"]
    assert [ten[t].ten_ngan for t in (1, 3, 6, 8, 12)] == [
        "Tháng 1/2026", "3 tháng 2026", "6 tháng 2026", "8 tháng 2026", "12 tháng 2026"]
    assert [ten[t].ten_trong_cau for t in (1, 3, 6, 8, 9, 12)] == [
        "tháng 1 năm 2026", "quý I năm 2026", "6 tháng đầu năm 2026", "8 tháng năm 2026", "9 tháng năm 2026",
        "năm 2026"]
    assert [ten[t].thoi_gian for t in (1, 8)] == ["tháng 1", "8 tháng"]
    assert [ten[t].slug for t in (1, 8, 11)] == ["2026-1t", "2026-8t", "2026-11t"]
    assert KyBaoCao.tu_slug("2026-8t") == (2026, 8)


# -- the rules at any month ------------------------------------------------------------------


@pytest.mark.parametrize("so_thang", range(1, 13))
def test_the_expected_progress_is_n_twelfths_at_every_month(so_thang):
    mot_phan = D("1e-20")
    assert tinh_toan.tien_do_ky_vong(so_thang).quantize(mot_phan) == (D(100) * so_thang / 12).quantize(mot_phan)


def test_quarterly_phases_are_read_between_quarters_for_a_monthly_period():
    # {3: 10, 6: 30, 9: 60}: month 8 lies two thirds of the way from 30 to 60; month 1 a
    # third of the way from 0 to 10; month 11 two thirds from 60 to 100.
    tien_do = {3: D(10), 6: D(30), 9: D(60)}
    assert tinh_toan.tien_do_ky_vong(8, tien_do) == D(50)
    assert round(tinh_toan.tien_do_ky_vong(1, tien_do), 10) == round(D(10) / 3, 10)
    assert round(tinh_toan.tien_do_ky_vong(11, tien_do), 10) == round(D(60) + D(80) / 3, 10)
    # A monthly phase is read exactly.
    assert tinh_toan.tien_do_ky_vong(8, {8: D(45)}) == D(45)


def test_the_status_of_a_monthly_period_compares_with_n_twelfths():
    tt = dict(loai="luy_ke", chieu="tang", kh=D(1200))
    # 8 months expect 800: 800 meets it; 700 is within 15 %; 600 is not. (At 9 months
    # 800 would be behind; at 6 months 600 would be on plan.)
    assert tinh_toan.trang_thai(th=D(800), so_thang=8, **tt) == tinh_toan.DAT
    assert tinh_toan.trang_thai(th=D(800), so_thang=9, **tt) == tinh_toan.CHAM
    assert tinh_toan.trang_thai(th=D(700), so_thang=8, **tt) == tinh_toan.CHAM
    assert tinh_toan.trang_thai(th=D(600), so_thang=8, **tt) == tinh_toan.CHAM_NHIEU
    assert tinh_toan.trang_thai(th=D(100), so_thang=1, **tt) == tinh_toan.DAT
    assert tinh_toan.trang_thai(th=D(99), so_thang=1, **tt) == tinh_toan.CHAM


def test_the_default_deadline_of_a_monthly_period_is_the_20th_of_its_last_month():
    assert [quy_tac.han_mac_dinh(2026, t) for t in (1, 2, 8, 11)] == [
        date(2026, 1, 20), date(2026, 2, 20), date(2026, 8, 20), date(2026, 11, 20)]


# -- pages --------------------------------------------------------------------------------------


def test_the_unit_page_of_each_month_shows_its_name_and_percent_of_plan(client, thang, lanh_dao):
    client.force_login(lanh_dao)
    for t in CAC_THANG:
        ky = KyBaoCao.objects.get(nam=2026, so_thang=t)
        html = client.get(f"/don-vi/an-lao/{ky.slug}/").content.decode()
        assert f"<title>{thang.an_lao.ten} · {ky.ten}" in html
        assert f"TH {ky.ten_ngan}" in chu(html)
        o = o_cua_dong(html, "CT01")
        phan_tram = tinh_toan.phan_tram_ke_hoach(_th(t), KH_TINH)
        assert f"{str(phan_tram).replace('.', ',')} %" in " ".join(o), (t, o)


def test_the_unit_page_of_8_months_compares_with_8_months_of_the_year_before(client, thang, lanh_dao):
    client.force_login(lanh_dao)
    o = " ".join(o_cua_dong(client.get("/don-vi/an-lao/2026-8t/").content.decode(), "CT01"))
    # 880.000 against 800.000 in 8 tháng 2025: 110 % → "tăng 10 %" or 110,00 %, and 73,33 % of KH tỉnh.
    assert "880.000" in o and "800.000" in o and "73,33 %" in o and "80,00 %" in o


def test_the_overview_of_8_months_names_it_and_ranks_each_unit_against_8_twelfths(client, thang, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/?ky=2026-8t").content.decode()
    assert "Tổng quan · 8 tháng 2026" in chu(html)
    assert "tiến độ kỳ vọng 8/12" in chu(html)
    # 73,33 % meets 8/12 = 66,67 %; 50 % falls short of it by more than 15 % of it.
    assert _trang_thai_o(html, "an-lao", "2026-8t") == "dat"
    assert _trang_thai_o(html, "tuy-phuoc", "2026-8t") == "cham_nhieu"
    assert _chon(html) == "8 tháng 2026"
    assert "Dự báo từ số liệu 8 tháng" in chu(client.get("/?ky=2026-8t&xem=du_bao").content.decode())


def test_the_ranking_of_8_months(client, thang, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/chi-tieu/CT01/2026-8t/").content.decode()
    trang = chu(html)
    assert "Xếp hạng các đơn vị · 8 tháng 2026" in trang
    assert "TH 8 tháng 2026" in trang
    assert trang.index("An Lão") < trang.index("Tuy Phước")  # 73,33 % before 50 %
    assert "73,33 %" in trang and "50,00 %" in trang


def test_the_trend_has_a_column_for_every_month_with_a_period(client, thang, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get("/xu-huong/an-lao/CT01/").content.decode()
    dau = re.search(r'<table[^>]*id="bang-xu-huong".*?</tr>', html, re.S).group(0)
    assert [chu(o) for o in re.findall(r"<th[^>]*>(.*?)</th>", dau, re.S)] == [
        "Năm", "Tháng 1", "2 tháng", "Quý I", "5 tháng", "6 tháng", "8 tháng", "9 tháng", "11 tháng", "Cả năm"]
    dong = re.search(r'<tr id="nam-2026">.*?</tr>', html, re.S).group(0)
    o = [chu(x) for x in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", dong, re.S)]
    assert o[1].startswith("110.000 ư 9,17 %") and o[6].startswith("880.000 ư 73,33 %")
    assert o[3] == "chưa có số liệu"
    assert "qua tháng 1, 2 tháng, quý I, 5 tháng" in html
    xlsx = load_workbook(BytesIO(client.get("/xu-huong/an-lao/CT01/?dang=xlsx").content)).active
    tieu_de = [c.value for c in next(r for r in xlsx.iter_rows() if r[0].value == "Năm")]
    assert tieu_de == ["Năm", "Tháng 1", "2 tháng", "Quý I", "5 tháng", "6 tháng", "8 tháng", "9 tháng", "11 tháng",
                       "Cả năm"]


def test_the_report_of_8_months_and_of_january_say_their_period(client, thang, lanh_dao):
    client.force_login(lanh_dao)
    cau = ("Tổng giá trị sản phẩm (giá so sánh 2010) ước đạt: 880.000 triệu đồng, đạt 73,33 % so với KH tỉnh giao; "
           "đạt 80 % so với KH huyện giao")
    trang = chu(client.get("/bao-cao/an-lao/2026-8t/").content.decode()).replace("\u00a0", " ")
    assert "Kết quả thực hiện chỉ tiêu KT-XH 8 tháng năm 2026:" in trang
    assert cau in trang
    assert "báo cáo kết quả thực hiện các chỉ tiêu kinh tế - xã hội 8 tháng năm 2026 như sau" in trang
    assert "từ số liệu 8 tháng" in trang

    doc = Document(BytesIO(client.get("/bao-cao/an-lao/2026-8t/docx/").content))
    doan = [p.text.replace("\u00a0", " ") for p in doc.paragraphs]
    assert "Kết quả thực hiện các chỉ tiêu kinh tế - xã hội 8 tháng năm 2026" in doan
    assert any(cau in d for d in doan)
    assert "TH 8 tháng 2026" in [o.text for o in doc.tables[-1].rows[0].cells]

    wb = load_workbook(BytesIO(client.get("/bao-cao/an-lao/2026-8t/xlsx/").content))
    assert wb["Chỉ tiêu"]["A1"].value == "Kết quả thực hiện các chỉ tiêu KT-XH 8 tháng năm 2026 – Huyện An Lão"
    hang = {h[0].value: [c.value for c in h] for h in wb["Chỉ tiêu"].iter_rows(min_row=5)}
    assert hang["CT01"][5:7] == [800000, 880000]

    trang = chu(client.get("/bao-cao/an-lao/2026-1t/").content.decode()).replace("\u00a0", " ")
    assert "Kết quả thực hiện chỉ tiêu KT-XH tháng 1 năm 2026:" in trang
    assert "ước đạt: 110.000 triệu đồng, đạt 9,17 % so với KH tỉnh giao; đạt 10 % so với KH huyện giao" in trang
    assert "từ số liệu tháng 1" in trang


def test_pickers_group_the_periods_by_year_newest_first(client, thang, lanh_dao, tong_hop, nhap_lieu_an_lao):
    client.force_login(lanh_dao)
    nam_2026 = ["11 tháng 2026", "8 tháng 2026", "5 tháng 2026", "2 tháng 2026", "Tháng 1 năm 2026"]
    for url in ("/don-vi/an-lao/2026-5t/", "/?ky=2026-5t", "/chi-tieu/CT01/2026-5t/", "/bao-cao/an-lao/2026-5t/"):
        nhom = _nhom_chon_ky(client.get(url).content.decode())
        assert [n for n, _ in nhom] == ["2026", "2025", "2023", "2022"], url
        assert nhom[0][1] == nam_2026, url
        assert nhom[2][1] == ["Cả năm 2023", "9 tháng 2023", "6 tháng đầu năm 2023", "Quý I 2023"], url
    client.force_login(tong_hop)
    html = client.get("/tinh-trang-nop/2026-5t/").content.decode()
    assert _nhom_chon_ky(html)[0] == ("2026", nam_2026)
    client.force_login(nhap_lieu_an_lao)
    html = client.get("/nhap-lieu/an-lao/2026-5t/").content.decode()
    assert [n for n, _ in _nhom_chon_ky(html)] == ["2026", "2025"]
    assert _chon(html) == "5 tháng 2026"


def test_the_entry_list_and_grid_of_a_monthly_period_save_it(client, thang, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    tieu_de = chu(client.get("/nhap-lieu/").content.decode())
    assert "Tháng 1/2026 2 tháng 2026 5 tháng 2026 8 tháng 2026 11 tháng 2026" in tieu_de
    # Other years are a pick away, newest first; their own periods as columns.
    html = client.get("/nhap-lieu/?nam=2025").content.decode()
    chon = re.search(r'<select id="chon-nam".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>(\d+)</option>", chon) == ["2026", "2025", "2023", "2022"]
    assert re.search(r'<option value="2025" selected>', chon)
    assert "Nhập liệu năm 2025" in chu(html) and 'href="/nhap-lieu/an-lao/2025-8t/"' in html
    assert "2026-" not in html.split("<table")[1]
    for sai in ("1999", "abc", "２０２６"):
        assert client.get(f"/nhap-lieu/?nam={sai}").status_code == 404
    url = "/nhap-lieu/an-lao/2026-2t/"
    html = client.get(url).content.decode()
    assert "TH 2 tháng 2026" in chu(html) and "lũy kế từ 01/01 đến hết tháng 2" in chu(html)
    tra_loi = client.post(url, du_lieu_form(html) | {"th-CT01": "240.000"})
    assert tra_loi.status_code == 302
    assert ThucHien.objects.get(don_vi=thang.an_lao, chi_tieu=thang.ct01, ky__nam=2026, ky__so_thang=2).gia_tri \
        == D("240000")
    o = " ".join(o_cua_dong(client.get(url).content.decode(), "CT01"))
    assert "20,00 %" in o  # 240.000 / 1.200.000, against an expected 2/12


def test_the_excel_form_of_january_round_trips(client, thang, nhap_lieu_an_lao):
    ky = KyBaoCao.objects.get(nam=2026, so_thang=1)
    client.force_login(nhap_lieu_an_lao)
    noi_dung = client.get("/excel/bieu-mau/an-lao/2026-1t/").content
    ws = excel.mo(noi_dung).worksheets[0]
    assert ws["A3"].value == "Kỳ báo cáo: Tháng 1 năm 2026 (mã 2026-1t)"
    assert ws.cell(excel.dong_cua(ws, "CT01") - 0, excel.cot_cua(ws, "th")).value == 110000
    assert any(c.value == "TH kỳ này (Tháng 1/2026)" for r in ws.iter_rows(max_row=10) for c in r)

    html = excel.tai_len(client, excel.sua(noi_dung, {("CT01", "th"): 125000})).content.decode()
    assert [(cu, moi) for _, cu, moi in excel.cac_thay_doi(html)] == [("110.000 (ước)", "125.000 (ước)")], \
        excel.cac_thay_doi(html)
    assert "TH Tháng 1/2026" in chu(html)
    client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)})
    assert ThucHien.objects.get(don_vi=thang.an_lao, chi_tieu=thang.ct01, ky=ky).gia_tri == D("125000")
    # Nothing else moved: the other months are as they were.
    assert ThucHien.objects.get(don_vi=thang.an_lao, chi_tieu=thang.ct01, ky__nam=2026, ky__so_thang=2).gia_tri \
        == D("220000")


def test_the_status_page_of_a_monthly_period(client, thang, tong_hop):
    client.force_login(tong_hop)
    html = client.get("/tinh-trang-nop/2026-8t/").content.decode()
    assert "Tình trạng nộp số liệu — 8 tháng 2026" in chu(html)
    assert 'title="Hạn nộp 20/08/2026"' in html


def test_the_2023_report_keeps_its_seed_sentences_with_monthly_periods_stored(client, thang, lanh_dao):
    factories.so_lieu_an_lao_2023(thang)
    client.force_login(lanh_dao)
    trang = chu(client.get("/bao-cao/an-lao/2023-6t/").content.decode()).replace("\u00a0", " ")
    assert ("Tổng giá trị sản phẩm (giá so sánh 2010) ước đạt: 447.142 triệu đồng, đạt 53,04 % so với KH tỉnh "
            "giao; đạt 52,69 % so với KH huyện giao") in trang
    assert "Kết quả thực hiện chỉ tiêu KT-XH 6 tháng đầu năm 2023:" in trang


# -- the forecast from a monthly period, with earlier years reported quarterly ---------------


def test_a_month_between_quarters_is_read_on_the_line_between_them():
    assert tinh_toan.quy_ke_ben(8) == (6, 9) and tinh_toan.quy_ke_ben(1) == (0, 3) and tinh_toan.quy_ke_ben(9) is None
    assert tinh_toan.gia_tri_giua_quy(luy_ke=True, so_thang=8, th_truoc=D(400), th_sau=D(700)) == D(600)
    assert tinh_toan.gia_tri_giua_quy(luy_ke=True, so_thang=1, th_truoc=None, th_sau=D(300)) == D(100)
    assert tinh_toan.gia_tri_giua_quy(luy_ke=False, so_thang=1, th_truoc=None, th_sau=D("12.5")) is None
    assert tinh_toan.gia_tri_giua_quy(luy_ke=False, so_thang=5, th_truoc=D(10), th_sau=D(13)) == D(12)
    assert tinh_toan.gia_tri_giua_quy(luy_ke=True, so_thang=8, th_truoc=D(400), th_sau=None) is None
    assert tinh_toan.gia_tri_giua_quy(luy_ke=True, so_thang=6, th_truoc=D(400), th_sau=D(700)) is None


@pytest.fixture
def theo_quy(danh_muc):
    """An Lão's budget revenue in 2022–2025, reported quarterly: 40 % of the year by June,
    70 % by September — so 60 % by August; and 600 in 8 tháng 2026."""
    dm = danh_muc
    for nam in (2022, 2023, 2024, 2025):
        for t, gia_tri in ((3, "10"), (6, "40"), (9, "70"), (12, "100")):
            dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(nam, t), gia_tri)
    dat_ke_hoach(dm.an_lao, dm.ct03, 2026, tinh="950", huyen="1200")
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2026, 8), "600")
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2026, 1), "40")
    return dm


def test_the_forecast_from_8_months_reads_quarterly_years_between_june_and_september(client, theo_quy, lanh_dao):
    dm = theo_quy
    ky = KyBaoCao.objects.get(nam=2026, so_thang=8)
    bang = selectors.bang_don_vi(dm.an_lao, ky)
    du_bao.gan_du_bao(ky, [(dm.an_lao, d) for d in bang.dong])
    dong = next(d for d in bang.dong if d.chi_tieu.ma == "CT03")
    d = dong.du_bao.du_bao
    assert d.cach == tinh_toan.MUA_VU_RIENG
    assert [(nam, x) for nam, x in d.mua_vu.cac_mau] == [(nam, D("0.6")) for nam in (2022, 2023, 2024, 2025)]
    assert d.gia_tri == D(1000)  # 600 / 60 %, where 8/12 would say 900
    assert dong.du_bao.theo("kh-tinh").ket_luan == tinh_toan.DU_KIEN_DAT
    client.force_login(lanh_dao)
    trang = chu(client.get("/don-vi/an-lao/2026-8t/").content.decode()).replace("\u00a0", " ")
    assert "Dự báo cả năm 2026 từ số liệu 8 tháng" in trang
    assert ("Năm chưa có số liệu 8 tháng (báo cáo theo quý): đọc trên đường thẳng giữa số liệu 6 tháng và 9 tháng "
            "của năm đó.") in trang
    assert "Tỷ trọng 8 tháng trong cả năm: 2022: 60 %" in trang


def test_the_forecast_from_january_reads_a_third_of_the_first_quarter(theo_quy):
    dm = theo_quy
    ky = KyBaoCao.objects.get(nam=2026, so_thang=1)
    bang = selectors.bang_don_vi(dm.an_lao, ky)
    du_bao.gan_du_bao(ky, [(dm.an_lao, d) for d in bang.dong])
    d = next(d for d in bang.dong if d.chi_tieu.ma == "CT03").du_bao.du_bao
    # 10 by March is 10/3 by January: a share of 1/30; 40 × 30 = 1.200.
    assert d.gia_tri.quantize(D("0.001")) == D("1200.000")


def test_a_form_whose_title_names_another_period_than_its_code_imports_nothing(client, thang, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    noi_dung = client.get("/excel/bieu-mau/an-lao/2026-1t/").content
    # Copied from January, retitled for February, the code left as it was.
    sai = excel.sua(noi_dung, {"A3": "Kỳ báo cáo: 2 tháng 2026 (mã 2026-1t)", ("CT01", "th"): 230000})
    truoc = excel.anh_csdl()
    html = excel.tai_len(client, sai).content.decode()
    trang = chu(html)
    assert ("Dòng kỳ báo cáo ghi “2 tháng 2026” nhưng mã 2026-1t là kỳ “Tháng 1 năm 2026”; sửa tên hoặc mã cho "
            "khớp (mã của “2 tháng 2026” là 2026-2t).") in trang
    assert "A3" in trang
    assert excel.url_xac_nhan(html) is None
    assert excel.anh_csdl() == truoc
    # The same form with its name and code agreeing (either name of the period) reads.
    for ten in ("Tháng 1 năm 2026", "Tháng 1/2026"):
        dung = excel.sua(noi_dung, {"A3": f"Kỳ báo cáo: {ten} (mã 2026-1t)", ("CT01", "th"): 230000})
        assert excel.url_xac_nhan(excel.tai_len(client, dung).content.decode()) is not None, ten


def test_the_admin_lists_monthly_periods_by_their_names(client, thang, quan_tri):
    client.force_login(quan_tri)
    trang = chu(client.get("/admin/chitieu/kybaocao/").content.decode())
    assert "Tháng 1 năm 2026" in trang and "8 tháng 2026" in trang and "6 tháng đầu năm 2023" in trang
    assert trang.index("11 tháng 2026") < trang.index("8 tháng 2026") < trang.index("Cả năm 2023")
