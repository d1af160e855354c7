"""The form of all of a province's units, one sheet per unit, at the size of a province
of communes (135, as Gia Lai since 1 July 2025): it round-trips, and an edit on the
last sheet comes back as exactly that change."""

from io import StringIO

import pytest
from django.core.management import call_command

from chitieu import bieu_mau
from chitieu.models import ChiTieu, DonVi, KyBaoCao, ThucHien
from tests import factories
from tests.chitieu import excel


@pytest.mark.django_db
def test_a_form_of_135_units_reimports_without_change_and_an_edit_on_its_last_sheet_is_one_change(settings):
    settings.EXCEL_PARSE_SECONDS = 600  # this test is about content; a loaded machine reads 135 sheets slowly
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=1, huyen=135, chi_tieu=25, nam=2, tu_nam=2022)
    quan_tri = factories.tao_nguoi_dung("quan_tri_tinh", factories.QUAN_TRI)
    ky = KyBaoCao.objects.get(nam=2023, so_thang=6)
    cac_don_vi = list(DonVi.objects.filter(cha__isnull=False).order_by("thu_tu", "ten_ngan"))
    assert len(cac_don_vi) == 135

    noi_dung = bieu_mau.ghi_bieu_mau(ky, cac_don_vi)

    wb = excel.mo(noi_dung)
    assert [ws["A2"].value for ws in wb.worksheets] == [f"Đơn vị: {dv.ten} (mã {dv.ma})" for dv in cac_don_vi]
    xt = bieu_mau.xem_truoc_tep(noi_dung, quan_tri)
    assert (xt.loi, xt.thay_doi, xt.so_sheet) == ([], [], 135)
    ct = ChiTieu.objects.filter(so_le=0, cha__isnull=True, loai="luy_ke").order_by("thu_tu", "ma").first()
    sua = excel.sua(noi_dung, {(ct.ma, "th"): 123456}, sheet=134)
    xt = bieu_mau.xem_truoc_tep(sua, quan_tri)
    assert xt.loi == []
    # The 6-month figures of the generated data are estimates (Ước ticked): the new value keeps the mark.
    uoc = ThucHien.objects.get(ky=ky, don_vi=cac_don_vi[-1], chi_tieu=ct).la_uoc
    assert [(t.don_vi.ma, t.chi_tieu.ma, t.moi) for t in xt.thay_doi] == [
        (cac_don_vi[-1].ma, ct.ma, "123.456 (ước)" if uoc else "123.456")]
