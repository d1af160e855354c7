"""The admin asks `quyen` too: the catalog is for Quản trị; figures are read-only there."""

from decimal import Decimal as D

from chitieu.models import ThucHien
from tests.factories import dat_thuc_hien


def test_the_admin_shows_figures_read_only_and_changes_nothing(client, danh_muc, quan_tri):
    th = dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, danh_muc.ky_2023_6t, "447142")
    client.force_login(quan_tri)
    assert client.get("/admin/chitieu/thuchien/").status_code == 200
    assert client.get(f"/admin/chitieu/thuchien/{th.pk}/change/").status_code == 200  # a view page
    client.post(f"/admin/chitieu/thuchien/{th.pk}/change/", {"gia_tri": "1"})
    assert client.get("/admin/chitieu/thuchien/add/").status_code == 403
    assert client.post(f"/admin/chitieu/thuchien/{th.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ThucHien.objects.get(pk=th.pk).gia_tri == D("447142")


def test_admins_manage_the_catalog_users_and_assignments(client, danh_muc, quan_tri, nhap_lieu_an_lao):
    client.force_login(quan_tri)
    for url in ("/admin/chitieu/chitieu/", "/admin/chitieu/donvi/", "/admin/chitieu/kybaocao/add/",
                f"/admin/auth/user/{nhap_lieu_an_lao.pk}/change/", "/admin/chitieu/chitieu/?q=CT01",
                "/admin/chitieu/thuchien/?ky__id__exact=1", "/admin/chitieu/kehoach/?q=an-lao"):
        assert client.get(url).status_code == 200, url


def test_staff_flag_alone_does_not_open_the_catalog(client, danh_muc, tong_hop):
    tong_hop.is_staff = True
    tong_hop.save()
    client.force_login(tong_hop)
    assert client.get("/admin/chitieu/chitieu/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
