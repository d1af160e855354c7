"""The Excel form shows what the unit's page shows: the comparisons as the page words
them (a rate by its gap in points), the status, a growth rate computed from its base;
what the page computes is not read back; and it prints on A4 landscape, one page wide."""

import os
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from chitieu import bieu_mau, dinh_dang
from chitieu.models import ChiTieu, DonVi, KyBaoCao
from tests.chitieu import excel
from tests.html import o_cua_dong


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True), open(os.devnull, "w") as im_lang:
        call_command("nap_du_lieu_demo", stdout=im_lang)
    from django.contrib.auth.models import User
    return User.objects.get(username="quan_tri")


@pytest.fixture
def an_lao_6t(demo):
    return DonVi.objects.get(ma="an-lao"), KyBaoCao.objects.get(nam=2023, so_thang=6)


def _cac_dong(ws) -> dict[str, int]:
    c = excel.cot_cua(ws, "ma")
    return {o.value: o.row for (o,) in ws.iter_rows(min_row=8, min_col=c, max_col=c) if o.value}


def test_every_comparison_status_and_actual_of_the_form_is_what_the_unit_page_shows(client, demo, an_lao_6t):
    an_lao, ky = an_lao_6t
    ws = excel.mo(bieu_mau.ghi_bieu_mau(ky, [an_lao])).worksheets[0]
    client.force_login(demo)
    html = client.get(f"/don-vi/an-lao/{ky.slug}/").content.decode()
    # The page's columns: Chỉ tiêu, ĐVT, KH tỉnh giao, KH huyện giao, TH cùng kỳ, TH, So KH tỉnh, So KH huyện,
    # So cùng kỳ, Đánh giá. The form's comparison columns sit under "So sánh" (row 7: KH tỉnh, KH huyện, Cùng kỳ).
    cot_so = [excel.cot_cua(ws, "KH tỉnh") + 4, excel.cot_cua(ws, "KH tỉnh") + 5, excel.cot_cua(ws, "Cùng kỳ")]
    assert [ws.cell(7, c).value for c in cot_so] == ["KH tỉnh", "KH huyện", "Cùng kỳ"]
    cot_th, cot_dg = excel.cot_cua(ws, "th"), excel.cot_cua(ws, "Đánh giá")
    dong = _cac_dong(ws)
    assert len(dong) >= 19
    gap = co_so = 0
    so_le = dict(ChiTieu.objects.values_list("ma", "so_le"))
    for ma, r in dong.items():
        trang = o_cua_dong(html, ma)
        so_trang, danh_gia_trang = trang[6:9], trang[9]
        assert [ws.cell(r, c).value for c in cot_so] == so_trang, ma
        assert ws.cell(r, cot_dg).value == danh_gia_trang, ma
        gap += any("điểm %" in v for v in so_trang)
        th = ws.cell(r, cot_th).value
        if th is None:
            assert "chưa có số liệu" in trang[5] or "thiếu" in trang[5], ma
        else:  # the page's figure, written as the page writes it (its "ư" mark sits in a sup)
            assert dinh_dang.so(Decimal(str(th)), so_le[ma]) == trang[5].removesuffix(" ư"), ma
            co_so += 1
    assert gap >= 3 and co_so >= 15  # the rates are compared by their gap in points, as the page does
    # The seed: CT01 "đạt 53,04 % so với KH tỉnh giao; đạt 52,69 % so với KH huyện giao".
    assert [ws.cell(dong["CT01"], c).value.replace("\u00a0", " ") for c in cot_so[:2]] == ["53,04 %", "52,69 %"]


def test_a_growth_rate_computed_from_its_base_is_filled_locked_and_not_read_back(client, demo, an_lao_6t):
    an_lao, ky = an_lao_6t
    noi_dung = bieu_mau.ghi_bieu_mau(ky, [an_lao])
    wb = excel.mo(noi_dung)
    ws = wb.worksheets[0]
    r, cot_th = _cac_dong(ws)["CT02"], excel.cot_cua(ws, "th")
    client.force_login(demo)
    trang = o_cua_dong(client.get(f"/don-vi/an-lao/{ky.slug}/").content.decode(), "CT02")
    assert trang[5].removesuffix(" ư") == dinh_dang.so(Decimal(str(ws.cell(r, cot_th).value)), 2) != "—"
    assert ws.cell(r, excel.cot_cua(ws, "Cách tính")).value == "Tự tính từ CT01"
    assert ws.cell(r, cot_th).protection.locked
    # Unchanged, the form changes nothing; a computed figure typed over changes nothing either.
    assert bieu_mau.xem_truoc_tep(noi_dung, demo).thay_doi == []
    ws.protection.sheet = False
    ws.cell(r, cot_th).value = 99
    xt = bieu_mau.xem_truoc_tep(excel.luu(wb), demo)
    assert xt.loi == [] and xt.thay_doi == []


def test_the_form_prints_on_a4_landscape_one_page_wide_with_its_header_on_every_page(an_lao_6t):
    an_lao, ky = an_lao_6t
    ws = excel.mo(bieu_mau.ghi_bieu_mau(ky, [an_lao])).worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$6:$7"
