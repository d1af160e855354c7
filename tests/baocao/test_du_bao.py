"""The year-end forecast as people read it: the unit page (with how it was computed), the
overview's switch beside the status, the ranking, the report and its .docx and .xlsx —
saying the same verdict everywhere — and the full-year entry grid's offer."""

import re
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from chitieu import services
from chitieu.models import ThucHien, TrangThaiNop
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu

KY = "2023-6t"
TEN_KET_LUAN = {"du_kien_dat": "dự kiến đạt", "chua_chac": "chưa chắc", "nguy_co": "nguy cơ không đạt"}


def _lich_su(dv, ct, cac_nam: dict[int, tuple[str, str]]) -> None:
    for nam, (thang_6, ca_nam) in cac_nam.items():
        dat_thuc_hien(dv, ct, factories.ky(nam, 6), thang_6)
        dat_thuc_hien(dv, ct, factories.ky(nam, 12), ca_nam)


@pytest.fixture
def the_gioi(danh_muc):
    """Four earlier years of An Lão and Tuy Phước, and their first half of 2023."""
    dm = danh_muc
    # Budget revenue: 40 % of the year by June at An Lão, 50 % at Tuy Phước, every year.
    _lich_su(dm.an_lao, dm.ct03, {n: ("40", "100") for n in (2019, 2020, 2021, 2022)})
    _lich_su(dm.tuy_phuoc, dm.ct03, {n: ("50", "100") for n in (2019, 2020, 2021, 2022)})
    # Output: 43–45 % by June at An Lão.
    _lich_su(dm.an_lao, dm.ct01, {2019: ("430", "1000"), 2020: ("450", "1000"), 2021: ("440", "1000"),
                                  2022: ("440", "1000")})
    # Poverty rate: half a point lower by December each year.
    _lich_su(dm.an_lao, dm.ct08, {2019: ("14", "13.5"), 2020: ("13.5", "13"), 2021: ("13", "12.5"),
                                  2022: ("12.5", "12")})
    ky = dm.ky_2023_6t
    for dv, ct, th in ((dm.an_lao, dm.ct03, "42"), (dm.tuy_phuoc, dm.ct03, "60"), (dm.an_lao, dm.ct01, "430"),
                       (dm.an_lao, dm.ct08, "12.6")):
        dat_thuc_hien(dv, ct, ky, th, la_uoc=True)
    dat_ke_hoach(dm.an_lao, dm.ct03, 2023, tinh="95", huyen="130")  # 105 forecast: met / missed
    dat_ke_hoach(dm.tuy_phuoc, dm.ct03, 2023, tinh="150")  # 120 forecast: missed
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="850", huyen="1000")  # about 977 (930–1030): met / unsure
    dat_ke_hoach(dm.an_lao, dm.ct08, 2023, tinh="12.5", huyen="11")  # 12,1 forecast: met / missed
    return dm


def _ket_luan_trang_don_vi(html: str, ma: str, nguon: str) -> str:
    dong = re.search(rf'<tr id="du-bao-{re.escape(ma)}".*?</tr>', html, re.S).group(0)
    return re.search(rf'data-nguon="{nguon}"[^>]*>.*?data-ket-luan="(\w*)"', dong, re.S).group(1)


def _ket_luan_tong_quan(html: str, ma_don_vi: str, ma: str) -> str:
    dong = re.search(rf'<tr id="dv-{ma_don_vi}">.*?</tr>', html, re.S).group(0)
    return re.search(rf'data-ket-luan="(\w*)" href="[^"]*#du-bao-{re.escape(ma)}"', dong).group(1)


def _ket_luan_xep_hang(html: str, ma_don_vi: str) -> str:
    dong = re.search(rf'<tr id="dv-{ma_don_vi}".*?</tr>', html, re.S).group(0)
    return re.search(r'class="o-du-bao"[^>]*data-ket-luan="(\w*)"', dong).group(1)


def _ket_luan_van_ban(cac_doan: list[str], ten: str, ten_nguon: str) -> str:
    """The verdict against one source in the report's forecast sentence of an indicator."""
    cau = next(d for d in cac_doan if d.startswith(f"- {ten}: dự báo cả năm"))
    menh_de = next(m for m in cau.split("; ") if ten_nguon in m)
    return next(ma for ma, chu_ in sorted(TEN_KET_LUAN.items(), key=lambda x: -len(x[1])) if chu_ in menh_de)


@pytest.mark.parametrize(("ma_don_vi", "ma", "ten", "ket_luan"), [
    ("an-lao", "CT03", "Tổng thu ngân sách nhà nước trên địa bàn", "du_kien_dat"),
    ("tuy-phuoc", "CT03", "Tổng thu ngân sách nhà nước trên địa bàn", "nguy_co"),
    ("an-lao", "CT01", "Tổng giá trị sản phẩm (giá so sánh 2010)", "du_kien_dat"),
    ("an-lao", "CT08", "Tỷ lệ hộ nghèo (chuẩn đa chiều)", "du_kien_dat"),
])
def test_the_unit_page_the_overview_the_ranking_and_the_docx_give_the_same_verdict(
        client, the_gioi, lanh_dao, ma_don_vi, ma, ten, ket_luan):
    client.force_login(lanh_dao)
    trang_don_vi = client.get(f"/don-vi/{ma_don_vi}/{KY}/").content.decode()
    tong_quan = client.get(f"/?ky={KY}&xem=du_bao").content.decode()
    xep_hang = client.get(f"/chi-tieu/{ma}/{KY}/").content.decode()
    docx = Document(BytesIO(client.get(f"/bao-cao/{ma_don_vi}/{KY}/docx/").content))
    trang_bao_cao = client.get(f"/bao-cao/{ma_don_vi}/{KY}/").content.decode()
    tu_docx = _ket_luan_van_ban([p.text for p in docx.paragraphs], ten, "KH tỉnh giao")
    tu_trang_bao_cao = _ket_luan_van_ban(
        [chu(p) for p in re.findall(r'<p class="doan doan-con cau-du-bao">(.*?)</p>', trang_bao_cao, re.S)], ten,
        "KH tỉnh giao")
    assert {
        "trang đơn vị": _ket_luan_trang_don_vi(trang_don_vi, ma, "kh-tinh"),
        "tổng quan": _ket_luan_tong_quan(tong_quan, ma_don_vi, ma),
        "xếp hạng": _ket_luan_xep_hang(xep_hang, ma_don_vi),
        ".docx": tu_docx,
        "trang báo cáo": tu_trang_bao_cao,
    } == dict.fromkeys(["trang đơn vị", "tổng quan", "xếp hạng", ".docx", "trang báo cáo"], ket_luan)


def test_each_plan_source_gets_its_own_verdict(client, the_gioi, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get(f"/don-vi/an-lao/{KY}/").content.decode()
    assert [_ket_luan_trang_don_vi(html, ma, "kh-huyen") for ma in ("CT03", "CT01", "CT08")] == [
        "nguy_co", "chua_chac", "nguy_co"]


def test_the_unit_page_shows_the_range_the_track_record_and_how_it_was_computed(client, the_gioi, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get(f"/don-vi/an-lao/{KY}/").content.decode()
    dong = chu(re.search(r'<tr id="du-bao-CT03".*?</tr>', html, re.S).group(0))
    # 42 / 40 % = 105, the same share every year: no spread, a single value.
    assert "105 tỷ đồng" in dong and "Dự kiến đạt 110,5 %" in dong and "Nguy cơ không đạt 80,7 %" in dong
    assert "Tỷ trọng 6 tháng trong cả năm: 2019: 40 %; 2020: 40 %; 2021: 40 %; 2022: 40 %." in dong
    assert "Dự báo cả năm = 42,000 tỷ đồng ÷ 40 % ≈ 105 tỷ đồng" in dong
    # Backtest: 2019 and 2020 had too few earlier years anywhere (n/12: 80, 20 % off); 2021 took
    # the two units' 2019–2020 (40 % and 50 %: 88,9, 11,1 % off, inside its range); 2022 its own
    # three years (exact).
    assert ("Kiểm chứng năm 2021: dự báo từ 6 tháng 88,9 tỷ đồng, thực tế cả năm 100,000 tỷ đồng (trong khoảng)."
            in dong)
    assert "sai số các năm trước: 12,8 % (n/12: 20 %); trong khoảng 2/2 lần" in dong
    ct01 = chu(re.search(r'<tr id="du-bao-CT01".*?</tr>', html, re.S).group(0))
    assert re.search(r"9\d\d – 1\.0\d\d triệu đồng", ct01), ct01
    ct08 = chu(re.search(r'<tr id="du-bao-CT08".*?</tr>', html, re.S).group(0))
    assert "12,1 %" in ct08 and "Thay đổi từ tháng 6 đến cuối năm: 2019: −0,5 điểm %" in ct08
    assert "KH 12,50" in ct08  # a row compared by its gap shows the plan beside its verdict


def test_the_report_writes_one_forecast_sentence_per_indicator(client, the_gioi, lanh_dao):
    client.force_login(lanh_dao)
    van_ban = chu(client.get(f"/bao-cao/an-lao/{KY}/").content.decode())
    assert ("Dự báo khả năng hoàn thành kế hoạch năm 2023 (ước tính tự động từ số liệu 6 tháng theo mùa vụ các năm "
            "trước, không phải số ước của đơn vị):") in van_ban
    assert ("- Tổng thu ngân sách nhà nước trên địa bàn: dự báo cả năm 105 tỷ đồng, đạt 110,5 % KH tỉnh giao (dự "
            "kiến đạt); đạt 80,7 % KH huyện giao (nguy cơ không đạt); sai số các năm trước: 12,8 % (n/12: 20 %); "
            "trong khoảng 2/2 lần.") in van_ban
    assert re.search(r"- Tổng giá trị sản phẩm \(giá so sánh 2010\): dự báo cả năm 9\d\d – 1\.0\d\d triệu đồng, "
                     r"đạt [\d,]+–[\d,]+ % KH tỉnh giao \(dự kiến đạt\); đạt [\d,]+–[\d,]+ % KH huyện giao "
                     r"\(chưa chắc\)", van_ban)
    assert ("- Tỷ lệ hộ nghèo (chuẩn đa chiều): dự báo cả năm 12,1 %, dự kiến đạt KH tỉnh giao (12,5 %); "
            "nguy cơ không đạt KH huyện giao (11 %)") in van_ban
    # Indicators without a figure have no sentence; nor does a full-year report.
    assert "Tỷ lệ che phủ rừng: dự báo" not in van_ban
    dat_thuc_hien(the_gioi.an_lao, the_gioi.ct03, factories.ky(2023, 12), "101")
    assert "Dự báo khả năng" not in chu(client.get("/bao-cao/an-lao/2023-12t/").content.decode())


def test_the_report_xlsx_has_the_forecast_as_numbers(client, the_gioi, lanh_dao):
    client.force_login(lanh_dao)
    wb = load_workbook(BytesIO(client.get(f"/bao-cao/an-lao/{KY}/xlsx/").content))
    ws = wb["Dự báo cả năm"]
    hang = {ws.cell(row=r, column=1).value: [c.value for c in ws[r]] for r in range(4, ws.max_row + 1)}
    assert hang["CT03"][3:6] == [105, 105, 105]
    assert hang["CT03"][7] == "Dự kiến đạt" and float(hang["CT03"][8]) == 110.53
    assert hang["CT03"][10] == "Nguy cơ không đạt"


def test_with_only_approved_figures_every_page_forecasts_from_approved_figures_only(client, the_gioi, lanh_dao):
    dm = the_gioi
    # An Lão's figures are approved but for June 2022 (sent); Tuy Phước's are not approved at all.
    for nam, thang in [(n, t) for n in (2019, 2020, 2021, 2022) for t in (6, 12)] + [(2023, 6)]:
        trang_thai = "da_gui" if (nam, thang) == (2022, 6) else "da_duyet"
        TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=factories.ky(nam, thang), trang_thai=trang_thai)
    client.force_login(lanh_dao)

    def cach_tinh(html: str) -> str:
        return chu(re.search(r'<tr id="du-bao-CT03".*?</tr>', html, re.S).group(0))

    tat_ca = client.get(f"/don-vi/an-lao/{KY}/").content.decode()
    assert "Tỷ trọng 6 tháng trong cả năm: 2019: 40 %; 2020: 40 %; 2021: 40 %; 2022: 40 %." in cach_tinh(tat_ca)
    assert _ket_luan_tong_quan(client.get(f"/?ky={KY}&xem=du_bao").content.decode(), "tuy-phuoc", "CT03") == "nguy_co"
    assert "sai số các năm trước: 12,8 % (n/12: 20 %); trong khoảng 2/2 lần" in chu(
        client.get(f"/bao-cao/an-lao/{KY}/").content.decode())

    da_duyet = client.get(f"/don-vi/an-lao/{KY}/?duyet=1").content.decode()
    # June 2022 is not approved: 2022 is no year of the season, nor of the track record.
    assert "Tỷ trọng 6 tháng trong cả năm: 2019: 40 %; 2020: 40 %; 2021: 40 %." in cach_tinh(da_duyet)
    assert "Kiểm chứng năm 2022" not in cach_tinh(da_duyet) and "Kiểm chứng năm 2022" in cach_tinh(tat_ca)
    assert "Chưa có số liệu kỳ này để dự báo." in cach_tinh(
        client.get(f"/don-vi/tuy-phuoc/{KY}/").content.decode())  # the choice holds, as for every figure
    # Tuy Phước has no approved figure: nothing to forecast on the overview, the ranking or the report.
    tong_quan = client.get(f"/?ky={KY}&xem=du_bao").content.decode()
    assert _ket_luan_tong_quan(tong_quan, "tuy-phuoc", "CT03") == ""
    assert _ket_luan_tong_quan(tong_quan, "an-lao", "CT03") == "du_kien_dat"
    xep_hang = client.get(f"/chi-tieu/CT03/{KY}/").content.decode()
    assert _ket_luan_xep_hang(xep_hang, "tuy-phuoc") == "" and _ket_luan_xep_hang(xep_hang, "an-lao") == "du_kien_dat"
    assert "Tổng thu ngân sách nhà nước trên địa bàn: dự báo" not in chu(
        client.get(f"/bao-cao/tuy-phuoc/{KY}/").content.decode())
    van_ban = chu(client.get(f"/bao-cao/an-lao/{KY}/").content.decode())
    assert "- Tổng thu ngân sách nhà nước trên địa bàn: dự báo cả năm 105 tỷ đồng" in van_ban
    # Its track record too: 2019–2021 had too few approved earlier years (Tuy Phước's are not
    # approved, so none are pooled) and were forecast by n/12, 20 % off; 2022 is out.
    assert "trong khoảng" not in van_ban and "sai số các năm trước: 20 %." in van_ban


def test_the_overview_switches_between_status_and_forecast(client, the_gioi, lanh_dao):
    client.force_login(lanh_dao)
    html = client.get(f"/?ky={KY}").content.decode()
    assert 'href="?ky=2023-6t&amp;linh_vuc=&amp;xem=du_bao"' in html and "o-nhiet kl-" not in html
    html = client.get(f"/?ky={KY}&xem=du_bao").content.decode()
    van_ban = chu(html)
    assert "dự báo cả năm 2023" in van_ban and "✓ dự kiến đạt · ? chưa chắc · ✗ nguy cơ không đạt" in van_ban
    assert "Huyện An Lão Đang nhập 3/6" in chu(re.search(r'<tr id="dv-an-lao">.*?</tr>', html, re.S).group(0))
    assert 'aria-current="page">Dự báo cả năm' in html
    # The filter form keeps the view; an unknown view is refused; a full year has no switch.
    assert '<input type="hidden" name="xem" value="du_bao">' in html
    assert client.get("/?xem=khac").status_code == 404
    dat_thuc_hien(the_gioi.an_lao, the_gioi.ct03, factories.ky(2023, 12), "101")
    html = client.get("/?ky=2023-12t&xem=du_bao").content.decode()
    assert "xem-du-bao" not in html and "o-nhiet kl-" not in html


def test_the_full_year_grid_offers_the_forecast_and_saves_nothing_by_itself(client, the_gioi, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    html = client.get("/nhap-lieu/an-lao/2023-12t/").content.decode()
    assert "Điền ước cả năm từ dự báo" in html and "js/du_bao_nhap_lieu.js" in html
    assert re.search(r'name="th-CT03" value=""[^>]*data-du-bao="105"', html, re.S)
    assert "Dự báo: 105" in chu(html)
    assert not ThucHien.objects.filter(ky__nam=2023, ky__so_thang=12).exists()
    # A half-year grid has nothing to offer; nor a period already sent.
    assert "Điền ước cả năm" not in client.get(f"/nhap-lieu/an-lao/{KY}/").content.decode()
    services.gui_so_lieu(don_vi=the_gioi.an_lao, ky=factories.ky(2023, 12), nguoi=nhap_lieu_an_lao)
    assert "Điền ước cả năm" not in client.get("/nhap-lieu/an-lao/2023-12t/").content.decode()
