"""Every table of the dashboards as .xlsx: native numbers, Vietnamese headers, missing
figures written as "chưa có số liệu" (never 0), the same access as the page."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien


def _doc(tra_loi) -> tuple[str, list[str], dict]:
    assert tra_loi.status_code == 200
    assert tra_loi["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    trang = load_workbook(BytesIO(tra_loi.content)).active
    tieu_de = [o.value for o in trang[2]]
    return trang["A1"].value, tieu_de, {r[0]: dict(zip(tieu_de, r)) for r in trang.iter_rows(min_row=3,
                                                                                            values_only=True)}


@pytest.fixture
def so_lieu(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def test_the_unit_table_downloads_with_native_numbers(client, so_lieu, lanh_dao):
    client.force_login(lanh_dao)
    tra_loi = client.get("/don-vi/an-lao/2023-6t/?dang=xlsx")
    assert tra_loi["Content-Disposition"] == 'attachment; filename="an-lao-2023-6t.xlsx"'
    tieu_de, cot, dong = _doc(tra_loi)
    assert tieu_de == "Huyện An Lão — kết quả thực hiện chỉ tiêu KT-XH, 6 tháng đầu năm 2023"
    assert cot[:9] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "KH tỉnh giao", "KH huyện giao", "TH cùng kỳ", "TH kỳ này",
                       "Số ước", "% KH tỉnh giao"]
    ct01 = dong["CT01"]
    assert (ct01["TH kỳ này"], ct01["KH tỉnh giao"], ct01["% KH tỉnh giao"], ct01["% KH huyện giao"]) == (
        447142, 843000, 53.04, 52.69)
    assert ct01["Số ước"] == "ước" and ct01["Đánh giá"] == "Đạt tiến độ"
    assert dong["CT03"]["TH kỳ này"] == 32.454 and dong["CT03.1"]["% KH tỉnh giao"] == 125
    # Missing figures say so; they are never 0.
    assert dong["CT05"]["TH kỳ này"] == "chưa có số liệu" and dong["CT05"]["% KH tỉnh giao"] == "chưa có số liệu"
    assert dong["CT05"]["Đánh giá"] == "Chưa có số liệu"


def test_gaps_go_in_their_own_column(client, so_lieu, lanh_dao):
    dat_ke_hoach(so_lieu.an_lao, so_lieu.ct08, 2023, tinh="12.5", huyen="12")
    dat_thuc_hien(so_lieu.an_lao, so_lieu.ct08, so_lieu.ky_2023_6t, "12.62")
    client.force_login(lanh_dao)
    ct08 = _doc(client.get("/don-vi/an-lao/2023-6t/?dang=xlsx"))[2]["CT08"]
    assert ct08["% KH tỉnh giao"] in ("", None)
    assert Decimal(str(ct08["Chênh lệch TH − KH tỉnh giao"])) == Decimal("0.12")


def test_the_ranking_downloads_with_ranks_and_the_total(client, so_lieu, lanh_dao):
    dat_ke_hoach(so_lieu.tuy_phuoc, so_lieu.ct01, 2023, tinh="1000")
    dat_thuc_hien(so_lieu.tuy_phuoc, so_lieu.ct01, so_lieu.ky_2023_6t, "600")
    client.force_login(lanh_dao)
    tieu_de, cot, _ = _doc(client.get("/chi-tieu/CT01/2023-6t/?dang=xlsx"))
    assert cot[:2] == ["Xếp thứ", "Đơn vị"]
    trang = load_workbook(BytesIO(client.get("/chi-tieu/CT01/2023-6t/?dang=xlsx").content)).active
    hang = [(r[0], r[1], r[cot.index("% KH tỉnh giao")]) for r in trang.iter_rows(min_row=3, values_only=True)]
    assert hang == [("Tổng", "Tỉnh Bình Định", 53.05), (1, "Huyện Tuy Phước", 60), (2, "Huyện An Lão", 53.04)]


def test_the_overview_and_the_trend_download(client, so_lieu, lanh_dao):
    client.force_login(lanh_dao)
    _, cot, dong = _doc(client.get("/?dang=xlsx"))
    assert cot[:3] == ["Đơn vị", "Số chỉ tiêu đạt tiến độ", "Tổng số chỉ tiêu"]
    assert dong["   Huyện An Lão"]["Số chỉ tiêu đạt tiến độ"] == 2
    assert dong["   Huyện An Lão"][next(c for c in cot if c.startswith("CT05"))] == "Chưa có số liệu"
    _, cot, dong = _doc(client.get("/xu-huong/an-lao/CT01/?dang=xlsx"))
    assert cot == ["Năm", "Quý I", "6 tháng", "9 tháng", "Cả năm"]
    assert dong[2023] == {"Năm": 2023, "Quý I": "chưa có số liệu", "6 tháng": 447142, "9 tháng": "chưa có số liệu",
                          "Cả năm": "chưa có số liệu"}


def test_downloads_have_the_pages_access(client, so_lieu, lanh_dao_an_lao):
    client.force_login(lanh_dao_an_lao)
    assert client.get("/don-vi/tuy-phuoc/2023-6t/?dang=xlsx").status_code == 403
    _, _, dong = _doc(client.get("/chi-tieu/CT01/2023-6t/?dang=xlsx"))
    assert list(dong) == [1]
    client.logout()
    assert client.get("/?dang=xlsx").status_code == 302
