"""The default period of the dashboards reads a bounded window of periods, however many
years are stored (issue 13: the overview read every year's actuals to keep two)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu import selectors
from chitieu.models import DonVi, KyBaoCao, ThucHien, TrangThaiNop


@pytest.mark.django_db
def test_with_30_years_stored_the_default_period_is_the_latest_and_only_the_latest_periods_are_counted():
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=1, huyen=3, chi_tieu=5, nam=30, tu_nam=2000)
    cac_don_vi = list(DonVi.objects.all())
    ThucHien.objects.filter(ky__nam=2029, ky__so_thang=12).delete()  # the latest period has no figures yet

    with CaptureQueriesContext(connection) as truy_van:
        ky = selectors.ky_mac_dinh(cac_don_vi)

    assert (ky.nam, ky.so_thang) == (2029, 9)
    assert len(truy_van.captured_queries) == 3  # the latest with figures; nobody sent; figures in the window
    bang = (ThucHien._meta.db_table, TrangThaiNop._meta.db_table)
    for q in truy_van.captured_queries:
        if any(f'"{b}"' in q["sql"] for b in bang):
            assert "LIMIT" in q["sql"], q["sql"]  # every read of figures or workflow rows is bounded


@pytest.mark.django_db
def test_a_period_half_the_units_sent_wins_over_later_figures():
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=1, huyen=4, chi_tieu=5, nam=2, tu_nam=2023)
    cac_huyen = list(DonVi.objects.filter(cha__isnull=False))
    ky = KyBaoCao.objects.get(nam=2024, so_thang=3)
    for dv in cac_huyen[:2]:
        TrangThaiNop.objects.create(don_vi=dv, ky=ky, trang_thai=TrangThaiNop.TrangThai.DA_GUI)
    assert selectors.ky_mac_dinh(cac_huyen) == ky
