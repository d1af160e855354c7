"""The bulk save's created rows and their history: on PostgreSQL the actuals are written
in one INSERT … SELECT FROM unnest (`services._chen_thuc_hien`) and the history by the
database in one INSERT … SELECT (`services.lich_su_tao`), elsewhere by
`bulk_create_with_history`. Both must leave the same rows and the same records: who,
when, why, "+", and every field of the row."""

from datetime import date, datetime
from datetime import timezone as tz
from decimal import Decimal as D

import pytest
from django.db import connection
from django.utils import timezone

from chitieu import services
from chitieu.models import KeHoach, ThucHien
from chitieu.services import OKeHoach, ONhap
from tests.factories import nguon

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="INSERT … SELECT chỉ dùng với PostgreSQL")

LUC = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=tz.utc)
BO_QUA = {"history_id", "id", "ky", "nam", "hieu_luc_tu"}  # what differs between the two writes by design


def _luu(dm, nguoi, ky, nam, ly_do):
    kh_tinh, kh_huyen = nguon("kh-tinh"), nguon("kh-huyen")
    return services.luu_hang_loat(
        thuc_hien={(dm.an_lao, ky): {dm.ct01_1: ONhap(D("184510"), la_uoc=True, ghi_chu="  Ước tính  "),
                                     dm.ct01_2: ONhap(D("141004")),
                                     dm.ct03: ONhap(D("12.5"), ghi_chu="Theo báo cáo")}},
        ke_hoach={(dm.an_lao, nam): {
            (dm.ct01_1, kh_tinh, date(nam, 1, 1)): OKeHoach(D("350000"), "QĐ 19/QĐ-UBND"),
            (dm.ct01_1, kh_huyen, date(nam, 1, 1)): OKeHoach(D("300000"), "", "khoang", D("320000"),
                                                             {3: D("10"), 6: D("30.5")}),
        }},
        nguoi=nguoi, ly_do=ly_do)


def test_insert_select_history_is_identical_to_the_per_record_one(danh_muc, nhap_lieu_an_lao, monkeypatch):
    dm = danh_muc
    monkeypatch.setattr(timezone, "now", lambda: LUC)
    nhanh = _luu(dm, nhap_lieu_an_lao, dm.ky_2023_6t, 2023, "Nhập từ Excel: a.xlsx")
    monkeypatch.setattr(services, "_chen_tu_chon", lambda: False)
    cham = _luu(dm, nhap_lieu_an_lao, dm.ky_2022_6t, 2022, "Nhập từ Excel: a.xlsx")
    assert len(nhanh.tao) == len(cham.tao) == 5

    for mo_hinh, so in ((ThucHien, 3), (KeHoach, 2)):
        cac_ban = list(mo_hinh.history.filter(history_change_reason="Nhập từ Excel: a.xlsx").order_by("history_id"))
        assert len(cac_ban) == 2 * so
        ban_nhanh, ban_cham = cac_ban[:so], cac_ban[so:]
        # Same content, field by field (the period or year, and the ids, differ by design).
        assert [{k: v for k, v in b.__dict__.items() if k not in BO_QUA | {"_state", "ky_id"}} for b in ban_nhanh] \
            == [{k: v for k, v in b.__dict__.items() if k not in BO_QUA | {"_state", "ky_id"}} for b in ban_cham]
        for ban, tao in ((ban_nhanh, nhanh.tao), (ban_cham, cham.tao)):
            dong = {d.pk: d for d in mo_hinh.objects.filter(pk__in=[d.pk for d in tao if isinstance(d, mo_hinh)])}
            assert [b.id for b in ban] == sorted(dong)  # one record per row, in the order they were created
            for b in ban:
                assert (b.history_type, b.history_user_id, b.history_date) == ("+", nhap_lieu_an_lao.id, LUC)
                for f in mo_hinh.history.model.tracked_fields:
                    assert getattr(b, f.attname) == getattr(dong[b.id], f.attname), f.name

    # The rows themselves, field by field (id and period differ by design).
    def dong(ky):
        return [{k: v for k, v in d.__dict__.items() if k not in {"_state", "id", "ky_id"}}
                for d in ThucHien.objects.filter(ky=ky).order_by("chi_tieu__ma")]
    assert dong(dm.ky_2023_6t) == dong(dm.ky_2022_6t) and len(dong(dm.ky_2023_6t)) == 3
    assert {d.cap_nhat_luc for d in ThucHien.objects.all()} == {LUC}
    # The instances returned carry the ids of their own rows.
    for d in nhanh.tao:
        if isinstance(d, ThucHien):
            assert ThucHien.objects.get(pk=d.pk).chi_tieu_id == d.chi_tieu_id and not d._state.adding

    ls = ThucHien.history.filter(ky=dm.ky_2023_6t, chi_tieu=dm.ct01_1).get()
    assert (ls.gia_tri, ls.la_uoc, ls.ghi_chu, ls.nguoi_cap_nhat_id) == (D("184510"), True, "Ước tính",
                                                                          nhap_lieu_an_lao.id)
    ls = KeHoach.history.filter(nam=2023, nguon__ma="kh-huyen").get()
    assert (ls.kieu, ls.gia_tri, ls.gia_tri_den, ls.tien_do) == ("khoang", D("300000"), D("320000"),
                                                                 {"3": "10", "6": "30.5"})
