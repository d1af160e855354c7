"""Shared by the benchmarks: a fresh PostgreSQL database and a configured Django.

Run every benchmark inside a throwaway cluster: `scripts/voi_postgres.sh .venv/bin/python bench/<x>.py`.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

GOC = Path(__file__).resolve().parent.parent


def chuan_bi_django(ten_csdl: str, giu: bool = False) -> None:
    """Creates database `ten_csdl` in the cluster of DATABASE_URL (dropping an old one, or
    with `giu` keeping one that exists), points Django at it with production-like
    settings, migrates."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Cần DATABASE_URL tới PostgreSQL: chạy qua scripts/voi_postgres.sh")
    import psycopg2

    phan = urlparse(url)
    ket_noi = psycopg2.connect(urlunparse(phan._replace(path="/postgres")))
    ket_noi.autocommit = True
    with ket_noi.cursor() as con_tro:
        con_tro.execute("SELECT 1 FROM pg_database WHERE datname = %s", [ten_csdl])
        if not (giu and con_tro.fetchone()):
            con_tro.execute(f'DROP DATABASE IF EXISTS "{ten_csdl}"')
            con_tro.execute(f'CREATE DATABASE "{ten_csdl}"')
    ket_noi.close()
    os.environ["DATABASE_URL"] = urlunparse(phan._replace(path=f"/{ten_csdl}"))
    os.environ.setdefault("SECRET_KEY", "chi-dung-de-do-hieu-nang-" + "x" * 40)
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("CONN_MAX_AGE", "60")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(GOC))
    os.chdir(GOC)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from config import thu_gom_rac

    thu_gom_rac.chinh()  # as config/wsgi.py does in an app server


def thoi_gian(ham, lan: int) -> list[float]:
    """Milliseconds of each of `lan` calls."""
    ket_qua = []
    for _ in range(lan):
        bat_dau = time.perf_counter()
        ham()
        ket_qua.append((time.perf_counter() - bat_dau) * 1000)
    return ket_qua


def trung_vi_p95(mau: list[float]) -> tuple[float, float]:
    mau = sorted(mau)
    return statistics.median(mau), mau[min(len(mau) - 1, round(0.95 * (len(mau) - 1)))]
