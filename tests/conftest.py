"""Shared fixtures: the named users every test speaks of, and the catalog built in code.

Users (one per role of DESIGN §6): `quan_tri`, `tong_hop`, `nhap_lieu_an_lao`,
`nhap_lieu_tuy_phuoc`, `lanh_dao`, `lanh_dao_an_lao` (a leader assigned one unit).
"""

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from tests import factories

# Hypothesis's per-example deadline (200 ms) times the examples, which is not what these
# properties are about (speed is measured by bench/): with the suite in parallel, a worker
# may wait behind the other's Chromium, and a 0.07 ms example once took 332 ms and failed.
hypothesis_settings.register_profile("kiem_thu", deadline=None)
hypothesis_settings.load_profile("kiem_thu")


def pytest_configure(config):
    # Hashed static names need `collectstatic`; tests serve the files as they are.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.STATIC_ROOT = None  # no `collectstatic` output to serve in tests
    # Fast hashing: tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def danh_muc(db):
    """Province, two districts, periods 2022–2023 and a small catalog (factories.DanhMuc)."""
    return factories.tao_danh_muc()


@pytest.fixture
def quan_tri(danh_muc):
    return factories.tao_nguoi_dung("quan_tri", factories.QUAN_TRI)


@pytest.fixture
def tong_hop(danh_muc):
    return factories.tao_nguoi_dung("tong_hop", factories.TONG_HOP)


@pytest.fixture
def nhap_lieu_an_lao(danh_muc):
    return factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [danh_muc.an_lao])


@pytest.fixture
def nhap_lieu_tuy_phuoc(danh_muc):
    return factories.tao_nguoi_dung("nhap_lieu_tuy_phuoc", factories.NHAP_LIEU, [danh_muc.tuy_phuoc])


@pytest.fixture
def lanh_dao(danh_muc):
    return factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO)


@pytest.fixture
def lanh_dao_an_lao(danh_muc):
    return factories.tao_nguoi_dung("lanh_dao_an_lao", factories.LANH_DAO, [danh_muc.an_lao])
