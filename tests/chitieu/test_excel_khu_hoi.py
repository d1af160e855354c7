"""Round trips (export → re-import changes nothing; three edited cells → exactly three
changes, applied with history), reading real sheets (moved tables, Vietnamese text
numbers, cached formula values, section rows), formula escaping on export, and who may
import what."""

import io
import os
import re
import zipfile
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import override_settings

from chitieu import bieu_mau, resources, selectors
from chitieu.models import ChiTieu, DonVi, KeHoach, KyBaoCao, TepTam, ThucHien
from tests import factories
from tests.chitieu import excel
from tests.html import chu

LY_DO = "Nhập từ Excel: {}"


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True), open(os.devnull, "w") as im_lang:
        call_command("nap_du_lieu_demo", stdout=im_lang)
    from django.contrib.auth.models import User
    return User.objects.get(username="quan_tri")


def _cac_ky_co_so_lieu():
    return list(KyBaoCao.objects.filter(id__in=ThucHien.objects.values("ky_id")).order_by("nam", "so_thang"))


def test_exporting_all_demo_data_and_importing_it_again_changes_nothing(demo):
    cac_ky = _cac_ky_co_so_lieu()
    assert cac_ky and ThucHien.objects.count() > 50
    truoc = excel.anh_csdl()
    tat_ca = list(DonVi.objects.order_by("thu_tu", "ten_ngan"))
    for ky in cac_ky:
        xt = bieu_mau.xem_truoc_tep(bieu_mau.ghi_bieu_mau(ky, tat_ca), demo)
        assert xt.loi == [] and xt.thay_doi == [], (ky.slug, xt.loi[:3], xt.thay_doi[:3])
        # One sheet per unit that has an indicator set that year (the others have nothing to enter).
        assert xt.so_sheet == sum(bo is not None for bo in selectors.bo_theo_don_vi(tat_ca, ky.nam).values())
    for resource in (resources.ThucHienResource(), resources.KeHoachResource()):
        xt = bieu_mau.xem_truoc_tep(resources.xuat_dang_dai(resource), demo)
        assert xt.loi == [] and xt.thay_doi == [], (type(resource).__name__, xt.loi[:3], xt.thay_doi[:3])
    assert excel.anh_csdl() == truoc


def test_three_cells_changed_in_excel_show_as_exactly_three_changes_and_apply_with_history(client, demo):
    ky = KyBaoCao.objects.filter(thuc_hien__don_vi__ma="an-lao").distinct().order_by("-nam", "-so_thang").first()
    an_lao, khac = DonVi.objects.get(ma="an-lao"), DonVi.objects.exclude(ma="an-lao").filter(
        thuc_hien__ky=ky).distinct().first()
    noi_dung = bieu_mau.ghi_bieu_mau(ky, [an_lao, khac])
    wb = excel.mo(noi_dung)
    ws_al, ws_k = wb.worksheets
    th = ThucHien.objects.filter(don_vi=an_lao, ky=ky, chi_tieu__so_le=0).select_related("chi_tieu").first()
    r1 = excel.dong_cua(ws_al, th.chi_tieu.ma)
    ws_al.cell(r1, excel.cot_cua(ws_al, "th"), f"{int(th.gia_tri) + 1234:,}".replace(",", "."))  # Vietnamese text
    kh = KeHoach.objects.filter(don_vi=an_lao, nam=ky.nam, nguon__ma="kh-huyen").select_related("chi_tieu").first()
    r2 = excel.dong_cua(ws_al, kh.chi_tieu.ma)
    ws_al.cell(r2, excel.cot_cua(ws_al, "kh_huyen"), float(kh.gia_tri) + 10)
    th_k = ThucHien.objects.filter(don_vi=khac, ky=ky).select_related("chi_tieu").first()
    r3 = excel.dong_cua(ws_k, th_k.chi_tieu.ma)
    ws_k.cell(r3, excel.cot_cua(ws_k, "ghi_chu"), "Số liệu của Chi cục Thống kê")
    noi_dung = excel.luu(wb)

    client.force_login(demo)
    tra_loi = excel.tai_len(client, noi_dung, "bieu-mau-da-sua.xlsx")
    html = tra_loi.content.decode()
    thay_doi = excel.cac_thay_doi(html)
    o = {t[0] for t in thay_doi}
    assert len(thay_doi) == 3, thay_doi
    assert o == {f"'{ws_al.title}'!H{r1}", f"'{ws_al.title}'!F{r2}", f"'{ws_k.title}'!H{r3}"}
    assert "3 ô thay đổi" in chu(html)
    assert ThucHien.objects.get(id=th.id).gia_tri == th.gia_tri  # nothing written yet

    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)}, follow=True)
    assert "Đã nhập 3 thay đổi từ tệp bieu-mau-da-sua.xlsx" in chu(tra_loi.content.decode())
    assert ThucHien.objects.get(id=th.id).gia_tri == th.gia_tri + 1234
    assert KeHoach.objects.get(id=kh.id).gia_tri == kh.gia_tri + 10
    assert ThucHien.objects.get(id=th_k.id).ghi_chu == "Số liệu của Chi cục Thống kê"
    for mo_hinh, id_ in ((ThucHien, th.id), (KeHoach, kh.id), (ThucHien, th_k.id)):
        moi_nhat = mo_hinh.history.filter(id=id_).order_by("-history_date", "-history_id").first()
        assert moi_nhat.history_change_reason == LY_DO.format("bieu-mau-da-sua.xlsx")
        assert moi_nhat.history_user == demo
    assert not TepTam.objects.exists()  # the upload is gone once applied
    # Importing the same file again: nothing left to change.
    html = excel.tai_len(client, noi_dung, "lan-2.xlsx").content.decode()
    assert excel.cac_thay_doi(html) == [] and "không có thay đổi nào" in chu(html)


@pytest.fixture
def the_gioi(danh_muc, quan_tri, nhap_lieu_an_lao):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def _cached(noi_dung: bytes, o: str, cong_thuc: str, gia_tri: str) -> bytes:
    """Puts a formula with a cached value in cell `o`, as Excel saves it."""
    ra = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(noi_dung)) as goc, zipfile.ZipFile(ra, "w", zipfile.ZIP_DEFLATED) as z:
        for t in goc.infolist():
            du_lieu = goc.read(t)
            if t.filename == "xl/worksheets/sheet1.xml":
                du_lieu, n = re.subn(rf'<c r="{o}"([^>]*?)(/>|>.*?</c>)'.encode(),
                                     rf'<c r="{o}"\1><f>{cong_thuc}</f><v>{gia_tri}</v></c>'.encode(), du_lieu,
                                     count=1)
                assert n == 1
            z.writestr(t, du_lieu)
    return ra.getvalue()


def test_reading_real_sheets(the_gioi, nhap_lieu_an_lao):
    """A table moved down and right, a note and blank rows, Vietnamese text numbers
    ("1.500" is fifteen hundred), cached values of formulas, no code (exact name)."""
    dm = the_gioi
    wb = excel.mo(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao))
    ws = wb.worksheets[0]
    ws.protection.sheet = False
    ws.insert_rows(5, 3)
    ws.insert_cols(1, 2)
    ws["C5"] = "Ghi chú của người lập: số ước đến 30/6"
    from openpyxl.utils import get_column_letter

    cot_th = excel.cot_cua(ws, "th")  # after the two columns inserted

    def o(ma, cot):
        assert cot == "th"
        return ws.cell(_dong(ws, ma), cot_th)

    def _dong(ws, ma):
        for hang in ws.iter_rows(min_col=6, max_col=6):
            if hang[0].value == ma:
                return hang[0].row
        raise AssertionError(ma)

    o("CT05", "th").value = "1.500"  # thu nhập bình quân, 1 decimal: fifteen hundred
    o("CT08", "th").value = "12,5"
    o("CT16", "th").value = 41  # then replaced by a cached formula below
    o_ct16 = f"{get_column_letter(cot_th)}{_dong(ws, 'CT16')}"
    ten_dong = _dong(ws, "CT03.1")
    ws.cell(ten_dong, 6).value = None  # no code: matched by its exact name
    noi_dung = _cached(excel.luu(wb), o_ct16, "40+2.5", "42.5")
    xt = bieu_mau.xem_truoc_tep(noi_dung, nhap_lieu_an_lao)
    assert xt.loi == []
    moi = {(t.chi_tieu.ma, t.cot): t.moi for t in xt.thay_doi}
    assert moi == {("CT05", "TH 6 tháng 2023"): "1.500", ("CT08", "TH 6 tháng 2023"): "12,5",
                   ("CT16", "TH 6 tháng 2023"): "42,5"}
    bieu_mau.ap_dung(xt, nhap_lieu_an_lao, "that.xlsx")
    assert ThucHien.objects.get(don_vi=dm.an_lao, ky=dm.ky_2023_6t, chi_tieu=dm.ct05).gia_tri == D("1500")
    assert ThucHien.objects.get(don_vi=dm.an_lao, ky=dm.ky_2023_6t, chi_tieu=dm.ct16).gia_tri == D("42.5")


def test_the_form_has_its_title_merged_header_comparisons_and_protection(the_gioi):
    dm = the_gioi
    ws = excel.mo(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao)).worksheets[0]
    assert ws.title == "An Lão"
    assert "Huyện An Lão (mã an-lao)" in ws["A2"].value and "(mã 2023-6t)" in ws["A3"].value
    assert [ws.cell(6, c).value for c in range(1, 16)] == [
        "STT", "Chỉ tiêu", "ĐVT", "Mã", "KH năm 2023", None, "TH cùng kỳ 2022", "TH kỳ này (6 tháng 2023)",
        "So sánh", None, None, "Ước", "Ghi chú", "Đánh giá", "Cách tính"]
    # Each plan column is named by its source (the set's "KH tỉnh giao", "KH huyện giao").
    assert [ws.cell(7, c).value for c in (5, 6, 9, 10, 11)] == ["KH tỉnh giao", "KH huyện giao", "KH tỉnh", "KH huyện",
                                                                "Cùng kỳ"]
    gop = {str(r) for r in ws.merged_cells.ranges}
    assert {"E6:F6", "I6:K6", "A6:A7", "H6:H7"} <= gop
    r = excel.dong_cua(ws, "CT01.1")
    assert ws.cell(r, 8).value == 184510 and ws.cell(r, 5).value == 339580
    # The comparison as the unit's page words it, not an Excel formula.
    assert ws.cell(r, 9).value.replace("\u00a0", " ") == "54,33 %" and ws.cell(r, 9).data_type == "s"
    assert ws.cell(r, 12).value == "x"  # ước
    assert ws.protection.sheet
    assert ws.cell(r, 8).protection.locked is False and ws.cell(r, 5).protection.locked is False
    assert ws.cell(r, 4).protection.locked and ws.cell(r, 7).protection.locked and ws.cell(r, 9).protection.locked
    assert ws.cell(8, 1).value == "I" and ws.cell(8, 2).value == "Kinh tế"  # section row
    assert excel.dong_cua(ws, "CT03.1") and ws.cell(excel.dong_cua(ws, "CT03"), 8).value == 32.454


def test_text_that_would_run_as_a_formula_is_escaped_on_export_and_comes_back_unchanged(the_gioi, quan_tri):
    dm = the_gioi
    nguy_hiem = ['=HYPERLINK("http://x.example","bấm")', "+84 905 000 000", "-5 % so với cùng kỳ", "@SUM(A1)"]
    for ct, ghi_chu in zip([dm.ct01, dm.ct01_1, dm.ct01_2, dm.ct01_3], nguy_hiem):
        ThucHien.objects.filter(don_vi=dm.an_lao, ky=dm.ky_2023_6t, chi_tieu=ct).update(ghi_chu=ghi_chu)
    ChiTieu.objects.filter(id=dm.ct05.id).update(ten="=1+1 thu nhập")
    KeHoach.objects.filter(don_vi=dm.an_lao, chi_tieu=dm.ct01).update(can_cu="=WEBSERVICE(\"http://x\")")

    bieu = excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao)
    ws = excel.mo(bieu).worksheets[0]
    for ct, ghi_chu in zip(["CT01", "CT01.1", "CT01.2", "CT01.3"], nguy_hiem):
        o = ws.cell(excel.dong_cua(ws, ct), 13)
        assert o.value == "'" + ghi_chu and o.data_type == "s"
    assert ws.cell(excel.dong_cua(ws, "CT05"), 2).value == "'=1+1 thu nhập"
    dai_th = excel.mo(resources.xuat_dang_dai(resources.ThucHienResource())).worksheets[0]
    gia_tri = [o.value for hang in dai_th.iter_rows() for o in hang]
    assert "'" + nguy_hiem[0] in gia_tri and nguy_hiem[0] not in gia_tri
    assert all(o.data_type != "f" for hang in dai_th.iter_rows() for o in hang)
    dai_kh = excel.mo(resources.xuat_dang_dai(resources.KeHoachResource())).worksheets[0]
    assert "'=WEBSERVICE(\"http://x\")" in [o.value for hang in dai_kh.iter_rows() for o in hang]
    # Re-importing restores the text exactly: no change.
    for tep in (bieu, resources.xuat_dang_dai(resources.ThucHienResource()),
                resources.xuat_dang_dai(resources.KeHoachResource())):
        xt = bieu_mau.xem_truoc_tep(tep, quan_tri)
        assert xt.loi == [] and xt.thay_doi == []


def test_a_workbook_with_a_sheet_the_user_may_not_write_imports_nothing(client, the_gioi, nhap_lieu_an_lao):
    dm = the_gioi
    bieu = bieu_mau.ghi_bieu_mau(dm.ky_2023_6t, [dm.an_lao, dm.tuy_phuoc])
    bieu = excel.sua(bieu, {("CT05", "th"): 50})  # a change to An Lão, which is theirs
    client.force_login(nhap_lieu_an_lao)
    truoc = excel.anh_csdl()
    html = excel.tai_len(client, bieu).content.decode()
    assert "Bạn không có quyền nhập số liệu cho Huyện Tuy Phước" in chu(html)
    assert excel.url_xac_nhan(html) is None
    assert not TepTam.objects.exists()  # a file that cannot be imported is not kept
    assert excel.anh_csdl() == truoc


def test_only_writers_may_upload_and_only_the_uploader_may_confirm(client, the_gioi, nhap_lieu_an_lao, lanh_dao,
                                                                    nhap_lieu_tuy_phuoc):
    dm = the_gioi
    bieu = excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT05", "th"): 50})
    client.force_login(lanh_dao)
    assert client.get("/excel/nhap/").status_code == 403
    assert excel.tai_len(client, bieu).status_code == 403
    assert not TepTam.objects.exists()
    # Leaders may download the form of the units they see.
    assert client.get("/excel/bieu-mau/an-lao/2023-6t/").status_code == 200

    client.force_login(nhap_lieu_an_lao)
    html = excel.tai_len(client, bieu).content.decode()
    tam = TepTam.objects.get()
    assert tam.nguoi_dung == nhap_lieu_an_lao and tam.kich_thuoc == len(tam.du_lieu)
    assert [(o.chi_tieu.ma, o.gia_tri) for o in bieu_mau.mo_goi(bytes(tam.du_lieu)).o
            if o.ky and o.gia_tri is not None and o.chi_tieu.ma == "CT05"] == [("CT05", 50)]
    client.force_login(nhap_lieu_tuy_phuoc)
    tra_loi = client.post(f"/excel/nhap/{tam.ma}/xac-nhan/", {"dau_van_tay": excel.van_tay(html)}, follow=True)
    assert "Không tìm thấy tệp đã tải lên" in chu(tra_loi.content.decode())
    assert not ThucHien.objects.filter(chi_tieu=dm.ct05).exists()
    assert "Không tìm thấy tệp" in chu(client.get(f"/excel/nhap/{tam.ma}/", follow=True).content.decode())

    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(f"/excel/nhap/{tam.ma}/xac-nhan/", {"dau_van_tay": excel.van_tay(html)})
    assert tra_loi.status_code == 302 and tra_loi["Location"] == "/nhap-lieu/an-lao/2023-6t/"
    assert ThucHien.objects.get(chi_tieu=dm.ct05).gia_tri == 50


def test_a_confirm_applies_only_what_the_preview_showed(client, the_gioi, nhap_lieu_an_lao):
    dm = the_gioi
    bieu = excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT05", "th"): 50})
    client.force_login(nhap_lieu_an_lao)
    html = excel.tai_len(client, bieu).content.decode()
    factories.dat_thuc_hien(dm.an_lao, dm.ct05, dm.ky_2023_6t, "40")  # someone else, meanwhile
    tra_loi = client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)}, follow=True)
    assert "Số liệu đã thay đổi kể từ lúc xem trước" in chu(tra_loi.content.decode())
    assert ThucHien.objects.get(chi_tieu=dm.ct05).gia_tri == 40
    assert ["40", "50"] == list(excel.cac_thay_doi(tra_loi.content.decode())[0][1:])


def test_an_expired_upload_is_gone(client, the_gioi, nhap_lieu_an_lao):
    from datetime import timedelta

    from django.utils import timezone
    client.force_login(nhap_lieu_an_lao)
    excel.tai_len(client, excel.bieu_mau_xlsx(the_gioi.ky_2023_6t, the_gioi.an_lao))
    tam = TepTam.objects.get()
    TepTam.objects.update(het_han=timezone.now() - timedelta(minutes=1))
    assert "Không tìm thấy tệp" in chu(client.get(f"/excel/nhap/{tam.ma}/", follow=True).content.decode())
    excel.tai_len(client, excel.bieu_mau_xlsx(the_gioi.ky_2023_6t, the_gioi.an_lao))
    assert not TepTam.objects.filter(ma=tam.ma).exists() and TepTam.objects.count() == 1  # expired ones purged


def test_period_export_has_one_sheet_per_unit_the_user_sees(client, the_gioi, nhap_lieu_an_lao, quan_tri):
    client.force_login(quan_tri)
    tra_loi = client.get("/excel/bieu-mau/2023-6t/")
    assert tra_loi["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="bieu-mau-2023-6t.xlsx"' in tra_loi["Content-Disposition"]
    assert excel.mo(tra_loi.content).sheetnames == ["Bình Định", "An Lão", "Tuy Phước"]
    client.force_login(nhap_lieu_an_lao)
    assert excel.mo(client.get("/excel/bieu-mau/2023-6t/").content).sheetnames == ["An Lão"]
    assert client.get("/excel/bieu-mau/tuy-phuoc/2023-6t/").status_code == 403


def test_the_entry_page_links_to_the_form_and_the_import(client, the_gioi, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    html = client.get("/nhap-lieu/an-lao/2023-6t/").content.decode()
    assert 'href="/excel/bieu-mau/an-lao/2023-6t/"' in html
    assert 'href="/excel/nhap/?tiep=/nhap-lieu/an-lao/2023-6t/"' in html


def test_the_admin_exports_the_long_format_and_links_to_the_import(client, the_gioi, quan_tri, nhap_lieu_an_lao):
    client.force_login(quan_tri)
    html = client.get("/admin/chitieu/thuchien/").content.decode()
    assert 'href="/excel/nhap/"' in html and "/admin/chitieu/thuchien/export/" in html
    assert client.get("/admin/chitieu/thuchien/export/").status_code == 200
    assert client.get("/admin/chitieu/kehoach/export/").status_code == 200
    assert client.get("/admin/chitieu/chitieu/import/").status_code == 200
    assert "/excel/bieu-mau/2023-6t/" in client.get("/admin/chitieu/kybaocao/").content.decode()
    dong = list(excel.mo(resources.xuat_dang_dai(resources.ThucHienResource())).worksheets[0].iter_rows(
        values_only=True))
    assert dong[0] == tuple(resources.COT_THUC_HIEN)
    assert ("an-lao", "2023-6t", "CT01", 447142, 1, "") in [tuple("" if v is None else v for v in d) for d in dong]
    nhap_lieu_an_lao.is_staff = True
    nhap_lieu_an_lao.save()
    client.force_login(nhap_lieu_an_lao)
    assert client.get("/admin/chitieu/thuchien/export/").status_code in (302, 403)


def test_the_catalog_round_trips_through_the_admin_resources(the_gioi):
    for resource in (resources.DonViResource(), resources.ChiTieuResource()):
        ket_qua = resource.import_data(resource.export(), dry_run=True)
        assert not ket_qua.has_errors() and not ket_qua.has_validation_errors()
        assert {dong.import_type for dong in ket_qua.rows} <= {"skip"}, type(resource).__name__


def test_the_long_format_sets_plans_with_their_basis_and_clears_an_actual(client, the_gioi, tong_hop):
    dm = the_gioi
    ke_hoach = excel.dai(["nam", "ma_don_vi", "ma_chi_tieu", "cap_giao", "gia_tri", "can_cu"],
                         [2023, "tuy-phuoc", "CT05", "tinh", "45,5", "Quyết định 19/QĐ-UBND"], ten="kh")
    wb = excel.mo(ke_hoach)
    ws = wb.create_sheet("th")
    ws.append(["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri", "la_uoc", "ghi_chu"])
    ws.append(["an-lao", "2023-6t", "CT03.1", None, 0, ""])  # clears 12,5
    client.force_login(tong_hop)
    html = excel.tai_len(client, excel.luu(wb), "dai.xlsx").content.decode()
    assert sorted(excel.cac_thay_doi(html)) == [
        ("kh!E2 (dòng 2, cột gia_tri)", "(trống)", "45,5 — Quyết định 19/QĐ-UBND"),
        ("th!D2 (dòng 2, cột gia_tri)", "12,5 (ước)", "(trống)"),
    ]
    assert "số liệu đang có sẽ bị xóa" in chu(html)
    client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)})
    kh = KeHoach.objects.get(don_vi=dm.tuy_phuoc, chi_tieu=dm.ct05, nguon__ma="kh-tinh", nam=2023)
    assert (kh.gia_tri, kh.can_cu) == (D("45.5"), "Quyết định 19/QĐ-UBND")
    assert not ThucHien.objects.filter(don_vi=dm.an_lao, ky=dm.ky_2023_6t, chi_tieu=dm.ct03_1).exists()
    xoa = ThucHien.history.filter(chi_tieu=dm.ct03_1, history_type="-").get()
    assert xoa.history_change_reason == "Nhập từ Excel: dai.xlsx" and xoa.history_user == tong_hop


def test_the_long_format_carries_sources_revisions_bounds_and_phases_both_ways(client, the_gioi, tong_hop):
    dm = the_gioi
    ke_hoach = excel.dai(["nam", "ma_don_vi", "ma_chi_tieu", "nguon", "gia_tri", "hieu_luc_tu", "can_cu", "tien_do"],
                         [2023, "an-lao", "CT03", "kh-tinh", "50", "01/10/2023", "Quyết định 2345/QĐ-UBND", ""],
                         [2023, "an-lao", "CT02", "kh-tinh", "≥ 10,27", None, "Nghị quyết tỉnh", ""],
                         [2023, "an-lao", "CT08", "kh-huyen", "2,5–2,75", None, "NQ huyện", ""],
                         [2023, "an-lao", "CT01", "kh-tinh", 843000, None, "QĐ 19", "3: 20; 6: 45; 9: 70"],
                         ten="kh")
    client.force_login(tong_hop)
    html = excel.tai_len(client, ke_hoach, "ke-hoach.xlsx").content.decode()
    thay_doi = {o: (cu, moi) for o, cu, moi in excel.cac_thay_doi(html)}
    assert thay_doi["kh!E2 (dòng 2, cột gia_tri)"] == ("(trống)", "50 — Quyết định 2345/QĐ-UBND")
    assert thay_doi["kh!E3 (dòng 3, cột gia_tri)"] == ("(trống)", "≥ 10,27 — Nghị quyết tỉnh")
    assert thay_doi["kh!E4 (dòng 4, cột gia_tri)"] == ("(trống)", "2,5–2,75 — NQ huyện")
    assert thay_doi["kh!E5 (dòng 5, cột gia_tri)"] == ("843.000", "843.000 — tiến độ 3: 20; 6: 45; 9: 70 — QĐ 19")
    assert "KH tỉnh giao 2023 (hiệu lực 01/10)" in chu(html)
    client.post(excel.url_xac_nhan(html), {"dau_van_tay": excel.van_tay(html)})
    dieu_chinh = KeHoach.objects.get(don_vi=dm.an_lao, chi_tieu=dm.ct03, nguon__ma="kh-tinh",
                                     hieu_luc_tu=date(2023, 10, 1))
    assert dieu_chinh.gia_tri == D(50)
    assert KeHoach.objects.filter(don_vi=dm.an_lao, chi_tieu=dm.ct03, nguon__ma="kh-tinh").count() == 2
    assert KeHoach.objects.get(don_vi=dm.an_lao, chi_tieu=dm.ct01, nguon__ma="kh-tinh").tien_do == {
        "3": "20", "6": "45", "9": "70"}
    # Exported, it reads back as it was written, and re-importing changes nothing.
    xuat = resources.xuat_dang_dai(resources.KeHoachResource())
    dong = [tuple("" if v is None else v for v in d) for d in excel.mo(xuat).worksheets[0].iter_rows(values_only=True)]
    assert dong[0] == tuple(resources.COT_KE_HOACH)
    assert ("2023", "an-lao", "CT03", "kh-tinh", 50, "01/10/2023", "Quyết định 2345/QĐ-UBND", "") in dong
    assert ("2023", "an-lao", "CT02", "kh-tinh", "≥ 10,27", "", "Nghị quyết tỉnh", "") in dong
    assert ("2023", "an-lao", "CT01", "kh-tinh", 843000, "", "QĐ 19", "3: 20; 6: 45; 9: 70") in dong
    xt = bieu_mau.xem_truoc_tep(xuat, tong_hop)
    assert xt.loi == [] and xt.thay_doi == []


def test_the_form_reads_a_plan_cell_as_the_version_its_period_is_compared_with(the_gioi, tong_hop):
    dm = the_gioi
    factories.dat_ke_hoach_nguon(dm.an_lao, dm.ct03, 2023, factories.nguon("kh-tinh"), "60",
                                 hieu_luc_tu=date(2023, 10, 1))
    cuoi_nam = factories.ky(2023, 12)
    wb = excel.mo(excel.bieu_mau_xlsx(cuoi_nam, dm.an_lao))
    ws = wb.worksheets[0]
    o = ws.cell(excel.dong_cua(ws, "CT03"), excel.cot_cua(ws, "kh_tinh"))
    assert o.value == 60  # the year-end form shows the revision…
    o.value = "≥ 65"
    xt = bieu_mau.xem_truoc_tep(excel.luu(wb), tong_hop)
    assert xt.loi == []
    assert [(t.cot, t.cu, t.moi) for t in xt.thay_doi] == [("KH tỉnh giao 2023 (hiệu lực 01/10)", "60", "≥ 65")]
    bieu_mau.ap_dung(xt, tong_hop, "cuoi-nam.xlsx")
    assert KeHoach.objects.get(chi_tieu=dm.ct03, nguon__ma="kh-tinh", hieu_luc_tu=date(2023, 10, 1)).kieu == "toi_thieu"
    # …and the mid-year form the January plan, untouched.
    assert KeHoach.objects.get(chi_tieu=dm.ct03, nguon__ma="kh-tinh", hieu_luc_tu=date(2023, 1, 1)).gia_tri == \
        D("41.830")


def test_a_form_written_before_plan_sources_still_reads(the_gioi, tong_hop):
    """Forms already downloaded name the plan columns "Tỉnh giao" / "Huyện giao"."""
    dm = the_gioi
    wb = excel.mo(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao))
    ws = wb.worksheets[0]
    c_tinh, c_huyen = excel.cot_cua(ws, "kh_tinh"), excel.cot_cua(ws, "kh_huyen")
    ws.cell(7, c_tinh).value, ws.cell(7, c_huyen).value = "Tỉnh giao", "Huyện giao"
    ws.cell(excel.dong_cua(ws, "CT05"), c_huyen).value = 39
    xt = bieu_mau.xem_truoc_tep(excel.luu(wb), tong_hop)
    assert xt.loi == []
    assert [(t.chi_tieu.ma, t.cot, t.moi) for t in xt.thay_doi] == [("CT05", "KH huyện giao 2023", "39")]


@pytest.mark.parametrize("tiep", ["/\\evil.example/", "/\\\\evil.example", "//evil.example/", "https://evil.example/",
                                  "javascript:alert(1)", "/nhap-lieu/\\evil.example", "evil.example"])
def test_the_way_back_is_only_ever_a_path_of_this_site(client, the_gioi, nhap_lieu_an_lao, tiep):
    client.force_login(nhap_lieu_an_lao)
    html = client.get("/excel/nhap/", {"tiep": tiep}).content.decode()
    assert "evil" not in html and "javascript:" not in html
    tep = io.BytesIO(excel.sua(excel.bieu_mau_xlsx(the_gioi.ky_2023_6t, the_gioi.an_lao), {("CT05", "th"): 50}))
    tep.name = "x.xlsx"
    tra_loi = client.post("/excel/nhap/", {"tep": tep, "tiep": tiep})
    assert tra_loi.status_code == 302 and "tiep" not in tra_loi["Location"]
    assert "evil" not in client.get(tra_loi["Location"], {"tiep": tiep}).content.decode()


def test_the_way_back_to_an_entry_page_is_kept(client, the_gioi, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    tep = io.BytesIO(excel.sua(excel.bieu_mau_xlsx(the_gioi.ky_2023_6t, the_gioi.an_lao), {("CT05", "th"): 50}))
    tep.name = "x.xlsx"
    tra_loi = client.post("/excel/nhap/", {"tep": tep, "tiep": "/nhap-lieu/an-lao/2023-6t/"})
    assert tra_loi["Location"].endswith("?tiep=%2Fnhap-lieu%2Fan-lao%2F2023-6t%2F")
    html = client.get(tra_loi["Location"]).content.decode()
    assert 'name="tiep" value="/nhap-lieu/an-lao/2023-6t/"' in html
