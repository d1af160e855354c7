"""Who may read and write which unit: the one place every view asks."""

from django.contrib.auth.models import AnonymousUser, User

from chitieu import quyen
from chitieu.models import TrangThaiNop
from tests import factories


def test_admins_and_the_province_office_see_and_write_every_unit(danh_muc, quan_tri, tong_hop):
    for nguoi in (quan_tri, tong_hop):
        assert quyen.id_don_vi_xem_duoc(nguoi) is None
        assert all(quyen.co_quyen_nhap(nguoi, dv) for dv in (danh_muc.an_lao, danh_muc.tuy_phuoc, danh_muc.tinh))
        assert quyen.co_the_duyet(nguoi)
    assert quyen.co_the_mo_khoa(quan_tri) and not quyen.co_the_mo_khoa(tong_hop)


def test_a_superuser_is_an_admin_without_joining_the_group(danh_muc):
    sieu = User.objects.create_superuser("sieu", password="x")
    assert quyen.vai_tro(sieu) == {quyen.QUAN_TRI}
    assert quyen.co_the_mo_khoa(sieu)


def test_district_staff_see_and_write_their_own_unit_only(danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    assert quyen.co_the_xem(nhap_lieu_an_lao, dm.an_lao)
    assert not quyen.co_the_xem(nhap_lieu_an_lao, dm.tuy_phuoc)
    assert not quyen.co_the_xem(nhap_lieu_an_lao, dm.tinh)
    assert quyen.co_quyen_nhap(nhap_lieu_an_lao, dm.an_lao)
    assert not quyen.co_quyen_nhap(nhap_lieu_an_lao, dm.tuy_phuoc)
    assert not quyen.co_the_duyet(nhap_lieu_an_lao)
    assert list(quyen.don_vi_xem_duoc(nhap_lieu_an_lao)) == [dm.an_lao]


def test_leaders_read_everything_or_their_assigned_units_and_below_and_write_nothing(
        danh_muc, lanh_dao, lanh_dao_an_lao):
    dm = danh_muc
    xa = factories.tao_don_vi("an-hoa", "An Hòa", cap="xa", cha=dm.an_lao)
    assert quyen.id_don_vi_xem_duoc(lanh_dao) is None
    assert quyen.id_don_vi_xem_duoc(lanh_dao_an_lao) == {dm.an_lao.id, xa.id}
    for nguoi in (lanh_dao, lanh_dao_an_lao):
        assert not quyen.co_quyen_nhap(nguoi, dm.an_lao)
        assert not quyen.co_the_duyet(nguoi)


def test_no_role_no_access(danh_muc):
    khong_vai_tro = User.objects.create_user("khach", password="x")
    ngung = factories.tao_nguoi_dung("da_nghi", quyen.TONG_HOP)
    ngung.is_active = False
    for nguoi in (AnonymousUser(), khong_vai_tro, ngung):
        assert quyen.id_don_vi_xem_duoc(nguoi) == frozenset()
        assert not quyen.co_the_xem(nguoi, danh_muc.an_lao)
        assert not quyen.co_quyen_nhap(nguoi, danh_muc.an_lao)


def test_sent_and_approved_periods_are_locked_for_everyone(danh_muc, nhap_lieu_an_lao, quan_tri):
    dm = danh_muc
    assert quyen.co_the_nhap(nhap_lieu_an_lao, dm.an_lao, dm.ky_2023_6t)
    for trang_thai, khoa in (("da_gui", True), ("da_duyet", True), ("tra_lai", False), ("dang_nhap", False)):
        TrangThaiNop.objects.update_or_create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, defaults={"trang_thai": trang_thai})
        assert quyen.co_the_nhap(nhap_lieu_an_lao, dm.an_lao, dm.ky_2023_6t) is not khoa
        assert quyen.co_the_nhap(quan_tri, dm.an_lao, dm.ky_2023_6t) is not khoa
