"""Every dashboard page (and its .xlsx) runs the same number of SQL queries with the 11
demo units as with 693 generated ones (63 provinces × 11 units, `tao_du_lieu_mau`)."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from chitieu.models import DonVi
from tests import factories

# Each page: session, user, roles, the user's assignments; then e.g. the overview: visible
# units, the default period (the latest period with figures of these units, then among
# the periods up to it — at most `selectors.SO_KY_XET` — units that sent or had approved,
# then, nobody has yet in these data, units with figures), the year's indicator sets (4: sets, their listed units,
# their indicators, their plan sources), the units' ancestors, units below, plans, actuals,
# the units' workflow states, the period list (not in the .xlsx); the ranking: indicator,
# period, visible units, the indicator and its base, the sets (4), ancestors, units below,
# plans, actuals, workflow states, the period list. The trend reads every set once (its
# unit's set of each year). Every page adds the menu's unread notification count; the
# overview adds the reporting panel (periods, units, workflow rows, deadlines set,
# workflow history), the unit page its open explanation threads. A page with the year-end
# forecast reads 2 more: the units around those shown, and the figures of months n and 12
# of every year (`chitieu.du_bao.LichSu`); its downloads do not, except the report's.
SO_TRUY_VAN = {
    "/": 24,
    "/?dang=xlsx": 17,
    "/?linh_vuc=kinh_te": 24,
    "/?ky=2023-6t&xem=du_bao": 24,  # the period asked for (1) instead of the default's 2, and the forecast's 2
    "/?ky=2023-6t&xem=du_bao&linh_vuc=kinh_te": 24,
    "/don-vi/{huyen}/2023-6t/": 20,
    "/don-vi/{huyen}/2023-6t/?dang=xlsx": 14,
    "/don-vi/{tinh}/2023-6t/": 20,
    "/chi-tieu/CT01/2023-6t/": 21,
    "/chi-tieu/CT01/2023-6t/?dang=xlsx": 17,
    "/chi-tieu/CT08/2023-6t/": 21,
    "/xu-huong/{huyen}/CT01/": 18,
    "/xu-huong/{tinh}/CT02/?dang=xlsx": 17,
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
    # The entry list: the latest period with figures and its year's periods, every unit as
    # plain rows (no model instances), the user's units, the page's units and their states.
    "/nhap-lieu/": 10,
    "/nhap-lieu/?nhom={tinh}&q=a": 10,
    "/nhap-lieu/{huyen}/2023-6t/": 21,  # with each cell's version (its last history record): one query
    "/nhap-lieu/{huyen}/2022-12t/": 23,
    "/ke-hoach/{huyen}/2023/": 15,  # the same, for each plan version
    "/ke-hoach/{huyen}/2023/CT01/kh-tinh/": 11,  # the version the phases form edits
    "/lich-su/{huyen}/2023-6t/": 11,
    "/excel/bieu-mau/{huyen}/2023-6t/": 13,
    "/bao-cao/{huyen}/2023-6t/": 20,
    "/bao-cao/{tinh}/2023-6t/": 20,
    "/bao-cao/{tinh}/2023-6t/docx/": 18,
    "/bao-cao/{tinh}/2023-6t/xlsx/": 18,
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
