"""Every dashboard page (and its .xlsx) runs the same number of SQL queries with the 11
demo units as with 693 generated ones (63 provinces × 11 units, `tao_du_lieu_mau`)."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from chitieu.models import DonVi
from tests import factories

# Each page: session, user, roles, the user's assignments; then e.g. the overview: latest
# period, visible units, the year's indicator sets (4: sets, their listed units, their
# indicators, their plan sources), the units' ancestors, units below, plans, actuals, the
# period list (not in the .xlsx); the ranking: indicator, period, visible units, the
# indicator and its base, the sets (4), ancestors, units below, plans, actuals, the period
# list. The trend reads every set once (its unit's set of each year). A page with the year-end
# forecast reads 2 more: the units around those shown, and the figures of months n and 12 of
# every year (`chitieu.du_bao.LichSu`); its downloads do not.
SO_TRUY_VAN = {
    "/": 15,
    "/?dang=xlsx": 14,
    "/?linh_vuc=kinh_te": 15,
    "/?ky=2023-6t&xem=du_bao": 17,
    "/?ky=2023-6t&xem=du_bao&linh_vuc=kinh_te": 17,
    "/don-vi/{huyen}/2023-6t/": 17,
    "/don-vi/{huyen}/2023-6t/?dang=xlsx": 14,
    "/don-vi/{tinh}/2023-6t/": 17,
    "/chi-tieu/CT01/2023-6t/": 19,
    "/chi-tieu/CT01/2023-6t/?dang=xlsx": 16,
    "/chi-tieu/CT08/2023-6t/": 19,
    "/xu-huong/{huyen}/CT01/": 16,
    "/xu-huong/{tinh}/CT02/?dang=xlsx": 16,
}


def _demo():
    with override_settings(DEBUG=True), open(os.devnull, "w") as im_lang:
        call_command("nap_du_lieu_demo", stdout=im_lang)
    return {"huyen": "an-lao", "tinh": "binh-dinh"}


def _sinh():
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=63, huyen=11, chi_tieu=19, nam=2, tu_nam=2022)
    return {"huyen": "tinh-07-huyen-05", "tinh": "tinh-07"}


@pytest.mark.parametrize("du_lieu, so_don_vi", [(_demo, 12), (_sinh, 63 * 12)], ids=["11-don-vi-demo", "693-don-vi"])
def test_each_dashboard_page_takes_the_same_number_of_queries(client, db, django_assert_num_queries, du_lieu,
                                                              so_don_vi):
    ma = du_lieu()
    assert DonVi.objects.count() == so_don_vi
    client.force_login(factories.tao_nguoi_dung("lanh_dao_do_dem", factories.LANH_DAO))
    client.get("/")
    for mau, so in SO_TRUY_VAN.items():
        url = mau.format(**ma)
        with django_assert_num_queries(so):
            tra_loi = client.get(url)
        assert tra_loi.status_code == 200, url


# The pages of entry, plans and reports, as a Quản trị (who writes every unit): each the
# same number of queries at both sizes. The full-year grid finds the period its forecast
# starts from (1) and reads the forecast's history (2); the reports read it too.
SO_TRUY_VAN_QUAN_TRI = {
    "/nhap-lieu/{huyen}/2023-6t/": 16,
    "/nhap-lieu/{huyen}/2022-12t/": 18,
    "/ke-hoach/{huyen}/2023/": 13,
    "/ke-hoach/{huyen}/2023/CT01/kh-tinh/": 9,
    "/lich-su/{huyen}/2023-6t/": 10,
    "/excel/bieu-mau/{huyen}/2023-6t/": 13,
    "/bao-cao/{huyen}/2023-6t/": 17,
    "/bao-cao/{tinh}/2023-6t/": 17,
    "/bao-cao/{tinh}/2023-6t/docx/": 16,
    "/bao-cao/{tinh}/2023-6t/xlsx/": 16,
}


@pytest.mark.parametrize("du_lieu, so_don_vi", [(_demo, 12), (_sinh, 63 * 12)], ids=["11-don-vi-demo", "693-don-vi"])
def test_entry_plan_and_report_pages_take_the_same_number_of_queries(client, db, django_assert_num_queries, du_lieu,
                                                                    so_don_vi):
    ma = du_lieu()
    assert DonVi.objects.count() == so_don_vi
    client.force_login(factories.tao_nguoi_dung("quan_tri_do_dem", factories.QUAN_TRI))
    client.get("/")
    for mau, so in SO_TRUY_VAN_QUAN_TRI.items():
        url = mau.format(**ma)
        with django_assert_num_queries(so):
            tra_loi = client.get(url)
        assert tra_loi.status_code == 200, url
