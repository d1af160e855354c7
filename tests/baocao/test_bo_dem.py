"""Dashboard pages kept between requests under the version of the data (baocao/bo_dem.py,
chitieu/phien_ban.py): a page viewed again comes from memory, and never once anything it
shows could have changed — however the change was written.

These tests commit (transactional_db): inside a transaction nothing is kept, which the
last group checks."""

import re
import threading
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baocao import bo_dem
from chitieu import phien_ban
from chitieu.models import PhanCong, ThucHien
from tests import factories
from tests.html import o_cua_dong

URL = "/don-vi/an-lao/2023-6t/"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def bo_nho_trong():
    bo_dem.bo_nho().xoa_het()
    yield
    bo_dem.bo_nho().xoa_het()


@pytest.fixture
def an_lao(danh_muc):
    factories.so_lieu_an_lao_2023(danh_muc)
    return danh_muc


def _xem(client, url=URL):
    """The response, and whether the page was computed (read a figure) rather than taken
    from memory."""
    with CaptureQueriesContext(connection) as truy_van:
        tra_loi = client.get(url)
    assert tra_loi.status_code == 200, tra_loi.status_code
    return tra_loi, any("chitieu_thuchien" in q["sql"] for q in truy_van.captured_queries)


def _ct01(tra_loi) -> str:
    return o_cua_dong(tra_loi.content.decode(), "CT01")[5].removesuffix(" ư")


def _khong_token(noi_dung: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", noi_dung)


def test_a_page_viewed_again_comes_from_memory_byte_for_byte_but_its_form_token(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    lan_dau, tinh_dau = _xem(client)
    lan_hai, tinh_hai = _xem(client)
    assert tinh_dau and not tinh_hai
    assert _khong_token(lan_hai.content) == _khong_token(lan_dau.content)
    assert _ct01(lan_hai) == "447.142"
    assert lan_hai["Content-Type"] == lan_dau["Content-Type"]


def test_downloads_are_kept_with_their_headers(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    url = "/bao-cao/an-lao/2023-6t/docx/"
    lan_dau, _ = _xem(client, url)
    lan_hai, tinh_lai = _xem(client, url)
    assert tinh_lai is False
    assert lan_hai.content == lan_dau.content
    assert lan_hai["Content-Disposition"] == lan_dau["Content-Disposition"]
    assert lan_hai["X-Content-Type-Options"] == "nosniff"


def _ghi_orm(th, gia_tri):
    th.gia_tri = gia_tri
    th.save()


def _ghi_update(th, gia_tri):
    ThucHien.objects.filter(pk=th.pk).update(gia_tri=gia_tri)


def _ghi_bulk_update(th, gia_tri):
    th.gia_tri = gia_tri
    ThucHien.objects.bulk_update([th], ["gia_tri"])


def _ghi_xoa_roi_tao_lai(th, gia_tri):
    ThucHien.objects.filter(pk=th.pk).delete()
    th.pk = None
    th.gia_tri = gia_tri
    ThucHien.objects.bulk_create([th])


def _ghi_sql(th, gia_tri):
    with connection.cursor() as con_tro:
        con_tro.execute("UPDATE chitieu_thuchien SET gia_tri = %s WHERE id = %s", [gia_tri, th.pk])


def _ghi_sau_diem_luu_da_huy(th, gia_tri):
    """A transaction whose first write is rolled back to a savepoint, then writes again:
    the second write must still change the version."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ThucHien.objects.filter(pk=th.pk).update(gia_tri=Decimal("1"))
                raise RuntimeError
        except RuntimeError:
            pass
        ThucHien.objects.filter(pk=th.pk).update(gia_tri=gia_tri)


@pytest.mark.parametrize("ghi", [_ghi_orm, _ghi_update, _ghi_bulk_update, _ghi_xoa_roi_tao_lai, _ghi_sql,
                                 _ghi_sau_diem_luu_da_huy])
def test_any_way_of_writing_a_figure_shows_it_on_the_next_view(client, an_lao, lanh_dao, ghi):
    client.force_login(lanh_dao)
    _xem(client)
    assert _xem(client)[1] is False
    th = ThucHien.objects.get(don_vi=an_lao.an_lao, chi_tieu=an_lao.ct01, ky=an_lao.ky_2023_6t)
    ghi(th, Decimal("500000"))
    tra_loi, tinh_lai = _xem(client)
    assert _ct01(tra_loi) == "500.000" and tinh_lai is True


def test_a_login_does_not_count_as_a_change(client, an_lao, lanh_dao, tong_hop):
    """Logging in writes the session, the user's last login and clears expired uploads:
    none of it changes a figure, so nobody's kept pages are dropped."""
    client.force_login(lanh_dao)
    _xem(client)
    truoc = phien_ban.doc()
    khac = Client()
    assert khac.post("/dang-nhap/", {"username": "tong_hop", "password": factories.MAT_KHAU}).status_code == 302
    assert phien_ban.doc() == truoc
    assert _xem(client)[1] is False


def test_a_write_to_a_table_the_page_does_not_read_is_still_a_change(client, an_lao, lanh_dao):
    """Any table of the application counts (a permission, a notification, a plan…), not a
    list of the tables a page is thought to read."""
    client.force_login(lanh_dao)
    _xem(client)
    factories.tao_nguoi_dung("nguoi_moi", factories.LANH_DAO)
    assert _xem(client)[1] is True


def test_each_user_has_their_own_pages_and_losing_access_takes_effect(client, an_lao, lanh_dao, lanh_dao_an_lao,
                                                                       lanh_dao_tuy_phuoc):
    client.force_login(lanh_dao)
    _xem(client)
    khac = Client()
    khac.force_login(lanh_dao_tuy_phuoc)
    assert khac.get(URL).status_code == 403  # someone else's kept page is not theirs
    rieng = Client()
    rieng.force_login(lanh_dao_an_lao)
    _xem(rieng)
    assert _xem(rieng)[1] is False
    PhanCong.objects.filter(nguoi_dung=lanh_dao_an_lao).update(don_vi=an_lao.tuy_phuoc)  # moved to Tuy Phước
    assert rieng.get(URL).status_code == 403


@pytest.fixture
def lanh_dao_tuy_phuoc(danh_muc):
    return factories.tao_nguoi_dung("lanh_dao_tuy_phuoc", factories.LANH_DAO, [danh_muc.tuy_phuoc])


def test_a_new_day_computes_the_page_again(client, an_lao, lanh_dao, monkeypatch):
    client.force_login(lanh_dao)
    _xem(client)
    assert _xem(client)[1] is False
    mai = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(bo_dem.timezone, "localdate", lambda: mai)
    assert _xem(client)[1] is True


def test_a_page_with_a_waiting_message_is_computed_and_shows_it(client, an_lao, lanh_dao, rf):
    client.force_login(lanh_dao)
    _xem(client)
    # A message left by an earlier request (as a save leaves "Đã lưu …"), in its cookie.
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode(
        [Message(constants.SUCCESS, "Đã lưu số liệu kỳ này.")])
    tra_loi, tinh_lai = _xem(client)
    assert tinh_lai is True and "Đã lưu số liệu kỳ này." in tra_loi.content.decode()
    assert _xem(client)[1] is False  # shown once, then the page is kept again


def test_the_approved_only_choice_is_applied_when_the_page_comes_from_memory(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    _xem(client, URL + "?duyet=1")
    khac = Client()
    khac.force_login(lanh_dao)
    assert _xem(khac, URL + "?duyet=1")[1] is False
    assert khac.session["chi_da_duyet"] is True
    # …and the choice is part of the key: without `?duyet=` the session decides.
    tra_loi, tinh_lai = _xem(khac)
    assert tinh_lai is True and "chu-thich-duyet" in tra_loi.content.decode()


def test_a_kept_page_carries_a_form_token_that_works(an_lao, lanh_dao):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lanh_dao)
    _xem(client)
    tra_loi, tinh_lai = _xem(client)
    assert tinh_lai is False
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', tra_loi.content.decode()).group(1)
    assert client.post("/dang-xuat/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_nothing_is_kept_or_served_inside_a_transaction(client, an_lao, lanh_dao):
    client.force_login(lanh_dao)
    _xem(client)
    with transaction.atomic():
        assert _xem(client)[1] is True
        assert _xem(client)[1] is True


def test_nothing_is_kept_when_turned_off(client, an_lao, lanh_dao, settings):
    settings.BO_DEM_TRANG_MB = 0
    client.force_login(lanh_dao)
    _xem(client)
    assert _xem(client)[1] is True


# The version of the data itself.

GHI = "UPDATE chitieu_kybaocao SET nam = nam WHERE false"  # a write statement that changes no row


@contextmanager
def _ket_noi_rieng():
    """A connection of its own (another request, another server), closed at the end."""
    ket_noi = connections.create_connection("default")
    ket_noi.ensure_connection()
    try:
        yield ket_noi
    finally:
        ket_noi.close()


@contextmanager
def _giao_dich_da_ghi():
    """A connection of its own with an open transaction that has written; the test commits
    or rolls it back (rolled back if it does neither)."""
    with _ket_noi_rieng() as ket_noi:
        ket_noi.set_autocommit(False)
        with ket_noi.cursor() as con_tro:
            con_tro.execute(GHI)
        yield ket_noi


def _ghi() -> None:
    with connection.cursor() as con_tro:
        con_tro.execute(GHI)


def test_every_table_but_sessions_and_login_records_carries_the_trigger(db):
    with connection.cursor() as con_tro:
        con_tro.execute(
            """SELECT c.relname, EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = %s)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind = 'r' AND n.nspname = current_schema()""", [phien_ban.TRIGGER])
        co = dict(con_tro.fetchall())
    khong = sorted(ten for ten, co_trigger in co.items() if not co_trigger)
    assert khong == sorted(phien_ban.KHONG_THEO_DOI & co.keys())
    for ten in ("chitieu_thuchien", "chitieu_kehoach", "chitieu_donvi", "chitieu_phancong", "auth_user_groups",
                "chitieu_historicalthuchien", "quytrinh_thongbao", "quytrinh_giaitrinh"):
        assert co.get(ten) is True, ten
    with connection.cursor() as con_tro:  # a user's name or roles are data; their last login is not
        truoc = phien_ban.doc()
        con_tro.execute("UPDATE auth_user SET last_login = now() WHERE false")
        assert phien_ban.doc() == truoc
        con_tro.execute("UPDATE auth_user SET is_staff = is_staff WHERE false")
        assert phien_ban.doc() != truoc


def test_the_version_changes_with_each_commit_whatever_order_transactions_commit_in(db):
    """Two writers: the one that began first commits last. The largest id alone would not
    change at the second commit; the version does."""
    with _giao_dich_da_ghi() as cham:  # takes its id first, commits last
        truoc = phien_ban.doc()
        _ghi()
        giua = phien_ban.doc()
        cham.commit()
        sau = phien_ban.doc()
    assert truoc[0] < giua[0] < sau[0]
    assert len({truoc, giua, sau}) == 3


def test_a_rolled_back_write_never_lends_its_version_to_a_later_state(db):
    with _giao_dich_da_ghi() as ket_noi:
        with ket_noi.cursor() as con_tro:
            con_tro.execute(phien_ban.DOC)
            ben_trong = tuple(con_tro.fetchone())
        ket_noi.rollback()
    _ghi()
    sau = phien_ban.doc()
    assert sau[0] == ben_trong[0] and sau != ben_trong  # same count, but never the same version


def test_the_log_is_folded_and_the_count_keeps_every_commit(db):
    truoc = phien_ban.doc()
    so_lan = 2 * phien_ban.GOP_MOI + 10
    for _ in range(so_lan):
        _ghi()
    with connection.cursor() as con_tro:
        con_tro.execute(f"SELECT (SELECT count(*) FROM {phien_ban.NHAT_KY}), so FROM {phien_ban.TONG}")
        con_lai, da_gop = con_tro.fetchone()
    sau = phien_ban.doc()
    assert sau[0] - truoc[0] == so_lan and sau[1] > truoc[1]
    assert da_gop > 0 and con_lai < 2 * phien_ban.GOP_MOI


def test_writers_do_not_wait_for_each_other(db):
    """A transaction that wrote and stays open does not hold back another writer."""
    xong = threading.Event()

    def ghi():
        with _ket_noi_rieng() as khac, khac.cursor() as con_tro:
            con_tro.execute("SET lock_timeout = '2s'")
            con_tro.execute("UPDATE chitieu_donvi SET ten = ten WHERE false")
        xong.set()

    with _giao_dich_da_ghi() as mo:
        luong = threading.Thread(target=ghi)
        luong.start()
        luong.join(10)
        assert xong.is_set()
        mo.rollback()


# The memory.

def test_memory_is_bounded_and_drops_the_least_recently_used_first():
    nho = bo_dem.BoNho(800)
    for ten in "abcdefgh":
        nho.dat(ten, ten.upper(), 100)
    assert nho.dung_byte == 800
    assert nho.lay("a") == (100, "A")  # a is now the most recent
    nho.dat("i", "I", 100)
    assert nho.lay("b") is None and nho.lay("a") and nho.lay("i")
    assert nho.dung_byte == 800 and len(nho) == 8
    nho.dat("to", "X", 101)  # larger than an eighth of the memory: not kept
    assert nho.lay("to") is None and len(nho) == 8
