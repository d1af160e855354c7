"""The migration to indicator sets and plan sources keeps every figure's meaning: a
database of the first version (plans with `cap_giao`, a catalog with `tu_nam`) comes out
with the same plans under "KH tỉnh giao" / "KH huyện giao", each a first version in
force from 1 January — history included — and one set holding the whole catalog."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

TRUOC = [("chitieu", "0003_tep_tam")]
SAU = [("chitieu", "0006_ke_hoach_theo_nguon")]


def _di_toi(dich):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(dich)
    return executor.loader.project_state(dich).apps


@pytest.fixture(autouse=True)
def _ve_moi_nhat():
    """Each test leaves the database at the latest migrations (not at `SAU`), as every
    test after it expects."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_plans_of_the_first_version_become_first_versions_of_the_two_original_sources():
    apps = _di_toi(TRUOC)
    DonVi, ChiTieu = apps.get_model("chitieu", "DonVi"), apps.get_model("chitieu", "ChiTieu")
    KeHoach, LichSu = apps.get_model("chitieu", "KeHoach"), apps.get_model("chitieu", "HistoricalKeHoach")
    an_lao = DonVi.objects.create(ma="an-lao", ten="Huyện An Lão", ten_ngan="An Lão", cap="huyen")
    ct01 = ChiTieu.objects.create(ma="CT01", ten="Tổng giá trị sản phẩm", don_vi_tinh="triệu đồng",
                                  linh_vuc="kinh_te", thu_tu=10)
    ChiTieu.objects.create(ma="CT20", ten="Chỉ tiêu từ 2024", don_vi_tinh="ha", linh_vuc="kinh_te", thu_tu=20,
                           tu_nam=2024)
    for cap, gia_tri in (("tinh", "843000"), ("huyen", "848700")):
        kh = KeHoach.objects.create(nam=2023, don_vi=an_lao, chi_tieu=ct01, cap_giao=cap, gia_tri=D(gia_tri),
                                    can_cu=f"căn cứ {cap}")
        LichSu.objects.create(id=kh.id, nam=2023, don_vi=an_lao, chi_tieu=ct01, cap_giao=cap, gia_tri=D(gia_tri),
                              can_cu=f"căn cứ {cap}", cap_nhat_luc=kh.cap_nhat_luc, history_date="2023-01-05T08:00:00+07:00",
                              history_type="+")

    apps = _di_toi(SAU)
    KeHoach, LichSu = apps.get_model("chitieu", "KeHoach"), apps.get_model("chitieu", "HistoricalKeHoach")
    BoChiTieu = apps.get_model("chitieu", "BoChiTieu")
    ke_hoach = {(k.nguon.ten, k.hieu_luc_tu, k.gia_tri, k.can_cu, k.kieu) for k in KeHoach.objects.all()}
    assert ke_hoach == {("KH tỉnh giao", date(2023, 1, 1), D(843000), "căn cứ tinh", "bang"),
                        ("KH huyện giao", date(2023, 1, 1), D(848700), "căn cứ huyen", "bang")}
    assert {(k.nguon.ma, k.hieu_luc_tu) for k in LichSu.objects.all()} == {("kh-tinh", date(2023, 1, 1)),
                                                                          ("kh-huyen", date(2023, 1, 1))}
    bo = BoChiTieu.objects.get()
    assert (bo.tu_nam, bo.den_nam, bo.pham_vi_id, bo.cap) == (None, None, None, "")
    assert [(t.chi_tieu.ma, t.thu_tu, t.tu_nam) for t in bo.chi_tieu_trong_bo.order_by("thu_tu")] == [
        ("CT01", 10, None), ("CT20", 20, 2024)]
    assert [(n.nguon.ma, n.chinh) for n in bo.nguon.order_by("thu_tu")] == [("kh-tinh", True), ("kh-huyen", False)]


@pytest.mark.django_db(transaction=True)
def test_an_empty_database_gets_no_sources_and_no_set_from_the_migration():
    apps = _di_toi(TRUOC)
    apps = _di_toi(SAU)
    assert not apps.get_model("chitieu", "NguonKeHoach").objects.exists()
    assert not apps.get_model("chitieu", "BoChiTieu").objects.exists()
