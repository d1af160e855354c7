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
# of every year (`chitieu.du_bao.LichSu`); its downloads do not, except the report's. The
# overview and the ranking (not their downloads) read the succession rows of the units
# shown, to group communes by former district (1; issue 13). The demo's home page opens on
# 10 tháng 2026 of the new Gia Lai, the generated data's on 6 tháng 2023: the same count.
SO_TRUY_VAN = {
    "/": 25,
    "/?dang=xlsx": 17,
    "/?linh_vuc=kinh_te": 25,
    "/?ky=2023-6t&xem=du_bao": 25,  # the period asked for (1) instead of the default's 2, and the forecast's 2
    "/?ky=2023-6t&xem=du_bao&linh_vuc=kinh_te": 25,
    "/don-vi/{huyen}/2023-6t/": 20,
    "/don-vi/{huyen}/2023-6t/?dang=xlsx": 14,
    "/don-vi/{tinh}/2023-6t/": 20,
    "/chi-tieu/CT01/2023-6t/": 22,
    "/chi-tieu/CT01/2023-6t/?dang=xlsx": 17,
    "/chi-tieu/CT08/2023-6t/": 22,
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


@pytest.mark.parametrize("du_lieu, so_don_vi", [(_demo, 22), (_sinh, 63 * 12)], ids=["11-don-vi-demo", "693-don-vi"])
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
    # plain rows (no model instances), the page's units and their states (who writes every
    # unit needs no list of its units).
    "/nhap-lieu/": 9,
    "/nhap-lieu/?nhom={tinh}&q=a": 9,
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


@pytest.mark.parametrize("du_lieu, so_don_vi", [(_demo, 22), (_sinh, 63 * 12)], ids=["11-don-vi-demo", "693-don-vi"])
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


# A province of communes after the 2025 reform, each commune succeeding part of a former
# district: the overview and the ranking of 6 tháng 2026 — grouped by former district
# (one query: the succession rows of the units shown), one group, sorted — and the
# province's page take as many queries with 4 communes as with 135. The cùng kỳ of
# 6 tháng 2026 crosses the reform: 4 more queries (`SoLieu`: predecessors, the units
# below them, the period's id, their figures).
SO_TRUY_VAN_XA = {
    "/?ky=2026-6t": 27,  # the overview of a period asked for (22), the groups (1), the cùng kỳ (4)
    "/?ky=2026-6t&nhom=tuy-phuoc&sap_xep=trang_thai": 27,
    "/chi-tieu/CT01/2026-6t/": 26,  # the ranking (21), the groups (1), the cùng kỳ (4)
    "/chi-tieu/CT01/2026-6t/?nhom=an-lao&sap_xep=chenh_lech": 26,
    "/don-vi/gia-lai/2026-6t/": 25,  # the unit page (20), the cùng kỳ (4), where it came from (1)
}


def _tinh_xa(so_xa: int) -> None:
    """The test province's two districts end on 1/7/2025; a new province has `so_xa`
    communes, half from each district (equal shares), with plans and figures."""
    from datetime import date
    from decimal import Decimal

    from chitieu.models import KeHoach, KeThua, ThucHien

    dm = factories.tao_danh_muc()
    cai_cach = date(2025, 7, 1)
    DonVi.objects.filter(id__in=[dm.tinh.id, dm.an_lao.id, dm.tuy_phuoc.id]).update(ngay_ngung_hoat_dong=cai_cach)
    gia_lai = factories.tao_don_vi("gia-lai", "Gia Lai", cap=DonVi.Cap.TINH, ngay_thanh_lap=cai_cach)
    factories.tao_bo("Bộ xã 2026", [dm.ct01, dm.ct03, dm.ct08], [factories.nguon("kh-tinh")], pham_vi=gia_lai,
                     tu_nam=2026)
    xa = DonVi.objects.bulk_create([DonVi(ma=f"xa-{i:03d}", ten=f"Xã {i:03d}", ten_ngan=f"{i:03d}", cap=DonVi.Cap.XA,
                                          cha=gia_lai, thu_tu=i, ngay_thanh_lap=cai_cach) for i in range(so_xa)])
    huyen = [dm.an_lao, dm.tuy_phuoc]
    phan = Decimal(1) / ((so_xa + 1) // 2)
    KeThua.objects.bulk_create([KeThua(don_vi_moi=x, don_vi_cu=huyen[i % 2], ty_le=phan.quantize(Decimal("0.000001")),
                                       ngay_hieu_luc=cai_cach) for i, x in enumerate(xa)])
    ky_2026, ky_2025 = factories.ky(2026, 6), factories.ky(2025, 6)
    kh_tinh = factories.nguon("kh-tinh")
    KeHoach.objects.bulk_create([KeHoach(nam=2026, don_vi=x, chi_tieu=ct, nguon=kh_tinh, hieu_luc_tu=date(2026, 1, 1),
                                         gia_tri=Decimal(1000)) for x in xa for ct in (dm.ct01, dm.ct03)])
    ThucHien.objects.bulk_create([ThucHien(ky=ky_2026, don_vi=x, chi_tieu=ct, gia_tri=Decimal(300 + i))
                                  for i, x in enumerate(xa) for ct in (dm.ct01, dm.ct03)])
    for h in huyen:
        factories.dat_thuc_hien(h, dm.ct01, ky_2025, "5000")


@pytest.mark.parametrize("so_xa", [4, 135])
def test_a_province_of_communes_takes_the_same_number_of_queries_however_many(client, db, django_assert_num_queries,
                                                                             so_xa):
    _tinh_xa(so_xa)
    client.force_login(factories.tao_nguoi_dung("lanh_dao_do_dem", factories.LANH_DAO))
    client.get("/")
    for url, so in SO_TRUY_VAN_XA.items():
        with django_assert_num_queries(so):
            tra_loi = client.get(url)
        assert tra_loi.status_code == 200, url
        if "nhom=" not in url and "/don-vi/" not in url:
            assert f'id="dv-xa-{so_xa - 1:03d}"' in tra_loi.content.decode(), url
