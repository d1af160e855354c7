"""Every page kind, as each role, admin included, speaks Vietnamese: none of the English
phrases Django, django-import-export, django-axes and django-simple-history would show
(their own strings, listed below) appears in what a person reads — text, button
labels, titles, placeholders — nor in the admin's JavaScript catalog."""

import json
import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from tests import factories
from tests.factories import dat_thuc_hien, so_lieu_an_lao_2023
from tests.test_truy_cap import CAC_MAU, _co_don_vi, _tham_so

# Whole words or phrases, matched case-sensitively in the visible text of each page.
TIENG_ANH = [
    # django.contrib.admin and auth
    "Please correct the error", "Please correct the errors below", "Password-based authentication",
    "by selecting them", "Choose all", "Remove all", "Available", "Chosen", "Save and add another",
    "Save and continue editing", "Save as new", "Save", "Delete", "History", "View site", "Log out",
    "Change password", "Welcome", "Home", "Recent actions", "My actions", "None available", "Add", "Change",
    "View", "Select", "to change", "to view", "Filter", "Search", "Show all", "Clear all filters", "Action",
    "Go", "selected", "Username", "Password", "Permissions", "Important dates", "Personal info", "Staff status",
    "Superuser status", "Active", "Groups", "User permissions", "Last login", "Date joined", "First name",
    "Last name", "Email address", "Required.", "Letters, digits", "Raw passwords are not stored",
    "Can add", "Can change", "Can delete", "Can view", "Yes", "No", "Unknown", "Today", "Now", "All",
    "Are you sure", "No, take me back", "Summary", "Objects", "Date/time", "Comment", "Reset password",
    "Forgotten your password", "Log in", "Enter a new password", "Set password", "Usable password",
    "Enabled", "Disabled", "Add another", "Remove", "results", "total", "Home ›", "Django administration",
    "Site administration", "Authentication and Authorization", "Toggle navigation", "Skip to main content",
    "Start typing to filter", "Toggle theme", "Clear selection",
    # django-import-export
    "This importer will import the following fields", "This exporter will export the following fields",
    "Import", "Export", "SUBMIT", "Submit", "Resource", "Format", "File to import", "Confirm import",
    "Preview", "Errors", "Line number", "New", "Skipped", "Update", "Select all", "Deselect all",
    # django-simple-history
    "Change history", "Revert", "Changed by", "Change reason", "Changes", "Created", "Changed", "Deleted",
    "Compare", "Object",
    # Django's error pages and forms
    "Forbidden", "Not Found", "Server Error", "This field is required", "Enter a valid", "Ensure this value",
]
_MAU = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(c) for c in sorted(TIENG_ANH, key=len, reverse=True))
                  + r")(?![\w/-])")
_THUOC_TINH = re.compile(r'\s(?:title|placeholder|aria-label|alt|value)="([^"]*)"')


def chu_doc_duoc(html: str) -> str:
    """What a person reads: text outside scripts and styles, and the attributes a screen
    shows or speaks (titles, placeholders, labels, button values)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    thuoc_tinh = " ".join(_THUOC_TINH.findall(html))
    html = re.sub(r'<input[^>]*type="hidden"[^>]*>', " ", html)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html) + " " + thuoc_tinh))


def tieng_anh_trong(html: str) -> list[str]:
    return sorted(set(_MAU.findall(chu_doc_duoc(html))))


def _trang_admin(nguoi_dung: User) -> list[str]:
    """Every admin page kind: index, each app, and per registered model its list, add,
    change, history, delete and, where offered, import and export pages."""
    urls = ["/admin/", "/admin/chitieu/", "/admin/auth/", "/admin/password_change/",
            f"/admin/auth/user/{nguoi_dung.pk}/password/"]
    for model, model_admin in admin.site._registry.items():
        goc = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [goc, goc + "add/"]
        vat = model._default_manager.order_by("pk").first()
        if vat is not None:
            urls += [f"{goc}{vat.pk}/change/", f"{goc}{vat.pk}/history/", f"{goc}{vat.pk}/delete/"]
        if hasattr(model_admin, "get_import_formats"):
            urls.append(goc + "import/")
        if hasattr(model_admin, "get_export_formats"):
            urls.append(goc + "export/")
    return urls


@pytest.fixture
def du_lieu(danh_muc):
    so_lieu_an_lao_2023(danh_muc)
    dat_thuc_hien(danh_muc.tuy_phuoc, danh_muc.ct01, danh_muc.ky_2023_6t, "1000")
    nguoi = {
        "quan_tri": factories.tao_nguoi_dung("quan_tri", factories.QUAN_TRI),
        "tong_hop": factories.tao_nguoi_dung("tong_hop", factories.TONG_HOP),
        "nhap_lieu_an_lao": factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [danh_muc.an_lao]),
        "lanh_dao": factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO),
    }
    nguoi["sieu_quan_tri"] = User.objects.create_superuser("sieu_quan_tri", "sieu@example.org", "x")
    return nguoi


def test_no_page_of_the_site_shows_an_english_ui_phrase_to_any_role(client, danh_muc, du_lieu):
    thay: dict[str, list[str]] = {}
    cong_khai = ["/dang-nhap/", "/quen-mat-khau/", "/quen-mat-khau/da-gui/", "/dat-lai-mat-khau/xong/",
                 "/dat-lai-mat-khau/MQ/sai-ma/", "/khong-co-trang-nay/", "/admin/login/"]
    for url in cong_khai:
        thay[f"khách {url}"] = tieng_anh_trong(client.get(url, follow=True).content.decode())
    for ten, nguoi in du_lieu.items():
        client.force_login(nguoi)
        for mau in CAC_MAU:
            if mau.callback.chi_post:
                continue
            for cua_minh in ((True, False) if _co_don_vi(mau) else (True,)):
                url = reverse(mau.name, kwargs=_tham_so(mau, nguoi, cua_minh, danh_muc))
                tra_loi = client.get(url)
                if tra_loi.get("Content-Type", "").startswith("text/html"):
                    thay[f"{ten} {url}"] = tieng_anh_trong(tra_loi.content.decode())
        for url in ["/admin/", "/khong-co-trang-nay/"] + (_trang_admin(nguoi) if nguoi.is_staff else []):
            tra_loi = client.get(url, follow=True)
            if tra_loi.get("Content-Type", "").startswith("text/html"):
                thay[f"{ten} {url}"] = tieng_anh_trong(tra_loi.content.decode())
        client.logout()
    loi = {trang: cum for trang, cum in thay.items() if cum}
    assert len(thay) > 100, "quét quá ít trang"
    assert not loi, "\n".join(f"{trang}: {cum}" for trang, cum in loi.items())


# Strings of the admin's widgets (SelectFilter2, calendar, inlines, actions) that reach
# the page through the JavaScript catalog.
CHUOI_JS = ["Available %s", "Chosen %s", "Filter", "(click to clear)", "Choose all %s", "Choose selected %s",
            "Remove all %s", "Remove selected %s",
            'Choose %s by selecting them and then select the "Choose" arrow button.',
            'Remove %s by selecting them and then select the "Remove" arrow button.',
            "Type into this box to filter down the list of available %s.",
            "Type into this box to filter down the list of selected %s.", "Today", "Now", "Show", "Hide",
            "%(sel)s of %(cnt)s selected", "Sunday", "Monday"]


def test_the_admins_javascript_catalog_translates_its_widgets(client, du_lieu):
    client.force_login(du_lieu["quan_tri"])
    js = client.get("/admin/jsi18n/").content.decode()
    danh_muc_js = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", js, re.S).group(1))
    khong_dich = [c for c in CHUOI_JS if not danh_muc_js.get(c)]
    assert not khong_dich, khong_dich


def _doc_po(duong_dan) -> dict[str, str]:
    """msgid → msgstr of a .po file (first plural form); msgctxt joined as gettext does."""
    van_ban = duong_dan.read_text(encoding="utf-8")
    ket_qua = {}
    for khoi in van_ban.split("\n\n"):
        ctx = re.search(r'^msgctxt (".*")$', khoi, re.M)
        mid = re.search(r'^msgid (".*")$', khoi, re.M)
        mstr = re.search(r'^msgstr(?:\[0\])? (".*")$', khoi, re.M)
        if mid and mstr and json.loads(mid.group(1)):
            khoa = json.loads(mid.group(1))
            ket_qua[(json.loads(ctx.group(1)) + "\x04" if ctx else "") + khoa] = json.loads(mstr.group(1))
    return ket_qua


@pytest.mark.parametrize("ten", ["django", "djangojs"])
def test_the_compiled_catalogs_are_the_po_files(ten):
    import gettext
    from pathlib import Path

    from django.conf import settings

    thu_muc = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
    mo = gettext.GNUTranslations(open(thu_muc / f"{ten}.mo", "rb"))
    po = _doc_po(thu_muc / f"{ten}.po")
    assert po and {k: mo._catalog.get(k, mo._catalog.get((k, 0))) for k in po} == po
