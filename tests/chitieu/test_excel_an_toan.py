"""Safety of the Excel import beyond single bad files: limits from the environment,
defusedxml in use, and the bulk write re-checking locks and rights at confirm time."""

import os
import subprocess
import sys

import openpyxl.xml
import pytest
from django.conf import settings

from chitieu import bieu_mau, services
from chitieu.models import ThucHien, TrangThaiNop
from tests import factories
from tests.chitieu import excel


def test_size_limits_have_safe_defaults_and_come_from_the_environment():
    assert settings.EXCEL_MAX_BYTES == 10 * 1024 * 1024
    assert settings.EXCEL_MAX_UNCOMPRESSED_BYTES <= 256 * 1024 * 1024
    ma = ("from django.conf import settings; import django; django.setup(); "
          "print(settings.EXCEL_MAX_BYTES, settings.EXCEL_MAX_UNCOMPRESSED_BYTES)")
    moi_truong = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "EXCEL_MAX_BYTES": "2048",
                  "EXCEL_MAX_UNCOMPRESSED_BYTES": "4096"}
    ra = subprocess.run([sys.executable, "-c", ma], env=moi_truong, capture_output=True, text=True, check=True)
    assert ra.stdout.split() == ["2048", "4096"]


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.fixture
def the_gioi(danh_muc, nhap_lieu_an_lao):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def test_a_period_sent_between_preview_and_confirm_is_not_written(the_gioi, nhap_lieu_an_lao):
    dm = the_gioi
    bieu = excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT05", "th"): 50, ("CT01", "kh_tinh"): 1})
    xt = bieu_mau.xem_truoc_tep(bieu, nhap_lieu_an_lao)
    assert len(xt.thay_doi) == 2 and not xt.loi
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai=TrangThaiNop.TrangThai.DA_GUI)
    truoc = excel.anh_csdl()
    with pytest.raises(services.KhongCoQuyen, match="đã khóa"):
        bieu_mau.ap_dung(xt, nhap_lieu_an_lao, "x.xlsx")
    assert excel.anh_csdl() == truoc


def test_a_right_removed_between_preview_and_confirm_writes_nothing(the_gioi, nhap_lieu_an_lao):
    dm = the_gioi
    xt = bieu_mau.xem_truoc_tep(excel.sua(excel.bieu_mau_xlsx(dm.ky_2023_6t, dm.an_lao), {("CT05", "th"): 50}),
                                nhap_lieu_an_lao)
    nhap_lieu_an_lao.phan_cong.all().delete()
    del nhap_lieu_an_lao._don_vi_phan_cong
    with pytest.raises(services.KhongCoQuyen):
        bieu_mau.ap_dung(xt, nhap_lieu_an_lao, "x.xlsx")
    assert not ThucHien.objects.filter(chi_tieu=dm.ct05).exists()


def test_the_bulk_write_refuses_bad_values_itself(the_gioi, nhap_lieu_an_lao):
    dm = the_gioi
    truoc = excel.anh_csdl()
    with pytest.raises(services.LoiDuLieu) as loi:
        services.luu_hang_loat(
            thuc_hien={(dm.an_lao, dm.ky_2023_6t): {dm.ct05: services.ONhap(bieu_mau.Decimal("5")),
                                                     dm.ct16: services.ONhap(bieu_mau.Decimal("120"))}},
            ke_hoach={}, nguoi=nhap_lieu_an_lao, ly_do="x")
    assert list(loi.value.loi) == [(dm.an_lao, dm.ky_2023_6t, dm.ct16)]
    assert excel.anh_csdl() == truoc
