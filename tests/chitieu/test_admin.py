"""The admin asks `quyen` too: the catalog is for Quản trị; figures are read-only there."""

import io
from decimal import Decimal as D

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu.models import DonVi, KeHoach, ThucHien
from tests.chitieu import excel
from tests.factories import dat_ke_hoach, dat_thuc_hien
from tests.html import du_lieu_form


def test_the_admin_shows_figures_read_only_and_changes_nothing(client, danh_muc, quan_tri):
    th = dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, danh_muc.ky_2023_6t, "447142")
    client.force_login(quan_tri)
    assert client.get("/admin/chitieu/thuchien/").status_code == 200
    assert client.get(f"/admin/chitieu/thuchien/{th.pk}/change/").status_code == 200  # a view page
    client.post(f"/admin/chitieu/thuchien/{th.pk}/change/", {"gia_tri": "1"})
    assert client.get("/admin/chitieu/thuchien/add/").status_code == 403
    assert client.post(f"/admin/chitieu/thuchien/{th.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ThucHien.objects.get(pk=th.pk).gia_tri == D("447142")


def test_the_admin_writes_figures_as_stored_not_with_six_decimal_places(client, danh_muc, quan_tri):
    dm = danh_muc
    th = dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "447142")
    dat_thuc_hien(dm.an_lao, dm.ct03_1, dm.ky_2023_6t, "12.5")
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, "843000")
    kh = KeHoach.objects.get(don_vi=dm.an_lao, chi_tieu=dm.ct01, nam=2023)
    client.force_login(quan_tri)
    for url in ("/admin/chitieu/thuchien/", f"/admin/chitieu/thuchien/{th.pk}/change/",
                "/admin/chitieu/kehoach/", f"/admin/chitieu/kehoach/{kh.pk}/change/"):
        html = client.get(url).content.decode()
        assert ",000000" not in html, url
    assert "447.142" in client.get("/admin/chitieu/thuchien/").content.decode()
    assert ">12,5<" in client.get("/admin/chitieu/thuchien/").content.decode()
    assert "843.000" in client.get(f"/admin/chitieu/kehoach/{kh.pk}/change/").content.decode()
    # On the view page each value once, where the field stands; an actual has no upper bound.
    xem = client.get(f"/admin/chitieu/thuchien/{th.pk}/change/").content.decode()
    assert xem.count("447.142") == 1 and "cận trên" not in xem
    assert xem.index("Chỉ tiêu") < xem.index("447.142") < xem.index("Ước tính")
    # Sorting by the value still works on the column.
    assert client.get("/admin/chitieu/thuchien/?o=4").status_code == 200


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


def _form_nguoi_dung(client, nguoi, danh_muc) -> tuple[str, dict]:
    url = f"/admin/auth/user/{nguoi.pk}/change/"
    du_lieu = du_lieu_form(client.get(url).content.decode())
    du_lieu["groups"] = list(nguoi.groups.values_list("id", flat=True))  # a select: not read by du_lieu_form
    if nguoi.phan_cong.exists():
        du_lieu["phan_cong-0-don_vi"] = nguoi.phan_cong.first().don_vi_id
    return url, du_lieu


def test_an_admin_who_is_not_a_superuser_cannot_make_anyone_a_superuser(client, danh_muc, quan_tri, nhap_lieu_an_lao):
    assert not quan_tri.is_superuser
    client.force_login(quan_tri)
    for nguoi in (quan_tri, nhap_lieu_an_lao):  # itself included
        url, du_lieu = _form_nguoi_dung(client, nguoi, danh_muc)
        assert 'name="is_superuser"' not in client.get(url).content.decode()  # shown, not editable
        assert client.post(url, du_lieu | {"is_superuser": "on", "first_name": "Đã sửa"}).status_code == 302
        nguoi.refresh_from_db()
        assert nguoi.first_name == "Đã sửa" and not nguoi.is_superuser


def test_an_admin_who_is_not_a_superuser_cannot_change_a_superuser(client, danh_muc, quan_tri):
    sieu = User.objects.create_superuser("sieu", password="mat-khau-sieu-123")
    client.force_login(quan_tri)
    url = f"/admin/auth/user/{sieu.pk}/change/"
    du_lieu = du_lieu_form(client.get(url).content.decode())  # a view page, without a form
    assert client.post(url, du_lieu | {"is_superuser": "", "username": "sieu"}).status_code == 403
    assert client.post(f"/admin/auth/user/{sieu.pk}/password/",
                       {"password1": "chiem-quyen-456!", "password2": "chiem-quyen-456!"}).status_code == 403
    assert client.post(f"/admin/auth/user/{sieu.pk}/delete/", {"post": "yes"}).status_code == 403
    sieu.refresh_from_db()
    assert sieu.is_superuser and sieu.check_password("mat-khau-sieu-123")


def test_a_superuser_can_still_grant_superuser(client, danh_muc, nhap_lieu_an_lao):
    sieu = User.objects.create_superuser("sieu", password="mat-khau-sieu-123")
    client.force_login(sieu)
    url, du_lieu = _form_nguoi_dung(client, nhap_lieu_an_lao, danh_muc)
    assert client.post(url, du_lieu | {"is_superuser": "on"}).status_code == 302
    nhap_lieu_an_lao.refresh_from_db()
    assert nhap_lieu_an_lao.is_superuser


def test_the_admin_import_reads_within_the_upload_budget_and_says_why_in_vietnamese(client, danh_muc, quan_tri):
    client.force_login(quan_tri)
    truoc = sorted(map(repr, DonVi.objects.values()))
    dong = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    tep = io.BytesIO(excel.goi_xlsx({"Sheet": excel.sheet_xml(dong)}))
    tep.name = "don-vi.xlsx"
    tra_loi = client.post("/admin/chitieu/donvi/import/", {"import_file": tep, "format": "0", "resource": "0"})
    assert "có dữ liệu ở cột XFD, quá giới hạn 100 cột" in tra_loi.content.decode()
    assert sorted(map(repr, DonVi.objects.values())) == truoc


def test_a_new_user_gets_role_and_units_on_the_one_form(client, danh_muc, quan_tri):
    from django.contrib.auth.models import Group

    client.force_login(quan_tri)
    trang = client.get("/admin/auth/user/add/").content.decode()
    assert 'name="groups"' in trang and 'name="phan_cong-0-don_vi"' in trang and "Vai trò" in trang
    nhap_lieu = Group.objects.get_or_create(name="Nhập liệu")[0]
    du_lieu = du_lieu_form(trang) | {
        "username": "nhap_lieu_hoai_an", "usable_password": "true", "password1": "Mat-khau-moi-2023",
        "password2": "Mat-khau-moi-2023", "first_name": "Trần Văn Hoài", "email": "hoai@example.org",
        "groups": [nhap_lieu.id], "phan_cong-0-don_vi": danh_muc.an_lao.id}
    assert client.post("/admin/auth/user/add/", du_lieu).status_code == 302
    nguoi = User.objects.get(username="nhap_lieu_hoai_an")
    assert list(nguoi.groups.values_list("name", flat=True)) == ["Nhập liệu"]
    assert list(nguoi.phan_cong.values_list("don_vi__ma", flat=True)) == ["an-lao"]
    assert nguoi.first_name == "Trần Văn Hoài" and nguoi.check_password("Mat-khau-moi-2023")


def test_permissions_are_listed_in_vietnamese(client, danh_muc, quan_tri):
    client.force_login(quan_tri)
    trang = client.get("/admin/auth/group/add/").content.decode()
    assert "Được sửa chỉ tiêu" in trang and "Được xem đơn vị" in trang
    assert "Can change" not in trang and "Can view" not in trang


def test_the_figures_search_finds_units_and_indicators_without_scanning_the_figures(client, danh_muc, quan_tri):
    """Each word matches a unit (name or code) or an indicator (code or name); the
    figures are then read by those ids — no LIKE over the figures' table, which took 19 s
    at 3.2 million figures."""
    dm = danh_muc
    a = dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "447142")
    b = dat_thuc_hien(dm.tuy_phuoc, dm.ct03, dm.ky_2023_6t, "12")
    c = dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "30")
    client.force_login(quan_tri)

    def tim(q):
        with CaptureQueriesContext(connection) as truy_van:
            html = client.get("/admin/chitieu/thuchien/", {"q": q}).content.decode()
        assert not [t["sql"] for t in truy_van.captured_queries
                    if "chitieu_thuchien" in t["sql"] and "LIKE" in t["sql"].upper()], q
        return {th.pk for th in (a, b, c) if f"/admin/chitieu/thuchien/{th.pk}/change/" in html}

    assert tim("an-lao") == {a.pk, c.pk}
    assert tim("An Lão CT03") == {c.pk}
    assert tim("ct03") == {b.pk, c.pk}
    assert tim('"Tuy Phước"') == {b.pk}
    assert tim("không-có-đơn-vị-này") == set()


def test_the_plans_list_reads_its_sources_with_the_rows(client, danh_muc, quan_tri):
    """One query for the rows and their units, indicators, sources and authors: the same
    count for 1 plan as for 7 (it read each row's source on its own: 107 queries a page)."""
    dm = danh_muc
    client.force_login(quan_tri)

    def so_truy_van():
        with CaptureQueriesContext(connection) as truy_van:
            assert client.get("/admin/chitieu/kehoach/").status_code == 200
        return len(truy_van.captured_queries)

    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    it = so_truy_van()
    for ct in (dm.ct01_1, dm.ct03, dm.ct05):
        dat_ke_hoach(dm.tuy_phuoc, ct, 2023, tinh="10", huyen="11")
    assert KeHoach.objects.count() == 7 and so_truy_van() == it


def test_the_plans_list_filters_by_year_from_the_periods(client, danh_muc, quan_tri):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct01, 2023, tinh="843000")
    dat_ke_hoach(dm.an_lao, dm.ct01, 2022, tinh="800000")
    client.force_login(quan_tri)
    html = client.get("/admin/chitieu/kehoach/", {"nam": "2022"}).content.decode()
    assert "800.000" in html and "843.000" not in html
    assert "?nam=2023" in html  # a year of the periods' table offered as a filter
    assert client.get("/admin/chitieu/kehoach/", {"nam": "abc"}).status_code == 200  # ignored, not an error
