"""One lock per (unit, year), taken by plan saves, the Excel import and every workflow
step. On PostgreSQL, two connections: a plan save paused inside its transaction while
"gửi" runs (and the other way round) — the two run one after the other, so either the
send includes the plans or the plan save is refused, and no plan ever changes after the
send. (Before, a plan save locked only the workflow rows that already existed: a send of
a period without one slipped past it and the plans changed after the send.)"""

import threading
import time
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection

from chitieu import services
from chitieu.models import KeHoach, TrangThaiNop
from tests import factories
from tests.factories import nguon

CHO = 0.6  # how long the second connection is watched while the first is paused


@pytest.fixture
def the_gioi(transactional_db):
    dm = factories.tao_danh_muc()
    nhap_lieu = factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [dm.an_lao])
    return dm, nhap_lieu


class HaiKetNoi:
    """Runs `truoc` in one thread (its own connection), pausing it inside its
    transaction at the first call of `services.<diem_dung>`, then `sau` in another."""

    def __init__(self, monkeypatch, diem_dung: str):
        self.da_dung, self.tiep_tuc = threading.Event(), threading.Event()
        self.ket_qua, self.xong_luc = {}, {}
        that = getattr(services, diem_dung)

        def dung_lai(*args, **kwargs):
            if threading.current_thread().name == "truoc" and not self.da_dung.is_set():
                self.da_dung.set()
                assert self.tiep_tuc.wait(20)
            return that(*args, **kwargs)

        monkeypatch.setattr(services, diem_dung, dung_lai)

    def _chay(self, ten, ham):
        try:
            self.ket_qua[ten] = ham()
        except Exception as e:  # noqa: BLE001 — the outcome is what the test looks at
            self.ket_qua[ten] = e
        finally:
            self.xong_luc[ten] = time.monotonic()
            connection.close()

    def chay(self, truoc, sau) -> None:
        luong_truoc = threading.Thread(target=self._chay, args=("truoc", truoc), name="truoc")
        luong_truoc.start()
        assert self.da_dung.wait(20), "the first transaction never reached its pause"
        luong_sau = threading.Thread(target=self._chay, args=("sau", sau), name="sau")
        luong_sau.start()
        luong_sau.join(CHO)
        self.sau_cho_khi_truoc_dung = luong_sau.is_alive()  # blocked on the lock, not done
        self.tiep_tuc.set()
        luong_truoc.join(30)
        luong_sau.join(30)


def _luu_ke_hoach(dm, nguoi, gia_tri="843000", hieu_luc_tu=date(2023, 1, 1)):
    khoa = (dm.ct01, nguon("kh-tinh"), hieu_luc_tu)
    return lambda: services.ke_hoach_luu(don_vi=dm.an_lao, nam=2023, nguoi=nguoi, ly_do="Nhập trên form",
                                         gia_tri={khoa: services.OKeHoach(D(gia_tri))})


def _gui(dm, nguoi):
    return lambda: services.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=nguoi)


def _luc_gui(dm):
    return TrangThaiNop.history.get(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui").history_date


def test_a_send_waits_for_a_plan_save_in_progress_and_the_plans_never_change_after_it(the_gioi, monkeypatch):
    dm, nhap_lieu = the_gioi
    hai = HaiKetNoi(monkeypatch, "_ghi")  # the plan save has passed its check; it pauses before writing
    hai.chay(_luu_ke_hoach(dm, nhap_lieu), _gui(dm, nhap_lieu))
    assert hai.sau_cho_khi_truoc_dung, "the send went through while the plan save was in progress"
    assert isinstance(hai.ket_qua["truoc"], services.KetQuaLuu), hai.ket_qua
    assert isinstance(hai.ket_qua["sau"], TrangThaiNop), hai.ket_qua
    assert hai.xong_luc["sau"] > hai.xong_luc["truoc"]
    assert KeHoach.objects.get(chi_tieu=dm.ct01).gia_tri == 843000
    assert max(KeHoach.history.values_list("history_date", flat=True)) < _luc_gui(dm)
    assert services.ke_hoach_bi_khoa(dm.an_lao, 2023)


def test_a_plan_save_during_a_send_in_progress_waits_and_is_refused(the_gioi, monkeypatch):
    dm, nhap_lieu = the_gioi
    hai = HaiKetNoi(monkeypatch, "_chuyen")  # the send has locked the year; it pauses before its write
    hai.chay(_gui(dm, nhap_lieu), _luu_ke_hoach(dm, nhap_lieu))
    assert hai.sau_cho_khi_truoc_dung, "the plan save went through while the send was in progress"
    assert isinstance(hai.ket_qua["truoc"], TrangThaiNop), hai.ket_qua
    assert isinstance(hai.ket_qua["sau"], services.KhongCoQuyen) and "đã khóa" in str(hai.ket_qua["sau"])
    assert not KeHoach.objects.exists() and not KeHoach.history.exists()  # exactly one of them won


def test_an_excel_plans_import_and_a_send_take_the_same_lock(the_gioi, monkeypatch):
    dm, nhap_lieu = the_gioi
    hai = HaiKetNoi(monkeypatch, "_ghi")

    def nhap(gia_tri):
        return lambda: services.luu_hang_loat(
            thuc_hien={}, ke_hoach={(dm.an_lao, 2023): {(dm.ct01, nguon("kh-huyen"), date(2023, 1, 1)):
                                                         services.OKeHoach(D(gia_tri))}},
            nguoi=nhap_lieu, ly_do="Nhập từ Excel: kh.xlsx")

    hai.chay(nhap("848700"), _gui(dm, nhap_lieu))
    assert hai.sau_cho_khi_truoc_dung
    assert isinstance(hai.ket_qua["truoc"], services.KetQuaLuu) and isinstance(hai.ket_qua["sau"], TrangThaiNop)
    assert max(KeHoach.history.values_list("history_date", flat=True)) < _luc_gui(dm)
    # …and after the send, an import changing that plan is refused.
    with pytest.raises(services.KhongCoQuyen):
        nhap("850000")()


def test_saves_of_different_units_do_not_wait_for_each_other(the_gioi, monkeypatch):
    dm, nhap_lieu = the_gioi
    tong_hop = factories.tao_nguoi_dung("tong_hop", factories.TONG_HOP)
    hai = HaiKetNoi(monkeypatch, "_ghi")
    hai.chay(_luu_ke_hoach(dm, nhap_lieu),
             lambda: services.gui_so_lieu(don_vi=dm.tuy_phuoc, ky=dm.ky_2023_6t, nguoi=tong_hop))
    assert not hai.sau_cho_khi_truoc_dung  # another unit's send went straight through
    assert isinstance(hai.ket_qua["sau"], TrangThaiNop) and hai.xong_luc["sau"] < hai.xong_luc["truoc"]


def _quy_3_da_gui(dm):
    """An Lão and Tuy Phước sent quý I 2023: the January plans are locked, a revision from
    July is not (no sent period is compared with it), so a save of one can be in progress."""
    ky_3t = factories.ky(2023, 3)
    for dv in (dm.an_lao, dm.tuy_phuoc):
        TrangThaiNop.objects.create(don_vi=dv, ky=ky_3t, trang_thai="da_gui")
    return ky_3t


def test_a_bulk_approval_waits_for_a_plan_save_of_one_of_its_units(the_gioi, monkeypatch):
    from quytrinh import services as qt
    from quytrinh.models import YeuCauMoKhoa

    dm, nhap_lieu = the_gioi
    tong_hop = factories.tao_nguoi_dung("tong_hop", factories.TONG_HOP)
    ky_3t = _quy_3_da_gui(dm)
    hai = HaiKetNoi(monkeypatch, "_ghi")
    hai.chay(_luu_ke_hoach(dm, nhap_lieu, "900000", hieu_luc_tu=date(2023, 7, 1)),
             lambda: qt.duyet_nhieu(ky=ky_3t, cac_don_vi=[dm.tuy_phuoc, dm.an_lao], nguoi=tong_hop))
    assert hai.sau_cho_khi_truoc_dung, "the approval went through while An Lão's plan save was in progress"
    assert isinstance(hai.ket_qua["truoc"], services.KetQuaLuu), hai.ket_qua
    assert [tt.trang_thai for tt in hai.ket_qua["sau"]] == ["da_duyet", "da_duyet"]
    assert hai.xong_luc["sau"] > hai.xong_luc["truoc"]


def test_an_unlock_request_and_its_decision_take_the_years_lock(the_gioi, monkeypatch):
    from quytrinh import services as qt
    from quytrinh.models import YeuCauMoKhoa

    dm, nhap_lieu = the_gioi
    quan_tri = factories.tao_nguoi_dung("quan_tri", factories.QUAN_TRI)
    ky_3t = _quy_3_da_gui(dm)
    hai = HaiKetNoi(monkeypatch, "_ghi")
    hai.chay(_luu_ke_hoach(dm, nhap_lieu, "900000", hieu_luc_tu=date(2023, 7, 1)),
             lambda: qt.de_nghi_mo_khoa(don_vi=dm.an_lao, ky=ky_3t, nguoi=nhap_lieu, ly_do="Sai số CT01"))
    assert hai.sau_cho_khi_truoc_dung, "the request went through while a plan save of the year was in progress"
    hai = HaiKetNoi(monkeypatch, "_ghi")
    hai.chay(_luu_ke_hoach(dm, nhap_lieu, "910000", hieu_luc_tu=date(2023, 7, 1)),
             lambda: qt.quyet_dinh_mo_khoa(don_vi=dm.an_lao, ky=ky_3t, nguoi=quan_tri, dong_y=True))
    assert hai.sau_cho_khi_truoc_dung, "the decision went through while a plan save of the year was in progress"
    assert isinstance(hai.ket_qua["sau"], YeuCauMoKhoa), hai.ket_qua
    assert TrangThaiNop.objects.get(don_vi=dm.an_lao, ky=ky_3t).trang_thai == "dang_nhap"
    assert KeHoach.objects.get(chi_tieu=dm.ct01, hieu_luc_tu=date(2023, 7, 1)).gia_tri == 910000
