"""Excel numbers as the indicator keeps them: a spreadsheet number with more decimals than
the indicator is rounded half-up with a warning naming the cell and both values; every
error shows the value as read; and a value 100× off both the plan and last year blocks
the confirm until it is acknowledged, as in the grid."""

import os
import re
from datetime import datetime
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import override_settings
from openpyxl.utils import get_column_letter

from chitieu import bieu_mau, dinh_dang
from chitieu.models import DonVi, KeHoach, KyBaoCao, ThucHien
from tests import factories
from tests.chitieu import excel
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import chu

S = "'An Lão'"


@pytest.fixture
def the_gioi(danh_muc, quan_tri, nhap_lieu_an_lao):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def _o(noi_dung: bytes, ma: str, cot: str, sheet: int = 0) -> str:
    ws = excel.mo(noi_dung).worksheets[sheet]
    return f"{S}!{get_column_letter(excel.cot_cua(ws, cot))}{excel.dong_cua(ws, ma)}"


def _xem_truoc(client, noi_dung: bytes) -> tuple[str, str]:
    html = excel.tai_len(client, noi_dung).content.decode()
    return html, chu(html).replace("&#x27;", "'")


def test_a_number_shown_rounded_is_stored_rounded_half_up_with_the_cell_and_both_values(client, the_gioi,
                                                                                           nhap_lieu_an_lao):
    dm = the_gioi
    mau = excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao)
    noi_dung = excel.sua(mau, {("CT05", "th"): 34.63, ("CT03.1", "th"): 12.3456, ("CT01.1", "th"): 184510.5,
                               ("CT16", "th"): 45.25, ("CT05", "kh_tinh"): 38.05})
    client.force_login(nhap_lieu_an_lao)
    html, van_ban = _xem_truoc(client, noi_dung)
    lam_tron = re.findall(r"<li><code>(.*?)</code>: (.*?)</li>",
                          re.search(r'id="danh-sach-lam-tron">(.*?)</ul>', html, re.S).group(1))
    assert [(o.replace("&#x27;", "'"), t) for o, t in lam_tron] == [
        (_o(mau, "CT01.1", "th"), "đọc 184.510,5 → lưu 184.511 (CT01.1 lưu 0 chữ số thập phân)"),
        (_o(mau, "CT03.1", "th"), "đọc 12,3456 → lưu 12,346 (CT03.1 lưu 3 chữ số thập phân)"),
        (_o(mau, "CT05", "kh_tinh"), "đọc 38,05 → lưu 38,1 (CT05 lưu 1 chữ số thập phân)"),
        (_o(mau, "CT05", "th"), "đọc 34,63 → lưu 34,6 (CT05 lưu 1 chữ số thập phân)"),
        (_o(mau, "CT16", "th"), "đọc 45,25 → lưu 45,3 (CT16 lưu 1 chữ số thập phân)"),
    ]
    assert "lỗi" not in van_ban.split("Số được làm tròn")[0]
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)}, follow=True)
    assert "Đã nhập 5 thay đổi" in tra_loi.content.decode()
    th = {t.chi_tieu.ma: t.gia_tri for t in ThucHien.objects.filter(ky=dm.ky_2023_6t).select_related("chi_tieu")}
    assert (th["CT05"], th["CT03.1"], th["CT01.1"], th["CT16"]) == (D("34.6"), D("12.346"), D("184511"), D("45.3"))
    assert KeHoach.objects.get(chi_tieu=dm.ct05, nguon__ma="kh-tinh").gia_tri == D("38.1")


def test_the_long_format_rounds_the_same_way(the_gioi, tong_hop):
    noi_dung = excel.dai(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri"], ["an-lao", "2023-6t", "CT05", 34.63])
    xt = bieu_mau.xem_truoc_tep(noi_dung, tong_hop)
    assert xt.loi == []
    assert xt.lam_tron == [("Sheet!D2 (dòng 2, cột gia_tri)", "đọc 34,63 → lưu 34,6 (CT05 lưu 1 chữ số thập phân)")]
    assert [(t.cu, t.moi) for t in xt.thay_doi] == [("(trống)", "34,6")]


@pytest.mark.parametrize(("gia_tri", "thong_bao"), [
    ("32,45678", "CT03: đọc được 32,45678 — Chỉ tiêu “Tổng thu ngân sách nhà nước trên địa bàn” "
                 "nhận tối đa 3 chữ số thập phân."),  # typed as text: what you see is what is there
    ("1,500", None),
    (-5, "CT03: đọc được -5 — Chỉ tiêu “Tổng thu ngân sách nhà nước trên địa bàn” không nhận số âm."),
    (True, "TH kỳ này của CT03: Ô số chứa giá trị đúng/sai (đọc được: TRUE), không phải số."),
    (datetime(2023, 6, 30), "TH kỳ này của CT03: Ô chứa ngày/giờ hoặc kiểu dữ liệu khác (datetime, đọc được: "
                            "2023-06-30 00:00:00), không phải số."),
    ("khoảng 32", "TH kỳ này của CT03: “khoảng 32” không phải số"),
])
def test_every_error_shows_the_value_as_read(the_gioi, nhap_lieu_an_lao, gia_tri, thong_bao):
    dm = the_gioi
    mau = excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao)
    o = "CT01.1" if gia_tri == "1,500" else "CT03"
    xt = bieu_mau.xem_truoc_tep(excel.sua(mau, {(o, "th"): gia_tri}), nhap_lieu_an_lao)
    assert [vt for vt, _ in xt.loi] == [_o(mau, o, "th")]
    if thong_bao is None:  # "1,500" is one and a half: a whole-number indicator refuses it, never rounds it
        assert xt.loi[0][1].startswith("CT01.1: đọc được 1,500 — ") and "chỉ nhận số nguyên" in xt.loi[0][1]
        assert xt.lam_tron == []
    else:
        assert xt.loi[0][1].startswith(thong_bao), xt.loi[0][1]


# -- a value 100× off the plan and last year ---------------------------------------------------


@pytest.fixture
def ngan_sach(the_gioi):
    """CT03 (tỷ đồng) of An Lão: KH tỉnh giao 180 in 2023 (90 expected after 6 months), 76 in 6 tháng 2022."""
    dat_ke_hoach(the_gioi.an_lao, the_gioi.ct03, 2023, tinh="180")
    dat_thuc_hien(the_gioi.an_lao, the_gioi.ct03, the_gioi.ky_2022_6t, "76")
    return the_gioi


def test_92_500_in_the_excel_preview_blocks_confirm_until_it_is_acknowledged(client, ngan_sach, nhap_lieu_an_lao):
    dm = ngan_sach
    mau = excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao)
    noi_dung = excel.sua(mau, {("CT03", "th"): "92.500", ("CT05", "th"): 38.6})
    client.force_login(nhap_lieu_an_lao)
    html, van_ban = _xem_truoc(client, noi_dung)
    o = _o(mau, "CT03", "th")
    assert "1 ô cần xác nhận" in van_ban
    danh_sach = chu(re.search(r'id="danh-sach-can-xac-nhan">(.*?)</ul>', html, re.S).group(1)).replace("&#x27;", "'")
    assert danh_sach.startswith(f"{o} : CT03 (An Lão): Cần xác nhận: đọc là 92.500 tỷ đồng, gấp 100 lần trở lên cả "
                                "mức kế hoạch kỳ này (90 tỷ đồng) và cùng kỳ năm trước (76 tỷ đồng) — có phải 92,5?")
    assert re.search(r'<input type="checkbox" class="form-check-input" name="xac_nhan_bac_do" value="([^"]+)"',
                     html).group(1).replace("&#x27;", "'") == o
    truoc = excel.anh_csdl()
    # Confirming without acknowledging imports nothing, not even the other cell.
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)}, follow=True)
    assert f"Chưa nhập gì: còn 1 ô có số gấp hoặc chưa bằng 1/100 kế hoạch và cùng kỳ mà chưa được xác nhận ({o})" \
        in chu(tra_loi.content.decode()).replace("&#x27;", "'")
    assert excel.anh_csdl() == truoc
    # Acknowledged, it imports.
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html), "xac_nhan_bac_do": o},
                          follow=True)
    assert "Đã nhập 2 thay đổi" in tra_loi.content.decode()
    assert ThucHien.objects.get(ky=dm.ky_2023_6t, chi_tieu=dm.ct03).gia_tri == D("92500")


def test_a_plan_raised_in_the_same_file_is_what_the_value_is_held_against(ngan_sach, nhap_lieu_an_lao):
    dm = ngan_sach
    mau = excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao)
    xt = bieu_mau.xem_truoc_tep(excel.sua(mau, {("CT03", "th"): 92500, ("CT03", "kh_tinh"): 185000}),
                                nhap_lieu_an_lao)
    assert xt.loi == [] and xt.can_xac_nhan == []


# -- the province form of every unit, re-typed with two more decimals ------------------------


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True), open(os.devnull, "w") as im_lang:
        call_command("nap_du_lieu_demo", stdout=im_lang)
    from django.contrib.auth.models import User
    return User.objects.get(username="tong_hop")


def test_the_province_form_retyped_two_decimals_finer_imports_with_one_warning_per_rounded_cell(client, demo):
    ky = KyBaoCao.objects.get(nam=2023, so_thang=6)
    cac_don_vi = list(DonVi.objects.order_by("thu_tu", "ten_ngan"))
    wb = excel.mo(bieu_mau.ghi_bieu_mau(ky, cac_don_vi))
    so_le = {ct.ma: ct.so_le for ct in bieu_mau.DanhMuc().chi_tieu.values()}
    lech = [D("0.37"), D("-0.37"), D("0.49"), D("-0.49"), D("0.12"), D("-0.12")]
    mong_doi: dict[str, D] = {}
    vt = {k: excel.cot_cua(wb.worksheets[0], k) for k in ("ma", "kh_tinh", "kh_huyen", "th", "Cách tính")}
    for ws in wb.worksheets:
        for hang in ws.iter_rows(min_row=bieu_mau.DONG_TIEU_DE + 2):
            ma = hang[vt["ma"] - 1].value
            if ma not in so_le:
                continue
            for cot in ("kh_tinh", "kh_huyen", "th"):
                o = hang[vt[cot] - 1]
                if o.value is None or (cot == "th" and hang[vt["Cách tính"] - 1].value):
                    continue  # an actual the page computes (growth rate, sum of units) is not read back
                don_vi_nho = D(1).scaleb(-so_le[ma])
                goc = D(str(o.value))
                moi = goc + lech[len(mong_doi) % len(lech)] * don_vi_nho
                assert moi.as_tuple().exponent == -(so_le[ma] + 2)  # two decimals more than allowed
                o.value = float(moi)
                ten = ws.title if re.fullmatch(r"[A-Za-z0-9_]+", ws.title) else f"'{ws.title}'"
                mong_doi[f"{ten}!{o.column_letter}{o.row}"] = moi.quantize(don_vi_nho, rounding=ROUND_HALF_UP)
    assert len(wb.worksheets) == 12 and len(mong_doi) > 400
    noi_dung = excel.luu(wb)
    # The period's actuals are cleared first, so the import writes every one of them again.
    ThucHien.objects.filter(ky=ky).delete()

    client.force_login(demo)
    html, van_ban = _xem_truoc(client, noi_dung)
    lam_tron = re.findall(r"<li><code>(.*?)</code>: đọc ([\d.,-]+) → lưu ([\d.,-]+) ",
                          re.search(r'id="danh-sach-lam-tron">(.*?)</ul>', html, re.S).group(1))
    assert len(lam_tron) == len(mong_doi)  # one warning per rounded cell…
    assert {o.replace("&#x27;", "'"): dinh_dang.doc_so(luu) for o, _, luu in lam_tron} == mong_doi
    assert 'id="danh-sach-loi"' not in html and "lỗi" not in re.search(r'id="tom-tat">(.*?)</p>', html,
                                                                       re.S).group(1)  # …and no error
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)}, follow=True)
    assert "Đã nhập" in tra_loi.content.decode()
    # The stored values are the rounded ones (here: the figures before they were re-typed).
    ws_ten = {ws.title: ws for ws in wb.worksheets}
    for vi_tri, gia_tri in mong_doi.items():
        ten, o = vi_tri.rsplit("!", 1)
        ws = ws_ten[ten.strip("'")]
        hang = ws[o].row
        ma = ws.cell(hang, vt["ma"]).value
        ma_dv = re.search(r"\(mã ([^)]+)\)", ws["A2"].value).group(1)
        cot = {get_column_letter(vt[k]): k for k in ("kh_tinh", "kh_huyen", "th")}[re.sub(r"\d", "", o)]
        if cot == "th":
            luu = ThucHien.objects.get(don_vi__ma=ma_dv, ky=ky, chi_tieu__ma=ma).gia_tri
        else:
            luu = KeHoach.objects.get(don_vi__ma=ma_dv, nam=2023, chi_tieu__ma=ma,
                                      nguon__ma=cot.replace("_", "-")).gia_tri
        assert luu == gia_tri, vi_tri
