"""Deadlines and reporting rates with a frozen clock: on time, late, overdue; the rates
of a period and a province; the deadline the province office sets."""

from datetime import date
from decimal import Decimal as D

import pytest

from chitieu import services as cs
from chitieu.models import DonVi
from quytrinh import selectors, services
from tests import factories
from tests.html import chu
from tests.quytrinh.dong_ho import dong_ho, luc


@pytest.fixture
def the_gioi(danh_muc, tong_hop):
    """Bình Định with An Lão, Tuy Phước and Hoài Ân; Gia Lai with Pleiku. In 2023-6t
    (deadline 20/6): An Lão sends on the deadline day, Tuy Phước three days late, Hoài
    Ân never; Pleiku sends on time."""
    dm = danh_muc
    dm.hoai_an = factories.tao_don_vi("hoai-an", "Hoài Ân", cha=dm.tinh, thu_tu=3)
    dm.gia_lai = factories.tao_don_vi("gia-lai", "Gia Lai", cap=DonVi.Cap.TINH, thu_tu=50)
    dm.pleiku = factories.tao_don_vi("pleiku", "Pleiku", cha=dm.gia_lai, thu_tu=51)
    ky = dm.ky_2023_6t
    with dong_ho(luc(2023, 6, 20, 16, 30)):
        cs.gui_so_lieu(don_vi=dm.an_lao, ky=ky, nguoi=tong_hop)
        cs.gui_so_lieu(don_vi=dm.pleiku, ky=ky, nguoi=tong_hop)
    with dong_ho(luc(2023, 6, 23)):
        cs.gui_so_lieu(don_vi=dm.tuy_phuoc, ky=ky, nguoi=tong_hop)
    return dm


def _han(dm, ngay):
    tt = selectors.tinh_trang_nop(dm.ky_2023_6t, None, ngay)
    return {d.don_vi.ma: d.han.nhan for d in tt.dong}, tt


def test_before_the_deadline_units_have_days_left(the_gioi):
    han, _ = _han(the_gioi, date(2023, 6, 17))
    assert han["hoai-an"] == "Hạn nộp 20/6 · còn 3 ngày"
    assert han["an-lao"] == "Nộp đúng hạn"


def test_sent_on_the_deadline_day_is_on_time_after_it_late_never_overdue(the_gioi):
    han, tt = _han(the_gioi, date(2023, 6, 22))
    assert han == {"an-lao": "Nộp đúng hạn", "tuy-phuoc": "Nộp trễ 3 ngày", "hoai-an": "Quá hạn 2 ngày",
                   "pleiku": "Nộp đúng hạn"}


def test_a_returned_unit_is_overdue_until_it_sends_again_then_late(the_gioi, tong_hop):
    dm = the_gioi
    with dong_ho(luc(2023, 6, 24)):
        cs.tra_lai_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=tong_hop, ly_do="Sai CT01")
    assert _han(dm, date(2023, 6, 24))[0]["an-lao"] == "Quá hạn 4 ngày"
    with dong_ho(luc(2023, 6, 26)):
        cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2023_6t, nguoi=tong_hop)
    assert _han(dm, date(2023, 6, 27))[0]["an-lao"] == "Nộp trễ 6 ngày"


def test_rates_of_a_period_per_province(the_gioi, tong_hop):
    dm = the_gioi
    with dong_ho(luc(2023, 6, 25)):
        services.duyet_nhieu(ky=dm.ky_2023_6t, cac_don_vi=[dm.an_lao], nguoi=tong_hop)
    binh_dinh = {dm.tinh.id, dm.an_lao.id, dm.tuy_phuoc.id, dm.hoai_an.id}
    nop = selectors.tong_quan_nop(dm.ky_2023_6t, binh_dinh, date(2023, 6, 25))
    t = nop.ty_le
    assert (t.phai_nop, t.da_gui, t.dung_han, t.da_duyet, t.qua_han) == (3, 2, 1, 1, 1)
    assert (t.ty_le_nop, t.ty_le_dung_han, t.ty_le_duyet) == (D("66.67"), D("33.33"), D("33.33"))
    assert [dv.ma for dv, _ in nop.tre_han] == ["tuy-phuoc"]
    assert [dv.ma for dv, _ in nop.qua_han] == ["hoai-an"]

    gia_lai = selectors.tong_quan_nop(dm.ky_2023_6t, {dm.gia_lai.id, dm.pleiku.id}, date(2023, 6, 25)).ty_le
    assert (gia_lai.phai_nop, gia_lai.da_gui, gia_lai.ty_le_dung_han) == (1, 1, D("100.00"))


def test_rates_per_period_run_oldest_first_up_to_the_chosen_one(the_gioi, tong_hop):
    dm = the_gioi
    with dong_ho(luc(2022, 6, 10)):
        cs.gui_so_lieu(don_vi=dm.an_lao, ky=dm.ky_2022_6t, nguoi=tong_hop)
    binh_dinh = {dm.tinh.id, dm.an_lao.id, dm.tuy_phuoc.id, dm.hoai_an.id}
    nop = selectors.tong_quan_nop(dm.ky_2023_6t, binh_dinh, date(2023, 6, 25))
    theo_ky = {k.slug: (t.da_gui, t.dung_han, t.ty_le_nop) for k, t in nop.cac_ky}
    assert [k.slug for k, _ in nop.cac_ky] == ["2022-3t", "2022-6t", "2022-9t", "2022-12t", "2023-3t", "2023-6t"]
    assert theo_ky["2022-6t"] == (1, 1, D("33.33"))
    assert theo_ky["2022-9t"] == (0, 0, D("0.00"))
    assert theo_ky["2023-6t"] == (2, 1, D("66.67"))


def test_the_province_office_moves_a_levels_deadline_and_timeliness_follows(the_gioi, tong_hop, client):
    dm = the_gioi
    services.dat_han_nop(nam=2023, han={("huyen", dm.ky_2023_6t.id): date(2023, 6, 25)}, nguoi=tong_hop)
    han, _ = _han(dm, date(2023, 6, 24))
    assert han["tuy-phuoc"] == "Nộp đúng hạn" and han["hoai-an"] == "Hạn nộp 25/6 · còn 1 ngày"

    client.force_login(tong_hop)
    tra_loi = client.post("/han-nop/2023/", {f"han-huyen-{dm.ky_2023_6t.id}": "2023-06-20",
                                            f"han-tinh-{dm.ky_2023_6t.id}": "khong-phai-ngay"})
    assert tra_loi.status_code == 400 and "“khong-phai-ngay” không phải ngày" in chu(tra_loi.content.decode())
    assert selectors.han_nop_cua(dm.hoai_an, dm.ky_2023_6t) == date(2023, 6, 25)  # nothing written
    client.post("/han-nop/2023/", {f"han-huyen-{dm.ky_2023_6t.id}": ""})
    assert selectors.han_nop_cua(dm.hoai_an, dm.ky_2023_6t) == date(2023, 6, 20)  # back to the default


def test_a_deadline_far_from_its_period_is_refused(danh_muc, tong_hop):
    with pytest.raises(services.LoiDuLieu, match="nằm ngoài năm 2023"):
        services.dat_han_nop(nam=2023, han={("huyen", danh_muc.ky_2023_6t.id): date(2030, 1, 1)}, nguoi=tong_hop)


def test_only_the_province_office_sets_deadlines(danh_muc, lanh_dao):
    with pytest.raises(services.KhongCoQuyen):
        services.dat_han_nop(nam=2023, han={}, nguoi=lanh_dao)


def test_the_status_page_lists_the_reporting_units_with_their_deadline(the_gioi, client, tong_hop):
    dm = the_gioi
    factories.dat_thuc_hien(dm.tuy_phuoc, dm.ct01, dm.ky_2023_6t, "1000")
    client.force_login(tong_hop)
    with dong_ho(luc(2023, 6, 22)):
        html = client.get("/tinh-trang-nop/2023-6t/").content.decode()
    assert 'id="dv-binh-dinh"' not in html and 'id="dv-gia-lai"' not in html
    assert "4 đơn vị phải báo cáo: Đang nhập 1 · Đã gửi 3 · Đã duyệt 0 · Trả lại 0" in chu(html)
    assert "Quá hạn 2 ngày" in chu(html) and "Nộp trễ 3 ngày" in chu(html)
    dong_hoai_an = chu(html.split('id="dv-hoai-an"')[1].split("</tr>")[0])
    assert "Chưa nhập" in dong_hoai_an
    dong_tuy_phuoc = chu(html.split('id="dv-tuy-phuoc"')[1].split("</tr>")[0])
    assert "Chưa nhập" not in dong_tuy_phuoc and "1/10" in dong_tuy_phuoc


def test_a_unit_with_figures_but_no_workflow_row_shows_when_its_figures_changed(danh_muc, client, tong_hop):
    dm = danh_muc
    with dong_ho(luc(2023, 6, 12, 14, 5)):
        factories.dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2023_6t, "1000")
    client.force_login(tong_hop)
    dong = chu(client.get("/tinh-trang-nop/2023-6t/").content.decode().split('id="dv-an-lao"')[1].split("</tr>")[0])
    assert "14:05 12/06/2023" in dong and "Chưa nhập" not in dong


def test_the_entry_page_shows_the_deadline(danh_muc, client, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    with dong_ho(luc(2023, 6, 17)):
        html = client.get("/nhap-lieu/an-lao/2023-6t/").content.decode()
    assert "Hạn nộp 20/6 · còn 3 ngày" in chu(html)
    with dong_ho(luc(2023, 6, 22)):
        html = client.get("/nhap-lieu/an-lao/2023-6t/").content.decode()
    assert "Quá hạn 2 ngày" in chu(html)
