"""Two people saving the same unit at the same moment, on PostgreSQL, each with their
own session and database connection: a conflict is detected and no update is lost."""

import threading
import time
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client

from chitieu import services
from chitieu.models import ThucHien, TrangThaiNop
from tests import factories
from tests.chitieu.test_nhap_lieu import URL, _form
from tests.factories import dat_thuc_hien


@pytest.fixture
def hai_nguoi(transactional_db):
    dm = factories.tao_danh_muc()
    nhap_lieu = factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [dm.an_lao])
    tong_hop = factories.tao_nguoi_dung("tong_hop", factories.TONG_HOP)
    cac_client = []
    for nguoi in (nhap_lieu, tong_hop):
        c = Client()
        c.force_login(nguoi)
        cac_client.append(c)
    return dm, cac_client


def _luu_cung_luc(monkeypatch, cac_lan_luu):
    """Runs the saves in threads; the first holds its locks 0.5 s while writing, so the
    second save happens while the first is in the middle of its transaction."""
    ghi_that = services._ghi

    def ghi_cham(*args, **kwargs):
        if threading.current_thread().name == "nguoi-0":
            time.sleep(0.5)
        return ghi_that(*args, **kwargs)

    monkeypatch.setattr(services, "_ghi", ghi_cham)
    ket_qua = {}

    def chay(i, client, du_lieu):
        try:
            ket_qua[i] = client.post(URL, du_lieu)
        finally:
            connection.close()

    luong = [threading.Thread(target=chay, args=(i, c, d), name=f"nguoi-{i}") for i, (c, d) in enumerate(cac_lan_luu)]
    luong[0].start()
    time.sleep(0.15)
    luong[1].start()
    for t in luong:
        t.join(timeout=30)
    return ket_qua


def test_two_saves_of_the_same_cell_at_once_end_in_one_value_and_one_named_conflict(hai_nguoi, monkeypatch):
    dm, (nhap_lieu, tong_hop) = hai_nguoi
    dat_thuc_hien(dm.an_lao, dm.ct01_1, dm.ky_2023_6t, "100")
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t)  # the period has been saved before
    mo_1, mo_2 = _form(nhap_lieu), _form(tong_hop)  # both open the page before either saves
    ket_qua = _luu_cung_luc(monkeypatch, [(nhap_lieu, mo_1 | {"th-CT01.1": "200"}),
                                          (tong_hop, mo_2 | {"th-CT01.1": "300"})])
    assert ket_qua[0].status_code == 302
    assert ket_qua[1].status_code == 200
    assert "vừa sửa ô này thành 200" in ket_qua[1].content.decode()
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D("200")
    thay_doi = ThucHien.history.filter(chi_tieu=dm.ct01_1, history_type="~")
    assert [h.gia_tri for h in thay_doi] == [D("200")]  # nothing was overwritten unseen


def test_two_saves_of_different_cells_at_once_both_land(hai_nguoi, monkeypatch):
    dm, (nhap_lieu, tong_hop) = hai_nguoi
    mo_1, mo_2 = _form(nhap_lieu), _form(tong_hop)
    ket_qua = _luu_cung_luc(monkeypatch, [(nhap_lieu, mo_1 | {"th-CT01.1": "184510"}),
                                          (tong_hop, mo_2 | {"th-CT01.2": "141004"})])
    assert (ket_qua[0].status_code, ket_qua[1].status_code) == (302, 302)
    assert ThucHien.objects.get(chi_tieu=dm.ct01_1).gia_tri == D("184510")
    assert ThucHien.objects.get(chi_tieu=dm.ct01_2).gia_tri == D("141004")
