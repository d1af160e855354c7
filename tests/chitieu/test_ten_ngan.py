"""An indicator's short name (`ChiTieu.ten_ngan`): filled for the default catalog, carried
by the admin's catalog import/export, and the code where an indicator has none."""

import importlib
import json
from pathlib import Path

import pytest
import tablib
from django.core.exceptions import ValidationError

from chitieu import resources
from chitieu.models import ChiTieu
from tests import factories

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "chi_tieu.json"
MIGRATION = importlib.import_module("chitieu.migrations.0011_chi_tieu_ten_ngan")


def _danh_muc_mac_dinh() -> dict[str, dict]:
    return {o["fields"]["ma"]: o["fields"] for o in json.loads(FIXTURE.read_text(encoding="utf-8"))}


def test_every_default_indicator_has_a_short_name_of_at_most_24_characters():
    danh_muc = _danh_muc_mac_dinh()
    assert len(danh_muc) == 23
    for ma, f in danh_muc.items():
        assert f["ten_ngan"].strip(), ma
        assert len(f["ten_ngan"]) <= 24, ma
    assert danh_muc["CT16"]["ten_ngan"] == "Che phủ rừng"


def test_the_migration_fills_the_default_catalog_with_the_fixture_short_names():
    """What the migration writes into an existing database is what a new one loads."""
    danh_muc = _danh_muc_mac_dinh()
    assert MIGRATION.MAC_DINH == {ma: (f["ten"], f["ten_ngan"]) for ma, f in danh_muc.items()}


def test_the_migration_fills_only_default_indicators_still_named_as_by_default(db):
    from django.apps import apps

    giu = factories.tao_chi_tieu("CT16", "Tỷ lệ che phủ rừng", vao_bo=False)
    khac = factories.tao_chi_tieu("CT07", "Một chỉ tiêu khác dùng lại mã CT07", vao_bo=False)
    da_co = factories.tao_chi_tieu("CT08", "Tỷ lệ hộ nghèo (chuẩn đa chiều)", vao_bo=False, ten_ngan="Hộ nghèo")
    MIGRATION.dien_ten_ngan(apps, None)
    for ct in (giu, khac, da_co):
        ct.refresh_from_db()
    assert (giu.ten_ngan, khac.ten_ngan, da_co.ten_ngan) == ("Che phủ rừng", "", "Hộ nghèo")
    assert khac.nhan_ngan == "CT07"  # no short name: the code stands for it


def test_a_short_name_longer_than_24_characters_is_refused(db):
    ct = factories.tao_chi_tieu("CT99", vao_bo=False)
    ct.ten_ngan = "x" * 25
    with pytest.raises(ValidationError) as loi:
        ct.full_clean()
    assert "ten_ngan" in loi.value.message_dict


def test_the_catalog_export_carries_the_short_name_and_an_import_sets_it(db):
    ct = factories.tao_chi_tieu("CT16", "Tỷ lệ che phủ rừng", vao_bo=False, ten_ngan="Che phủ rừng",
                                don_vi_tinh="%")
    xuat = resources.ChiTieuResource().export()
    assert xuat.headers[:3] == ["ma", "ten", "ten_ngan"]
    assert xuat.dict[0]["ten_ngan"] == "Che phủ rừng"
    moi = tablib.Dataset(headers=xuat.headers)
    dong = list(xuat[0])
    dong[2] = "Rừng"
    moi.append(dong)
    ket_qua = resources.ChiTieuResource().import_data(moi, dry_run=False)
    assert not ket_qua.has_errors() and not ket_qua.has_validation_errors()
    ct.refresh_from_db()
    assert ct.ten_ngan == "Rừng"


def test_a_catalog_file_without_the_short_name_column_keeps_the_short_names(db):
    """Files exported before the column existed still import, and blank nothing."""
    ct = factories.tao_chi_tieu("CT16", "Tỷ lệ che phủ rừng", vao_bo=False, ten_ngan="Che phủ rừng",
                                don_vi_tinh="%")
    xuat = resources.ChiTieuResource().export()
    cu = tablib.Dataset(headers=[h for h in xuat.headers if h != "ten_ngan"])
    dong = dict(zip(xuat.headers, xuat[0]))
    dong["ten"] = "Tỷ lệ che phủ rừng (%)"
    cu.append([dong[h] for h in cu.headers])
    ket_qua = resources.ChiTieuResource().import_data(cu, dry_run=False)
    assert not ket_qua.has_errors() and not ket_qua.has_validation_errors()
    ct.refresh_from_db()
    assert (ct.ten, ct.ten_ngan) == ("Tỷ lệ che phủ rừng (%)", "Che phủ rừng")


def test_the_admin_form_has_the_short_name(client, quan_tri, danh_muc):
    client.force_login(quan_tri)
    ct = ChiTieu.objects.get(ma="CT01")
    html = client.get(f"/admin/chitieu/chitieu/{ct.id}/change/").content.decode()
    assert 'name="ten_ngan"' in html and "Tên ngắn" in html
