"""The status page and the overview's reporting panel run the same number of queries
with the 11 demo units as with 693 generated ones."""

import pytest

from chitieu.models import DonVi
from tests import factories
from tests.baocao.test_so_truy_van import _demo, _sinh

# The status page: session, user, roles, the unread count; the period, every unit, the
# sent and approved counts of each province, the units' indicator sets (5), the workflow
# rows, deadlines set, workflow history, figures per unit, open threads, pending unlock
# requests, the period list — reading rows of the chosen province's units only.
# The overview as the province office: the dashboard's queries, then the reporting
# panel's periods, units, workflow rows, deadlines set and history.
SO_TRUY_VAN = {
    "/tinh-trang-nop/2023-6t/": 19,
    "/tinh-trang-nop/2023-6t/?nhom={tinh}": 19,
    "/": 24,
}


@pytest.mark.parametrize("du_lieu, so_don_vi", [(_demo, 22), (_sinh, 63 * 12)], ids=["11-don-vi-demo", "693-don-vi"])
def test_the_status_page_and_the_overview_take_the_same_number_of_queries(client, db, django_assert_num_queries,
                                                                         du_lieu, so_don_vi):
    ma = du_lieu()
    assert DonVi.objects.count() == so_don_vi
    client.force_login(factories.tao_nguoi_dung("tong_hop_do_dem", factories.TONG_HOP))
    client.get("/")
    for mau, so in SO_TRUY_VAN.items():
        url = mau.format(**ma)
        with django_assert_num_queries(so):
            tra_loi = client.get(url)
        assert tra_loi.status_code == 200, url
