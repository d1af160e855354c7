"""The demo fixtures load, reproduce the seed report, and are what their script writes."""

import json
from datetime import date
import runpy
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from chitieu.models import DonVi, KeHoach, NguonKeHoach, ThucHien
from chitieu.quyen import LANH_DAO, NHAP_LIEU, QUAN_TRI, TONG_HOP
from tests.html import o_cua_dong

THU_MUC = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def du_lieu_demo(db):
    with override_settings(DEBUG=True):
        call_command("nap_du_lieu_demo", verbosity=0, stdout=open("/dev/null", "w"))



def test_the_demo_data_reproduces_section_i3_of_the_an_lao_report(client, du_lieu_demo):
    from django.contrib.auth.models import User

    lanh_dao = User.objects.get(username="lanh_dao")
    assert lanh_dao.check_password("LanhDao@2023")  # the password the README gives
    client.force_login(lanh_dao)
    html = client.get("/don-vi/an-lao/2023-6t/").content.decode()
    for ma, th, pt_tinh, pt_huyen in [
        ("CT01", "447.142", "53,04 %", "52,69 %"),
        ("CT01.1", "184.510", "54,33 %", "54,18 %"),
        ("CT01.2", "141.004", "51,63 %", "51,15 %"),
        ("CT01.3", "121.628", "52,80 %", "52,32 %"),
        ("CT03", "32,454", "77,59 %", "32,91 %"),
        ("CT03.1", "12,500", "125,00 %", "19,23 %"),
    ]:
        o = o_cua_dong(html, ma)
        assert (o[5].removesuffix(" ư"), o[6], o[7]) == (th, pt_tinh, pt_huyen), ma


def test_the_demo_has_its_units_four_years_of_data_and_one_user_per_role(du_lieu_demo):
    from django.contrib.auth.models import User

    # Bình Định and its 11 districts; since 1/7/2025 the old and the new Gia Lai and 8 communes.
    assert DonVi.objects.count() == 12 + 2 + 8
    assert set(ThucHien.objects.values_list("ky__nam", flat=True).distinct()) == {2022, 2023, 2025, 2026}
    assert ThucHien.objects.filter(don_vi__ma="tuy-phuoc", ky__nam=2022, ky__so_thang=6).exists()
    for username, vai_tro in [("quan_tri", QUAN_TRI), ("tong_hop", TONG_HOP), ("nhap_lieu_an_lao", NHAP_LIEU),
                              ("nhap_lieu_tuy_phuoc", NHAP_LIEU), ("lanh_dao", LANH_DAO)]:
        assert User.objects.get(username=username).groups.filter(name=vai_tro).exists()
    assert ThucHien.history.filter(history_change_reason="Dữ liệu mẫu (demo)").count() == ThucHien.objects.count()
    # Rows came with their keys; new rows still get fresh ones.
    moi = KeHoach.objects.create(nam=2024, don_vi=DonVi.objects.get(ma="an-lao"),
                                 chi_tieu=KeHoach.objects.first().chi_tieu, nguon=NguonKeHoach.objects.get(ma="kh-tinh"),
                                 hieu_luc_tu=date(2024, 1, 1), gia_tri=1)
    assert moi.pk > KeHoach.objects.exclude(pk=moi.pk).order_by("-pk").first().pk


def test_sector_plans_add_up_to_the_total_plan_everywhere(du_lieu_demo):
    for ke_hoach in KeHoach.objects.filter(chi_tieu__ma="CT01"):
        nganh = KeHoach.objects.filter(nam=ke_hoach.nam, don_vi=ke_hoach.don_vi, nguon=ke_hoach.nguon,
                                       chi_tieu__ma__in=["CT01.1", "CT01.2", "CT01.3"])
        assert sum(k.gia_tri for k in nganh) == ke_hoach.gia_tri, ke_hoach


def test_loading_again_keeps_what_people_typed(du_lieu_demo):
    ThucHien.objects.filter(don_vi__ma="an-lao", chi_tieu__ma="CT01", ky__nam=2023, ky__so_thang=6).update(gia_tri=1)
    with override_settings(DEBUG=True):
        call_command("nap_du_lieu_demo", verbosity=0, stdout=open("/dev/null", "w"))
    assert ThucHien.objects.get(don_vi__ma="an-lao", chi_tieu__ma="CT01", ky__nam=2023, ky__so_thang=6).gia_tri == 1


def test_demo_users_are_never_created_outside_debug(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("tao_nguoi_dung_demo")
    with pytest.raises(CommandError):
        call_command("nap_du_lieu_demo")


def test_the_fixture_files_are_what_the_generator_writes():
    sinh = runpy.run_path(str(THU_MUC / "sinh_du_lieu_demo.py"))
    for ten, noi_dung in sinh["noi_dung"]().items():
        assert json.loads((THU_MUC / ten).read_text(encoding="utf-8")) == noi_dung, ten
