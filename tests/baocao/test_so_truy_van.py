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
# period, visible units, catalog, units below, plans, actuals, the period list (not in
# the .xlsx); the ranking: indicator, period, visible units, the indicator and its base,
# units below, plans, actuals, the period list and the indicator list of the selector.
# Every page adds the menu's unread notification count; the overview adds the reporting
# panel (periods, units, workflow rows, deadlines set, workflow history), the unit
# page its open explanation threads.
SO_TRUY_VAN = {
    "/": 17,
    "/?dang=xlsx": 10,
    "/?linh_vuc=kinh_te": 17,
    "/don-vi/{huyen}/2023-6t/": 13,
    "/don-vi/{huyen}/2023-6t/?dang=xlsx": 10,
    "/don-vi/{tinh}/2023-6t/": 13,
    "/chi-tieu/CT01/2023-6t/": 14,
    "/chi-tieu/CT01/2023-6t/?dang=xlsx": 11,
    "/chi-tieu/CT08/2023-6t/": 14,
    "/xu-huong/{huyen}/CT01/": 13,
    "/xu-huong/{tinh}/CT02/?dang=xlsx": 11,
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
