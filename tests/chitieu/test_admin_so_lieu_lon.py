"""The admin lists of figures at national scale never COUNT(*) the whole table: an
unfiltered list takes PostgreSQL's row estimate; a filtered one is counted exactly."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu.admin import PhanTrangUocLuong
from chitieu.models import KeHoach, KyBaoCao, ThucHien
from tests import factories


@pytest.fixture
def quan_tri_so_lieu(db):
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=1, huyen=3, chi_tieu=5, nam=1, tu_nam=2025)
    with connection.cursor() as con_tro:
        con_tro.execute("ANALYZE")
    return factories.tao_nguoi_dung("quan_tri_so_lieu", factories.QUAN_TRI)


@pytest.mark.parametrize("url, mo_hinh", [("/admin/chitieu/thuchien/", ThucHien), ("/admin/chitieu/kehoach/", KeHoach)])
def test_an_unfiltered_list_of_figures_takes_the_estimate_and_counts_nothing(client, quan_tri_so_lieu, monkeypatch,
                                                                             url, mo_hinh):
    monkeypatch.setattr(PhanTrangUocLuong, "NGUONG", 1)  # a national table, at the size of a test
    client.force_login(quan_tri_so_lieu)
    with CaptureQueriesContext(connection) as truy_van:
        tra_loi = client.get(url)
    assert tra_loi.status_code == 200
    bang = f'"{mo_hinh._meta.db_table}"'
    assert not [q["sql"] for q in truy_van.captured_queries if "COUNT(" in q["sql"].upper() and bang in q["sql"]]
    assert tra_loi.context["cl"].result_count == mo_hinh.objects.count()  # the estimate after ANALYZE


def test_a_filtered_list_is_counted_exactly_once(client, quan_tri_so_lieu, monkeypatch):
    monkeypatch.setattr(PhanTrangUocLuong, "NGUONG", 1)
    client.force_login(quan_tri_so_lieu)
    ky = KyBaoCao.objects.order_by("nam", "so_thang").first()
    with CaptureQueriesContext(connection) as truy_van:
        tra_loi = client.get(f"/admin/chitieu/thuchien/?ky__id__exact={ky.id}")
    dem = [q["sql"] for q in truy_van.captured_queries if "COUNT(" in q["sql"].upper()
           and '"chitieu_thuchien"' in q["sql"]]
    assert len(dem) == 1 and "WHERE" in dem[0]
    assert tra_loi.context["cl"].result_count == ThucHien.objects.filter(ky=ky).count()
    assert tra_loi.context["cl"].full_result_count is None


def test_the_lists_open_newest_first_without_the_models_three_table_order(client, quan_tri_so_lieu):
    client.force_login(quan_tri_so_lieu)
    cl = client.get("/admin/chitieu/thuchien/").context["cl"]
    assert [th.id for th in cl.result_list][:5] == list(ThucHien.objects.order_by("-id").values_list("id", flat=True)[:5])
