"""Comparisons across the 2025 reform on every page that shows them (issue 13): a commune
formed from parts of two districts compares its 6 tháng 2026 with a cùng kỳ built from
the districts' 6 tháng 2025 — and the unit page, its chart, the .xlsx, the report (page,
.docx and .xlsx), the ranking and the trend all say so; a rate has no comparison until
the office enters a recomputed base. Built on the `cai_cach` reform of the succession
rules' tests."""

import json
import re
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from chitieu.models import ThucHien
from tests.chitieu.test_ke_thua import CAI_CACH, cai_cach, noi  # noqa: F401 (a fixture)
from tests.factories import dat_ke_hoach, dat_thuc_hien, ky, tao_don_vi
from tests.html import chu, o_cua_dong

NGUON = "cùng kỳ tính theo địa giới mới, từ: Huyện Tuy Phước (25 %), Huyện An Lão (10 %)"
CAU_CT01 = ("tăng 3,45 % so với cùng kỳ (cùng kỳ tính theo địa giới mới, từ: Huyện Tuy Phước (25 %), "
            "Huyện An Lão (10 %)).")
KHONG_SO_SANH = "không có số liệu so sánh được"


def _chuan(van_ban: str) -> str:
    return re.sub(r"\s+", " ", van_ban.replace("\u00a0", " "))


@pytest.fixture
def xa(cai_cach, client, lanh_dao):  # noqa: F811
    """Tuy Phước Đông (25 % of Tuy Phước, 10 % of An Lão) with its districts' 6 tháng 2025
    and its own 6 tháng 2026; a rate (CT08) entered in both years."""
    dm, gia_lai, _, tpd, _ = cai_cach
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, ky(2025, 6), "1000")
    dat_thuc_hien(dm.an_lao, dm.ct01, ky(2025, 6), "400")
    dat_thuc_hien(tpd, dm.ct01, ky(2026, 6), "300")
    dat_thuc_hien(dm.tuy_phuoc, dm.ct08, ky(2025, 6), "3.1")
    dat_thuc_hien(dm.an_lao, dm.ct08, ky(2025, 6), "20.5")
    dat_thuc_hien(tpd, dm.ct08, ky(2026, 6), "2.9")
    client.force_login(lanh_dao)
    return dm, gia_lai, tpd


def _tinh_lai_ct08(dm, tpd):
    ThucHien.objects.create(ky=ky(2025, 6), don_vi=tpd, chi_tieu=dm.ct08, gia_tri=Decimal("3.4"),
                            tinh_lai_dia_gioi=True)


def test_trang_don_vi_xa_moi_cung_ky_cong_theo_ty_le_va_noi_nguon_goc(client, xa):
    dm, _, tpd = xa
    html = client.get("/don-vi/tuy-phuoc-dong/2026-6t/").content.decode()
    o = o_cua_dong(html, "CT01")
    # Chỉ tiêu, ĐVT, KH tỉnh giao, TH cùng kỳ, TH, So KH, So cùng kỳ, Đánh giá
    assert o[3] == "290 đg" and o[4] == "300"
    assert o[6] == f"103,45 % {NGUON}"
    assert ('<p class="mb-0 small nguon-goc" id="nguon-goc">Thành lập ngày 01/07/2025 theo Nghị quyết '
            "1664/NQ-UBTVQH15 ngày 16/6/2025, từ: Huyện Tuy Phước (25 %), Huyện An Lão (10 %).</p>") in html
    o = o_cua_dong(html, "CT08")
    assert o[3] == "— đg" and o[6] == f"— {KHONG_SO_SANH}"
    assert "<sup>đg</sup>: cùng kỳ trước khi đơn vị được thành lập, tính theo địa giới mới" in html


def test_bieu_do_don_vi_noi_cung_ky_tinh_theo_dia_gioi_moi(client, xa):
    html = client.get("/don-vi/tuy-phuoc-dong/2026-6t/").content.decode()
    nguon = re.search(r'<script id="[^"]*bieu-do-don-vi[^"]*" type="application/json">(.*?)</script>', html, re.S)
    hinh = json.loads(nguon.group(1))["data_layout"]
    cot = hinh["data"][0]
    assert cot["customdata"][0][2] == f"<br>TH cùng kỳ: 290 triệu đồng — {NGUON}"
    assert cot["hovertemplate"].endswith("%{customdata[2]}<extra></extra>")


def _o_xlsx(noi_dung: bytes) -> tuple[list, dict]:
    trang = load_workbook(BytesIO(noi_dung)).active
    hang = list(trang.iter_rows(values_only=True))
    tieu_de = next(h for h in hang if h and "TH cùng kỳ" in h)
    return list(tieu_de), {h[0]: dict(zip(tieu_de, h)) for h in hang if h and h[0] in ("CT01", "CT08")}


def test_tai_bang_xlsx_co_cot_ghi_chu_dia_gioi(client, xa):
    tieu_de, dong = _o_xlsx(client.get("/don-vi/tuy-phuoc-dong/2026-6t/?dang=xlsx").content)
    cot = "Ghi chú so sánh cùng kỳ (địa giới mới)"
    assert tieu_de[-1] == cot
    assert dong["CT01"]["TH cùng kỳ"] == 290 and dong["CT01"][cot] == NGUON
    assert dong["CT08"]["TH cùng kỳ"] == "chưa có số liệu" and dong["CT08"][cot] == KHONG_SO_SANH


def test_bao_cao_html_docx_va_xlsx_noi_cung_ky_tinh_theo_dia_gioi_moi(client, xa):
    dm, _, _ = xa
    url = "/bao-cao/tuy-phuoc-dong/2026-6t/"
    html = _chuan(chu(client.get(url).content.decode()))
    doc = _chuan("\n".join(p.text for p in Document(BytesIO(client.get(url + "docx/").content)).paragraphs))
    for van_ban in (html, doc):
        assert f"{dm.ct01.ten} đạt: 300 triệu đồng, {CAU_CT01}" in van_ban
        # A rate: no comparison made up from the districts' rates.
        assert f"Tỷ lệ hộ nghèo (chuẩn đa chiều) đạt: 2,9 %, {KHONG_SO_SANH}." in van_ban
    tieu_de, dong = _o_xlsx(client.get(url + "xlsx/").content)
    assert dong["CT01"]["TH cùng kỳ"] == 290
    assert dong["CT01"]["Ghi chú so sánh cùng kỳ (địa giới mới)"] == NGUON


def test_ty_le_dung_so_tinh_lai_khi_van_phong_nhap(client, xa):
    dm, _, tpd = xa
    _tinh_lai_ct08(dm, tpd)
    ghi_chu = "cùng kỳ tính lại theo địa giới mới, số do đơn vị nhập"
    o = o_cua_dong(client.get("/don-vi/tuy-phuoc-dong/2026-6t/").content.decode(), "CT08")
    assert o[3] == "3,40 đg" and o[6] == f"-0,50 điểm % {ghi_chu}"
    html = _chuan(chu(client.get("/bao-cao/tuy-phuoc-dong/2026-6t/").content.decode()))
    assert f"Tỷ lệ hộ nghèo (chuẩn đa chiều) đạt: 2,9 %, giảm 0,5 điểm % so với cùng kỳ ({ghi_chu})." in html
    assert KHONG_SO_SANH not in html


def test_xep_hang_noi_cung_ky_tinh_theo_dia_gioi_moi(client, xa):
    dm, _, tpd = xa
    dat_ke_hoach(tpd, dm.ct01, 2026, tinh="600")
    html = client.get("/chi-tieu/CT01/2026-6t/?tinh=gia-lai").content.decode()
    dong = re.search(r'<tr id="dv-tuy-phuoc-dong".*?</tr>', html, re.S).group(0)
    assert f"103,45 % {NGUON}" in chu(dong)
    hinh = json.loads(re.search(r'type="application/json">(.*?)</script>', html, re.S).group(1))["data_layout"]
    assert any(NGUON in o[2] for o in hinh["data"][0]["customdata"])


def test_trang_don_vi_cu_noi_don_vi_ke_thua_tu_nam_sap_nhap(client, xa):
    html = client.get("/don-vi/an-lao/2025-6t/").content.decode()
    assert ('id="sap-nhap-vao">Từ 01/07/2025 sáp nhập vào: Xã An Lão (90 %), Xã Tuy Phước Đông (10 %).</p>'
            in html)
    assert 'id="nguon-goc"' not in html and "địa giới mới" not in html
    # Its own earlier pages are as they were.
    assert "sáp nhập" not in client.get("/don-vi/an-lao/2023-6t/").content.decode()


def test_xu_huong_xa_moi_cac_nam_truoc_tinh_tu_tien_than(client, xa):
    dm, _, tpd = xa
    dat_thuc_hien(dm.tuy_phuoc, dm.ct01, dm.ky_2023_6t, "800")
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "500")
    response = client.get("/xu-huong/tuy-phuoc-dong/CT01/")
    html = response.content.decode()
    nam_2023 = chu(re.search(r'<tr id="nam-2023">.*?</tr>', html, re.S).group(0))
    assert "250 tính theo địa giới mới, từ: Huyện Tuy Phước (25 %), Huyện An Lão (10 %)" in nam_2023
    nam_2025 = chu(re.search(r'<tr id="nam-2025">.*?</tr>', html, re.S).group(0))
    assert "290 tính theo địa giới mới" in nam_2025
    nam_2026 = chu(re.search(r'<tr id="nam-2026">.*?</tr>', html, re.S).group(0))
    assert "300" in nam_2026 and "địa giới" not in nam_2026
    hinh = response.context["bieu_do"]["data_layout"]
    duong = {d["name"]: d for d in hinh["data"]}
    assert duong["2025 (tính theo địa giới mới)"]["y"][1] == 290
    assert duong["2025 (tính theo địa giới mới)"]["marker"]["symbol"][1] == "circle-open"
    assert duong["2025 (tính theo địa giới mới)"]["line"]["dash"] == "dot"
    assert "tính theo địa giới mới, từ: Huyện Tuy Phước" in duong["2025 (tính theo địa giới mới)"]["customdata"][1]
    assert duong["2026"]["y"][1] == 300 and "customdata" not in duong["2026"]


def test_xu_huong_ty_le_truoc_thanh_lap_chi_co_so_tinh_lai(client, xa):
    dm, _, tpd = xa
    nam_2025 = chu(re.search(r'<tr id="nam-2025">.*?</tr>',
                             client.get("/xu-huong/tuy-phuoc-dong/CT08/").content.decode(), re.S).group(0))
    assert KHONG_SO_SANH in nam_2025 and "3,10" not in nam_2025
    _tinh_lai_ct08(dm, tpd)
    nam_2025 = chu(re.search(r'<tr id="nam-2025">.*?</tr>',
                             client.get("/xu-huong/tuy-phuoc-dong/CT08/").content.decode(), re.S).group(0))
    assert "3,40 tính lại theo địa giới mới, số do đơn vị nhập" in nam_2025


def test_xu_huong_xa_moi_so_truy_van_khong_tang_theo_so_nam(client, xa, django_assert_num_queries):
    dm, _, tpd = xa
    with django_assert_num_queries(20):
        client.get("/xu-huong/tuy-phuoc-dong/CT01/")
    for nam in (2018, 2019, 2020):
        for so_thang in (3, 6, 9, 12):
            ky(nam, so_thang)
        dat_thuc_hien(dm.an_lao, dm.ct01, ky(nam, 6), "100")
    with django_assert_num_queries(20):
        client.get("/xu-huong/tuy-phuoc-dong/CT01/")


def test_trang_don_vi_xa_moi_so_truy_van_khong_tang_theo_so_tien_than(client, xa, django_assert_num_queries):
    # An old unit's page plus 4 for the predecessors' figures (`SoLieu`) and 1 for where it came from.
    dm, _, tpd = xa
    with django_assert_num_queries(25):
        client.get("/don-vi/tuy-phuoc-dong/2026-6t/")
    khac = tao_don_vi("khac", "Khác", cha=dm.tinh, ngay_ngung_hoat_dong=CAI_CACH)
    noi(tpd, khac, "0.5")
    dat_thuc_hien(khac, dm.ct01, ky(2025, 6), "60")
    with django_assert_num_queries(25):
        client.get("/don-vi/tuy-phuoc-dong/2026-6t/")
