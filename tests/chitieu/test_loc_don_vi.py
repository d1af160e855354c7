"""Long lists of units (the entry list, the submission status) for someone who sees
every unit: one tree and one page at a time, with a search box, and every unit still
reachable."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from chitieu.loc_don_vi import KICH_TRANG, CacDonVi, bo_dau
from chitieu.models import DonVi, KyBaoCao, TrangThaiNop
from tests import factories
from tests.html import chu


@pytest.fixture
def ba_tinh(db):
    """Three provinces of 30 units each: 93 units, more than a page."""
    call_command("tao_du_lieu_mau", stdout=StringIO(), tinh=3, huyen=30, chi_tieu=5, nam=1, tu_nam=2025)
    return factories.tao_nguoi_dung("quan_tri_ba_tinh", factories.QUAN_TRI)


def _nhap_lieu(html: str) -> list[str]:
    """The units of an entry list page, by the codes of their entry links."""
    return list(dict.fromkeys(re.findall(r'href="/nhap-lieu/([a-z0-9-]+)/\d{4}-\d+t/"', html)))


def _trang_sau(html: str) -> str | None:
    m = re.search(r'href="(\?[^"]*)">Trang sau', html)
    return m.group(1).replace("&amp;", "&") if m else None


def test_the_entry_list_shows_a_page_at_a_time_and_every_unit_is_reachable_through_the_pages(client, ba_tinh):
    client.force_login(ba_tinh)
    thay, url = [], "/nhap-lieu/"
    while url:
        html = client.get(url if url.startswith("/") else "/nhap-lieu/" + url).content.decode()
        tren_trang = _nhap_lieu(html)
        assert 0 < len(tren_trang) <= KICH_TRANG
        thay += tren_trang
        url = _trang_sau(html)
    assert sorted(thay) == sorted(DonVi.objects.values_list("ma", flat=True))
    assert "Trang 1/2" in chu(client.get("/nhap-lieu/").content.decode())


def test_the_entry_list_filters_by_province_with_counts_and_by_search_without_diacritics(client, ba_tinh):
    client.force_login(ba_tinh)
    van_ban = chu(client.get("/nhap-lieu/").content.decode())
    assert "Tỉnh / nhóm đơn vị" in van_ban and "(31 đơn vị)" in van_ban  # the province and its 30 units
    tinh_2 = DonVi.objects.get(ma="tinh-02")
    ma = _nhap_lieu(client.get("/nhap-lieu/?nhom=tinh-02").content.decode())
    assert sorted(ma) == sorted(["tinh-02", *DonVi.objects.filter(cha=tinh_2).values_list("ma", flat=True)])
    DonVi.objects.filter(ma="tinh-03-huyen-07").update(ten="Huyện Hoài Ân")
    assert _nhap_lieu(client.get("/nhap-lieu/?q=hoai+an").content.decode()) == ["tinh-03-huyen-07"]
    assert _nhap_lieu(client.get("/nhap-lieu/?q=Hoài+Ân&nhom=tinh-01").content.decode()) == []


def test_an_unknown_province_is_said_and_the_list_stays_whole(client, ba_tinh):
    client.force_login(ba_tinh)
    tra_loi = client.get("/nhap-lieu/?nhom=khong-co")
    assert tra_loi.status_code == 200
    assert "Không có nhóm đơn vị mã «khong-co» trong danh sách của bạn" in chu(tra_loi.content.decode())
    assert len(_nhap_lieu(tra_loi.content.decode())) == KICH_TRANG


def test_a_short_list_has_no_filter(client, danh_muc, nhap_lieu_an_lao):
    client.force_login(nhap_lieu_an_lao)
    html = client.get("/nhap-lieu/").content.decode()
    assert _nhap_lieu(html) == ["an-lao"] and "Tỉnh / nhóm đơn vị" not in html


def test_the_status_page_shows_one_province_at_a_time_with_its_counts(client, ba_tinh):
    client.force_login(ba_tinh)
    ky = KyBaoCao.objects.order_by("-nam", "-so_thang").first()
    mot = DonVi.objects.get(ma="tinh-02-huyen-03")
    TrangThaiNop.objects.create(don_vi=mot, ky=ky, trang_thai=TrangThaiNop.TrangThai.DA_GUI)
    van_ban = chu(client.get(f"/tinh-trang-nop/{ky.slug}/").content.decode())
    assert "30 đơn vị phải báo cáo" in van_ban  # the first province's units, not all 90
    assert "(30 đơn vị; 1 chờ duyệt, 0 đã duyệt)" in van_ban  # the second province, in the selector
    html = client.get(f"/tinh-trang-nop/{ky.slug}/?nhom=tinh-02").content.decode()
    ma = set(re.findall(r'<tr id="dv-([a-z0-9-]+)"', html))
    assert ma == set(DonVi.objects.filter(cha__ma="tinh-02").values_list("ma", flat=True))
    assert 'name="don_vi" value="tinh-02-huyen-03"' in html


def test_search_ignores_diacritics_and_case():
    assert bo_dau("Huyện  Hoài Ân") == "huyen hoai an" and bo_dau("Đắk Lắk") == "dak lak"


def test_units_read_as_rows_make_the_same_instances_as_the_model_with_their_parents(danh_muc):
    dm = danh_muc
    DonVi.objects.filter(pk=dm.an_lao.pk).update(ngay_ngung_hoat_dong="2025-07-01", ma_dvhc="12345")
    cac = CacDonVi()
    assert [d.id for d in cac.dong] == list(DonVi.objects.order_by("thu_tu", "ten_ngan").values_list("id", flat=True))
    dong_an_lao = next(d for d in cac.dong if d.id == dm.an_lao.id)
    assert not dong_an_lao.co_trong_ky(KyBaoCao(nam=2026, so_thang=6)) and dong_an_lao.ton_tai_ngay(date(2025, 6, 30))
    tao = cac.tao_ca_cha(cac.dong)
    for dv in tao:
        that = DonVi.objects.get(pk=dv.pk)
        assert model_to_dict(dv) == model_to_dict(that) and not dv._state.adding
        assert (dv.cha.pk if dv.cha_id else None) == that.cha_id
    assert cac.tao(dong_an_lao) is next(dv for dv in tao if dv.pk == dm.an_lao.pk)
