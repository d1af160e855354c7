"""Production: the deploy checks with the documented variables, the read replica router,
the health check, and a backup restored and compared."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from chitieu.models import KeHoach, ThucHien, TrangThaiNop
from config import db_router
from tests import factories
from tests.factories import dat_thuc_hien

GOC = Path(__file__).resolve().parent.parent
# The production variables README's "Triển khai" section documents.
BIEN_SAN_XUAT = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "chitieu.binhdinh.gov.vn",
    "DATABASE_URL": "postgres://chitieu:mat-khau@db.noi-bo:5432/chitieu",
    "CONN_MAX_AGE": "60",
}


def _check_deploy(**bien) -> subprocess.CompletedProcess:
    # A clean environment, as on a server: only what the process needs plus the documented variables.
    moi_truong = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=GOC, env=moi_truong | BIEN_SAN_XUAT | bien, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_passes_with_the_documented_production_variables():
    ket_qua = _check_deploy()
    assert ket_qua.returncode == 0, ket_qua.stdout + ket_qua.stderr


def test_check_deploy_fails_when_https_is_off_or_debug_is_on():
    assert _check_deploy(HTTPS="0").returncode != 0
    assert _check_deploy(DEBUG="1").returncode != 0


def test_production_refuses_to_start_without_a_secret_key():
    ket_qua = _check_deploy(SECRET_KEY="")
    assert ket_qua.returncode != 0 and "SECRET_KEY" in ket_qua.stderr


def _thu_gom_cua_app_server(**bien) -> subprocess.CompletedProcess:
    """Loads the application as an app server does (config/wsgi.py) and prints what the
    garbage collector was left with."""
    moi_truong = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    ma = "import gc, config.wsgi; print(gc.get_threshold(), gc.get_freeze_count() > 10000)"
    return subprocess.run([sys.executable, "-c", ma], cwd=GOC, env=moi_truong | BIEN_SAN_XUAT | bien,
                          capture_output=True, text=True, timeout=120)


def test_an_app_server_raises_the_collectors_threshold_and_freezes_what_it_loaded():
    ket_qua = _thu_gom_cua_app_server()
    assert ket_qua.stdout.strip() == "(50000, 10, 10) True", ket_qua.stderr
    assert _thu_gom_cua_app_server(GC_NGUONG="700, 10, 10").stdout.strip() == "(700, 10, 10) True"


@pytest.mark.parametrize("sai", ["0,10,10", "50000,0,10", "50000,10", "nhiều", "-1,10,10"])
def test_an_app_server_refuses_a_threshold_that_is_not_three_positive_numbers(sai):
    ket_qua = _thu_gom_cua_app_server(GC_NGUONG=sai)
    assert ket_qua.returncode != 0
    assert "GC_NGUONG phải là ba số nguyên dương" in ket_qua.stderr and repr(sai) in ket_qua.stderr


def test_the_health_check_answers_without_login(client, db):
    tra_loi = client.get("/suc-khoe/")
    assert (tra_loi.status_code, tra_loi.content) == (200, b"ok")


def test_the_health_check_answers_503_when_the_database_is_down():
    # A real app server whose database does not answer (nothing listens on that port).
    ma = ("import django; django.setup(); from django.test import Client; "
          "r = Client().get('/suc-khoe/'); print(r.status_code, r.content.decode())")
    moi_truong = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    moi_truong |= BIEN_SAN_XUAT | {"DATABASE_URL": "postgres://khong-co@127.0.0.1:9/khong-co", "HTTPS": "0",
                                   "ALLOWED_HOSTS": "testserver", "DJANGO_SETTINGS_MODULE": "config.settings",
                                   "LOG_LEVEL": "CRITICAL"}
    ra = subprocess.run([sys.executable, "-c", ma], cwd=GOC, env=moi_truong, capture_output=True, text=True,
                        timeout=120)
    assert ra.stdout.strip() == "503 không kết nối được cơ sở dữ liệu", ra.stdout + ra.stderr


def _qua_middleware(rf, monkeypatch, url: str, phuong_thuc: str = "get") -> dict:
    """Where the router sends reads while a request to `url` is being answered."""
    from django.contrib.sessions.models import Session
    from django.urls import resolve

    monkeypatch.setattr(db_router, "co_ban_sao", lambda: True)
    router = db_router.BanSaoChoTrangXem()
    thay = {}

    def tra_loi(request):
        thay["so_lieu"] = router.db_for_read(ThucHien)
        thay["phien"] = router.db_for_read(Session)
        thay["ghi"] = router.db_for_write(ThucHien)
        from django.http import HttpResponse

        return HttpResponse()

    middleware = db_router.ChonBanSaoMiddleware(tra_loi)
    request = getattr(rf, phuong_thuc)(url)
    request.resolver_match = resolve(url)
    middleware.process_view(request, None, (), {})
    middleware(request)
    thay["sau"] = router.db_for_read(ThucHien)
    return thay


def test_dashboards_read_from_the_replica_but_sessions_and_everything_else_from_the_primary(rf, monkeypatch):
    assert _qua_middleware(rf, monkeypatch, "/don-vi/an-lao/2023-6t/") == {
        "so_lieu": "replica", "phien": "default", "ghi": "default", "sau": "default"}
    for url, phuong_thuc in (("/nhap-lieu/an-lao/2023-6t/", "get"), ("/don-vi/an-lao/2023-6t/", "post"),
                             ("/lich-su/an-lao/2023-6t/", "get")):
        assert _qua_middleware(rf, monkeypatch, url, phuong_thuc)["so_lieu"] == "default", url


def test_a_replica_url_adds_the_replica_and_its_router():
    ma = ("from django.conf import settings; print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
          "settings.DATABASES['replica']['HOST'])")
    moi_truong = {**os.environ, **BIEN_SAN_XUAT, "DATABASE_REPLICA_URL": "postgres://doc:x@ban-sao:5432/chitieu",
                  "DJANGO_SETTINGS_MODULE": "config.settings"}
    dau_ra = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {ma}"], cwd=GOC, env=moi_truong,
                            capture_output=True, text=True, check=True).stdout
    assert dau_ra.strip() == "['default', 'replica'] ['config.db_router.BanSaoChoTrangXem'] ban-sao"


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_the_same_data():
    pg_bin = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
    dm = factories.tao_danh_muc()
    factories.so_lieu_an_lao_2023(dm)
    th = dat_thuc_hien(dm.tuy_phuoc, dm.ct08, dm.ky_2023_6t, "4.6", ghi_chu="Có dấu: Thủy, Phước")
    th.gia_tri = 5
    th.save()
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    cai_dat = connection.settings_dict
    moi_truong = {**os.environ, "PGHOST": cai_dat["HOST"] or "127.0.0.1", "PGPORT": str(cai_dat["PORT"] or 5432),
                  "PGUSER": cai_dat["USER"] or "postgres"}
    if cai_dat["PASSWORD"]:
        moi_truong["PGPASSWORD"] = cai_dat["PASSWORD"]
    ten_moi = f"{cai_dat['NAME']}_khoi_phuc"
    tep = Path(f"/tmp/{ten_moi}.dump")
    subprocess.run([GOC / "scripts/sao_luu.sh", cai_dat["NAME"], tep], env=moi_truong | {"PG_BIN": str(pg_bin)},
                   check=True, capture_output=True)
    subprocess.run([pg_bin / "dropdb", "--if-exists", ten_moi], env=moi_truong, check=True)
    try:
        subprocess.run([GOC / "scripts/khoi_phuc.sh", tep, ten_moi], env=moi_truong | {"PG_BIN": str(pg_bin)},
                       check=True, capture_output=True)

        def noi_dung(ten_csdl: str) -> dict[str, list]:
            bang = [m._meta.db_table for m in (ThucHien, ThucHien.history.model, KeHoach, KeHoach.history.model,
                                                TrangThaiNop, TrangThaiNop.history.model)] + [
                "chitieu_donvi", "chitieu_chitieu", "chitieu_kybaocao", "auth_group"]
            ket_qua = {}
            for ten in bang:
                dau_ra = subprocess.run(
                    [pg_bin / "psql", "-d", ten_csdl, "-At", "-c", f"SELECT * FROM {ten} ORDER BY 1"],
                    env=moi_truong, check=True, capture_output=True, text=True).stdout
                ket_qua[ten] = dau_ra.splitlines()
            return ket_qua

        goc, khoi_phuc = noi_dung(cai_dat["NAME"]), noi_dung(ten_moi)
        assert goc == khoi_phuc
        assert len(goc["chitieu_thuchien"]) == 7 and len(goc["chitieu_historicalthuchien"]) == 8
    finally:
        subprocess.run([pg_bin / "dropdb", "--if-exists", ten_moi], env=moi_truong, check=False)
        tep.unlink(missing_ok=True)


def _pg(cai_dat) -> tuple[Path, dict]:
    moi_truong = {**os.environ, "PGHOST": cai_dat["HOST"] or "127.0.0.1", "PGPORT": str(cai_dat["PORT"] or 5432),
                  "PGUSER": cai_dat["USER"] or "postgres"}
    if cai_dat["PASSWORD"]:
        moi_truong["PGPASSWORD"] = cai_dat["PASSWORD"]
    pg_bin = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
    return pg_bin, moi_truong | {"PG_BIN": str(pg_bin)}


def _co_csdl(pg_bin: Path, moi_truong: dict, ten: str) -> bool:
    dau_ra = subprocess.run([pg_bin / "psql", "-d", "postgres", "-At", "-c",
                             f"SELECT 1 FROM pg_database WHERE datname = '{ten}'"],
                            env=moi_truong, check=True, capture_output=True, text=True).stdout
    return dau_ra.strip() == "1"


@pytest.mark.django_db(transaction=True)
def test_a_failed_backup_leaves_no_file_under_the_target_name(tmp_path):
    pg_bin, moi_truong = _pg(connection.settings_dict)
    tep = tmp_path / "sao-luu.dump"
    ra = subprocess.run([GOC / "scripts/sao_luu.sh", "khong_co_csdl_nay", tep], env=moi_truong, capture_output=True,
                        text=True)
    assert ra.returncode != 0 and "Sao lưu khong_co_csdl_nay thất bại" in ra.stderr
    assert list(tmp_path.iterdir()) == []  # no 0-byte dump, no temporary file left
    # An older backup under that name stays as it was.
    tep.write_bytes(b"ban cu")
    subprocess.run([GOC / "scripts/sao_luu.sh", "khong_co_csdl_nay", tep], env=moi_truong, capture_output=True)
    assert tep.read_bytes() == b"ban cu" and list(tmp_path.iterdir()) == [tep]


@pytest.mark.django_db(transaction=True)
def test_a_failed_restore_leaves_no_database_behind_and_never_touches_an_existing_one(tmp_path):
    pg_bin, moi_truong = _pg(connection.settings_dict)
    ten_moi = f"{connection.settings_dict['NAME']}_khoi_phuc_hong"
    hong = tmp_path / "hong.dump"
    hong.write_bytes(b"PGDMP" + b"\0" * 100)  # looks like a dump, is not one
    ra = subprocess.run([GOC / "scripts/khoi_phuc.sh", hong, ten_moi], env=moi_truong, capture_output=True, text=True)
    assert ra.returncode != 0 and "Khôi phục thất bại: xóa cơ sở dữ liệu" in ra.stderr
    assert not _co_csdl(pg_bin, moi_truong, ten_moi)  # not left empty
    # Restoring over an existing database is refused, and that database is kept.
    ra = subprocess.run([GOC / "scripts/khoi_phuc.sh", hong, connection.settings_dict["NAME"]], env=moi_truong,
                        capture_output=True, text=True)
    assert ra.returncode != 0 and _co_csdl(pg_bin, moi_truong, connection.settings_dict["NAME"])
