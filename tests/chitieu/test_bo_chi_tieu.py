"""Indicator sets and plan sources: which indicators and which plans a unit is measured
against in a year, and how reports speak of them.

The cases are the ones of the issue: another province adding indicators changes nothing
of Bình Định's reported years; a commune measured against "KH tỉnh giao" and its own
council's resolution reads as such, never "huyện"; a revised plan; a bound."""

import io
import re
import zipfile
from datetime import date
from html import unescape
from decimal import Decimal as D

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import override_settings
from docx import Document

from chitieu import selectors, services
from chitieu.models import BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KeHoach, KyBaoCao, PhanCong, TrangThaiNop
from tests import factories
from tests.factories import dat_ke_hoach, dat_ke_hoach_nguon, dat_thuc_hien, nguon, tao_bo, tao_chi_tieu, tao_don_vi
from tests.html import chu, du_lieu_form

# -- which set a unit has --------------------------------------------------------------------


def test_each_unit_and_year_resolves_to_the_most_specific_set(danh_muc):
    dm = danh_muc
    xa = tao_don_vi("xa-moi", "Xã Mới", cap=DonVi.Cap.XA, cha=dm.tuy_phuoc)
    chung = BoChiTieu.objects.get(ten=factories.TEN_BO_THU)  # the tree of Bình Định, every year
    moi_noi = tao_bo("Mọi nơi", [dm.ct01], [nguon("kh-tinh")])
    cap_xa = tao_bo("Cấp xã Bình Định", [dm.ct01], [nguon("kh-tinh")], pham_vi=dm.tinh, cap="xa", tu_nam=2023)
    an_lao = tao_bo("Riêng An Lão 2023", [dm.ct03], [nguon("kh-huyen")], tu_nam=2023, den_nam=2023)
    an_lao.cac_don_vi.add(dm.an_lao)
    khac = tao_don_vi("noi-khac", "Nơi khác", cap=DonVi.Cap.TINH)

    def bo(don_vi, nam):
        return selectors.bo_chi_tieu_cua(don_vi, nam)

    assert bo(dm.an_lao, 2023) == an_lao  # listed by name beats any group
    assert bo(dm.an_lao, 2022) == chung  # …but only in its years
    assert bo(xa, 2023) == cap_xa  # a tree at one level beats the tree
    assert bo(xa, 2022) == chung
    assert bo(dm.tuy_phuoc, 2023) == chung
    assert bo(khac, 2023) == moi_noi  # outside every tree: the set for everywhere
    assert [ct.ma for ct, _ in selectors.chi_tieu_cua(dm.an_lao, 2023)] == ["CT03"]
    assert [ng.ma for ng in selectors.bang_don_vi(dm.an_lao, KyBaoCao.objects.get(nam=2023, so_thang=6)).cac_nguon] \
        == ["kh-huyen"]


def test_a_unit_without_a_set_has_no_indicators_and_says_so(client, danh_muc, quan_tri):
    khac = tao_don_vi("noi-khac", "Nơi khác", cap=DonVi.Cap.TINH)
    assert selectors.bang_don_vi(khac, danh_muc.ky_2023_6t).dong == []
    client.force_login(quan_tri)
    assert "chưa được gán bộ chỉ tiêu nào cho năm 2023" in chu(client.get("/don-vi/noi-khac/2023-6t/").content.decode())
    assert "chưa được gán bộ chỉ tiêu nào cho năm 2023" in chu(client.get("/ke-hoach/noi-khac/2023/").content.decode())


# -- another province's indicators change nothing of Bình Định's years ------------------------


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True), open("/dev/null", "w") as im_lang:
        call_command("nap_du_lieu_demo", stdout=im_lang)
    phu_yen = tao_don_vi("phu-yen", "Phú Yên", cap=DonVi.Cap.TINH, thu_tu=50)
    tao_don_vi("song-hinh", "Sông Hinh", cha=phu_yen, thu_tu=1)
    lanh_dao = factories.tao_nguoi_dung("lanh_dao_binh_dinh", factories.LANH_DAO)
    PhanCong.objects.create(nguoi_dung=lanh_dao, don_vi=DonVi.objects.get(ma="binh-dinh"))
    quan_tri = factories.tao_nguoi_dung("quan_tri_do", factories.QUAN_TRI)
    return lanh_dao, quan_tri


def _noi_dung(tra_loi) -> object:
    """What a person gets from a URL: the page without its per-request CSRF token and
    session end, or the files inside an .xlsx/.docx except their creation time
    (docProps/core.xml)."""
    assert tra_loi.status_code == 200
    if tra_loi["Content-Type"].startswith("text/html"):
        # What differs by request, not by data: the CSRF token, when this session ends.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|data-(?:con-lai-giay|het-han-luc)="[^"]*"', "",
                      tra_loi.content.decode())
    with zipfile.ZipFile(io.BytesIO(tra_loi.content)) as z:
        return {ten: z.read(ten) for ten in sorted(z.namelist()) if ten != "docProps/core.xml"}


def _chup_binh_dinh(client, lanh_dao, quan_tri) -> dict[str, object]:
    """Every page, report and download of Bình Định's 2022 (cả năm) and 2023 (6 tháng)."""
    cac_don_vi = list(DonVi.objects.filter(ma="binh-dinh")) + list(DonVi.objects.filter(cha__ma="binh-dinh"))
    chinh = [ct.ma for ct, cap in selectors.chi_tieu_cua(cac_don_vi[0], 2023) if cap == 0]
    urls = []
    for ky in ("2022-12t", "2023-6t"):
        urls += [f"/?ky={ky}", f"/?ky={ky}&dang=xlsx", f"/?ky={ky}&linh_vuc=van_hoa_xa_hoi"]
        for dv in cac_don_vi:
            urls += [f"/don-vi/{dv.ma}/{ky}/", f"/don-vi/{dv.ma}/{ky}/?dang=xlsx", f"/bao-cao/{dv.ma}/{ky}/",
                     f"/bao-cao/{dv.ma}/{ky}/docx/", f"/bao-cao/{dv.ma}/{ky}/xlsx/"]
        urls += [u for ma in chinh for u in (f"/chi-tieu/{ma}/{ky}/", f"/chi-tieu/{ma}/{ky}/?dang=xlsx")]
    urls += ["/xu-huong/an-lao/CT01/", "/xu-huong/binh-dinh/CT03/?dang=xlsx", "/xu-huong/tuy-phuoc/CT02/"]
    client.force_login(lanh_dao)
    anh = {url: _noi_dung(client.get(url)) for url in urls}
    client.force_login(quan_tri)
    for dv in cac_don_vi:
        for url in (f"/excel/bieu-mau/{dv.ma}/2023-6t/", f"/nhap-lieu/{dv.ma}/2023-6t/", f"/ke-hoach/{dv.ma}/2023/"):
            anh[url] = _noi_dung(client.get(url))
    return anh


def test_another_provinces_new_indicators_change_nothing_of_binh_dinhs_years(client, demo):
    lanh_dao, quan_tri = demo
    truoc = _chup_binh_dinh(client, lanh_dao, quan_tri)
    assert "8/19" in chu(truoc["/bao-cao/an-lao/2023-6t/"]) or "/19 chỉ tiêu" in chu(truoc["/bao-cao/an-lao/2023-6t/"])

    # Phú Yên's 2024 set: two indicators of its own after the common CT01; a catalog entry
    # with the admin's old defaults (order 0, no year) that no set uses.
    phu_yen, song_hinh = DonVi.objects.get(ma="phu-yen"), DonVi.objects.get(ma="song-hinh")
    ct20 = tao_chi_tieu("CT20", "Số hợp tác xã thành lập mới", vao_bo=False, don_vi_tinh="HTX", thu_tu=5)
    ct21 = tao_chi_tieu("CT21", "Tỷ lệ hộ dùng điện lưới", vao_bo=False, don_vi_tinh="%", loai="thoi_diem", so_le=1,
                        thu_tu=6)
    tao_chi_tieu("CT00", "Chỉ tiêu mới, chưa gán bộ", vao_bo=False, thu_tu=0)
    ct01 = ChiTieu.objects.get(ma="CT01")
    tao_bo("Bộ chỉ tiêu Phú Yên 2024", [ct01, ct20, ct21], [nguon("kh-tinh"), nguon("nq-huyen", "NQ HĐND huyện giao")],
           pham_vi=phu_yen, tu_nam=2024)
    ky_2024 = KyBaoCao.objects.get(nam=2024, so_thang=6)
    for ct, kh in ((ct01, "9000"), (ct20, "4"), (ct21, "99")):
        dat_ke_hoach(song_hinh, ct, 2024, tinh=kh)
        dat_thuc_hien(song_hinh, ct, ky_2024, str(D(kh) / 2))

    sau = _chup_binh_dinh(client, lanh_dao, quan_tri)
    assert sau.keys() == truoc.keys()
    khac = [url for url in truoc if sau[url] != truoc[url]]
    assert khac == []
    # …and the new set is there for Phú Yên.
    bang = selectors.bang_don_vi(song_hinh, ky_2024)
    assert [d.chi_tieu.ma for d in bang.dong] == ["CT01", "CT20", "CT21"]
    assert [ng.ten for ng in bang.cac_nguon] == ["KH tỉnh giao", "NQ HĐND huyện giao"]


def test_adding_an_indicator_to_a_year_with_approved_periods_warns_and_names_them(client, danh_muc, quan_tri):
    dm = danh_muc
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_duyet")
    TrangThaiNop.objects.create(don_vi=dm.tuy_phuoc, ky=dm.ky_2022_6t, trang_thai="da_gui")
    bo = BoChiTieu.objects.get(ten=factories.TEN_BO_THU)
    moi = tao_chi_tieu("CT30", "Chỉ tiêu thêm giữa chừng", vao_bo=False)
    client.force_login(quan_tri)
    trang = client.get(f"/admin/chitieu/bochitieu/{bo.pk}/change/").content.decode()
    # A new row of the set goes to the end of its order and starts this year.
    cuoi = max(ChiTieuTrongBo.objects.filter(bo=bo).values_list("thu_tu", flat=True))
    assert re.search(rf'name="chi_tieu_trong_bo-__prefix__-thu_tu"[^>]*value="{cuoi + 10}"', trang)
    assert re.search(r'name="chi_tieu_trong_bo-__prefix__-tu_nam"[^>]*value="2026"', trang)

    du_lieu = du_lieu_form(trang)
    du_lieu.pop("_saveasnew", None)
    so = int(du_lieu["chi_tieu_trong_bo-TOTAL_FORMS"])
    du_lieu |= {f"chi_tieu_trong_bo-{so}-chi_tieu": str(moi.pk), f"chi_tieu_trong_bo-{so}-thu_tu": str(cuoi + 10),
                f"chi_tieu_trong_bo-{so}-tu_nam": "2023", f"chi_tieu_trong_bo-{so}-bo": str(bo.pk),
                "chi_tieu_trong_bo-TOTAL_FORMS": str(so + 1)}
    tra_loi = client.post(f"/admin/chitieu/bochitieu/{bo.pk}/change/", du_lieu)
    assert tra_loi.status_code == 302, chu(tra_loi.content.decode())[:2000]
    canh_bao = " ".join(str(m) for m in get_messages(tra_loi.wsgi_request))
    assert "An Lão · 6 tháng đầu năm 2023" in canh_bao
    assert "Tuy Phước" not in canh_bao  # its sent period is of 2022, which the new row does not reach
    assert ChiTieuTrongBo.objects.get(bo=bo, chi_tieu=moi).tu_nam == 2023


def test_a_new_catalog_indicator_goes_to_the_end_and_appears_nowhere(client, danh_muc, quan_tri):
    client.force_login(quan_tri)
    trang = client.get("/admin/chitieu/chitieu/add/").content.decode()
    cuoi = max(ChiTieu.objects.values_list("thu_tu", flat=True))
    assert re.search(rf'name="thu_tu"[^>]*value="{cuoi + 10}"', trang)
    tao_chi_tieu("CT77", vao_bo=False, thu_tu=0)
    assert "CT77" not in [ct.ma for ct, _ in selectors.chi_tieu_cua(danh_muc.an_lao, 2023)]


# -- a commune: its own sources, never "huyện" -----------------------------------------------


@pytest.fixture
def xa(db):
    """A commune of a new province measured against KH tỉnh giao and its council's
    resolution (NQ HĐND xã giao), with its staff and a leader of the province."""
    tinh = tao_don_vi("gia-lai", "Gia Lai", cap=DonVi.Cap.TINH)
    xa = DonVi.objects.create(ma="tuy-phuoc-dong", ten="Xã Tuy Phước Đông", ten_ngan="Tuy Phước Đông", cap="xa",
                              cha=tinh)
    for so_thang in (3, 6, 9, 12):
        factories.ky(2025, so_thang)
        factories.ky(2026, so_thang)
    ct_thu = tao_chi_tieu("XA01", "Tổng thu ngân sách nhà nước trên địa bàn xã", vao_bo=False, don_vi_tinh="triệu đồng",
                          tong_hop="tong")
    ct_ngheo = tao_chi_tieu("XA02", "Tỷ lệ hộ nghèo", vao_bo=False, don_vi_tinh="%", loai="thoi_diem", chieu="giam",
                            so_le=2, linh_vuc=ChiTieu.LinhVuc.VAN_HOA_XA_HOI)
    nq_xa = nguon("nq-xa", "NQ HĐND xã giao", "NQ xã")
    tao_bo("Bộ chỉ tiêu cấp xã – Gia Lai 2026", [ct_thu, ct_ngheo], [nguon("kh-tinh"), nq_xa], pham_vi=tinh, cap="xa",
           tu_nam=2026)
    dat_ke_hoach_nguon(xa, ct_thu, 2026, nguon("kh-tinh"), "2400", can_cu="Quyết định 12/QĐ-UBND của UBND tỉnh")
    dat_ke_hoach_nguon(xa, ct_thu, 2026, nq_xa, "2600", can_cu="Nghị quyết 05/NQ-HĐND của HĐND xã")
    dat_ke_hoach_nguon(xa, ct_ngheo, 2026, nguon("kh-tinh"), "2.75", kieu="toi_da")
    dat_ke_hoach_nguon(xa, ct_ngheo, 2026, nq_xa, "2.5", kieu="toi_da")
    ky = factories.ky(2026, 6)
    dat_thuc_hien(xa, ct_thu, ky, "1500")
    dat_thuc_hien(xa, ct_ngheo, ky, "2.68")
    nhap_lieu = factories.tao_nguoi_dung("nhap_lieu_xa", factories.NHAP_LIEU, [xa])
    lanh_dao = factories.tao_nguoi_dung("lanh_dao_gia_lai", factories.LANH_DAO, [tinh])
    return xa, nhap_lieu, lanh_dao


def test_a_commune_reads_against_its_sources_and_no_page_says_huyen(client, xa):
    don_vi, nhap_lieu, lanh_dao = xa
    client.force_login(lanh_dao)
    bao_cao = unescape(chu(client.get("/bao-cao/tuy-phuoc-dong/2026-6t/").content.decode()))
    assert ("Tổng thu ngân sách nhà nước trên địa bàn xã đạt: 1.500 triệu đồng, đạt 62,5 % so với KH tỉnh giao; "
            "đạt 57,69 % so với NQ HĐND xã giao.") in bao_cao
    assert ("Tỷ lệ hộ nghèo đạt: 2,68 %, đạt chỉ tiêu KH tỉnh giao (≤ 2,75 %); "
            "chưa đạt NQ HĐND xã giao: 2,68 % > 2,5 %.") in bao_cao.replace("\u00a0", " ")
    trang = {
        url: client.get(url) for url in ("/don-vi/tuy-phuoc-dong/2026-6t/", "/bao-cao/tuy-phuoc-dong/2026-6t/",
                                         "/chi-tieu/XA01/2026-6t/", "/xu-huong/tuy-phuoc-dong/XA01/", "/?ky=2026-6t")
    }
    client.force_login(nhap_lieu)
    trang |= {url: client.get(url) for url in (
        "/nhap-lieu/tuy-phuoc-dong/2026-6t/", "/ke-hoach/tuy-phuoc-dong/2026/",
        "/ke-hoach/tuy-phuoc-dong/2026/XA01/nq-xa/", "/lich-su/tuy-phuoc-dong/2026-6t/", "/nhap-lieu/")}
    for url, tra_loi in trang.items():
        assert tra_loi.status_code == 200, url
        assert "huyện" not in tra_loi.content.decode().lower(), url
    client.force_login(lanh_dao)
    for duoi in ("docx/", "xlsx/"):
        noi_dung = client.get(f"/bao-cao/tuy-phuoc-dong/2026-6t/{duoi}").content
        with zipfile.ZipFile(io.BytesIO(noi_dung)) as z:
            assert not any("huyện" in z.read(t).decode("utf-8", "ignore").lower() for t in z.namelist()), duoi
    assert "NQ HĐND xã giao" in chu(trang["/don-vi/tuy-phuoc-dong/2026-6t/"].content.decode())


# -- a revised plan ----------------------------------------------------------------------------


def test_a_plan_revised_in_october_compares_the_year_with_the_revision_and_june_with_the_original(
        client, danh_muc, nhap_lieu_an_lao, lanh_dao):
    """A district budget: 475,5 tỷ in January (60 % at mid-year), revised to 506,5 tỷ from
    October (125 % at year end — not 133,14 % against the January plan)."""
    dm = danh_muc
    dat_ke_hoach_nguon(dm.an_lao, dm.ct03, 2023, nguon("kh-tinh"), "475.5",
                       can_cu="Quyết định 19/QĐ-UBND ngày 04/01/2023 của UBND tỉnh")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "285.3")
    dat_thuc_hien(dm.an_lao, dm.ct03, factories.ky(2023, 12), "633.1")
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_duyet")
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=factories.ky(2023, 9), trang_thai="da_gui")

    client.force_login(nhap_lieu_an_lao)
    url = "/ke-hoach/an-lao/2023/CT03/kh-tinh/"
    # A revision that would change an approved period's plan is refused, and says why.
    tra_loi = client.post(url, {"hanh_dong": "dieu_chinh", "gia_tri": "506,5", "hieu_luc_tu": "01/06/2023",
                                "can_cu": "Quyết định 2345/QĐ-UBND"})
    assert "đã khóa" in chu(tra_loi.content.decode())
    assert KeHoach.objects.filter(chi_tieu=dm.ct03).count() == 1
    # Without its basis, nothing is written either.
    tra_loi = client.post(url, {"hanh_dong": "dieu_chinh", "gia_tri": "506,5", "hieu_luc_tu": "01/10/2023",
                                "can_cu": ""})
    assert KeHoach.objects.filter(chi_tieu=dm.ct03).count() == 1
    tra_loi = client.post(url, {"hanh_dong": "dieu_chinh", "gia_tri": "506,5", "hieu_luc_tu": "01/10/2023",
                                "can_cu": "Quyết định 2345/QĐ-UBND ngày 25/9/2023 của UBND tỉnh"})
    assert tra_loi.status_code == 302
    assert [(k.hieu_luc_tu, k.gia_tri) for k in KeHoach.objects.filter(chi_tieu=dm.ct03).order_by("hieu_luc_tu")] == [
        (date(2023, 1, 1), D("475.5")), (date(2023, 10, 1), D("506.5"))]

    client.force_login(lanh_dao)
    sau_thang = chu(client.get("/bao-cao/an-lao/2023-6t/").content.decode())
    assert "Tổng thu ngân sách nhà nước trên địa bàn đạt: 285,3 tỷ đồng, đạt 60 % so với KH tỉnh giao" in sau_thang
    ca_nam = chu(client.get("/bao-cao/an-lao/2023-12t/").content.decode())
    assert ("633,1 tỷ đồng, đạt 125 % so với KH điều chỉnh (KH tỉnh giao, theo Quyết định 2345/QĐ-UBND ngày 25/9/2023 "
            "của UBND tỉnh)") in ca_nam
    assert "133,14" not in ca_nam
    assert "506,5" in chu(client.get("/don-vi/an-lao/2023-12t/").content.decode())
    # The history keeps both versions, each with its basis.
    lich_su = chu(client.get("/lich-su/an-lao/2023-12t/CT03/").content.decode())
    assert "KH tỉnh giao (điều chỉnh, hiệu lực từ 01/10/2023)" in lich_su and "506,5" in lich_su
    assert "475,5" in lich_su and "Quyết định 19/QĐ-UBND" in lich_su
    # The plan's page lists both versions, the first locked by the approved mid-year figures.
    client.force_login(nhap_lieu_an_lao)
    trang = chu(client.get(url).content.decode())
    assert "01/01/2023 475,5" in trang and "01/10/2023 điều chỉnh 506,5" in trang and "đã khóa" in trang


def test_the_version_in_force_is_read_in_the_same_queries_for_every_period(danh_muc):
    dm = danh_muc
    kh = nguon("kh-tinh")
    dat_ke_hoach_nguon(dm.an_lao, dm.ct01, 2023, kh, "100")
    dat_ke_hoach_nguon(dm.an_lao, dm.ct01, 2023, kh, "200", hieu_luc_tu=date(2023, 7, 1))
    dat_ke_hoach_nguon(dm.an_lao, dm.ct01, 2023, kh, "300", hieu_luc_tu=date(2023, 12, 31))
    for so_thang, mong_doi, dieu_chinh in ((6, "100", False), (9, "200", True), (12, "300", True)):
        so = selectors.bang_don_vi(dm.an_lao, factories.ky(2023, so_thang)).dong[0].theo_nguon("kh-tinh")
        assert (so.kh.gia_tri, so.kh.dieu_chinh) == (D(mong_doi), dieu_chinh)


# -- bounds and phases as offices type them ---------------------------------------------------


def test_bounds_are_typed_in_the_plan_grid_and_read_back_in_the_report(client, danh_muc, nhap_lieu_an_lao, lanh_dao):
    dm = danh_muc
    client.force_login(nhap_lieu_an_lao)
    du_lieu = du_lieu_form(client.get("/ke-hoach/an-lao/2023/").content.decode()) | {
        "kh-kh-tinh__CT02": "≥ 10,27", "kh-kh-huyen__CT02": "8,8–9,4", "kh-kh-tinh__CT08": "dưới 2,75 %"}
    assert client.post("/ke-hoach/an-lao/2023/", du_lieu).status_code == 302
    assert KeHoach.objects.get(chi_tieu=dm.ct02, nguon__ma="kh-tinh").kieu == "toi_thieu"
    khoang = KeHoach.objects.get(chi_tieu=dm.ct02, nguon__ma="kh-huyen")
    assert (khoang.kieu, khoang.gia_tri, khoang.gia_tri_den) == ("khoang", D("8.8"), D("9.4"))
    trang = client.get("/ke-hoach/an-lao/2023/").content.decode()
    assert 'value="≥ 10,27"' in trang and 'value="8,8–9,4"' in trang and 'value="≤ 2,75"' in trang

    dat_thuc_hien(dm.an_lao, dm.ct02, dm.ky_2023_6t, "9.1")
    dat_thuc_hien(dm.an_lao, dm.ct08, dm.ky_2023_6t, "3.1")
    client.force_login(lanh_dao)
    van_ban = unescape(chu(client.get("/bao-cao/an-lao/2023-6t/").content.decode())).replace("\u00a0", " ")
    assert "chưa đạt KH tỉnh giao: 9,1 % < 10,27 %; trong khoảng KH huyện giao 8,8–9,4 %" in van_ban
    assert "chưa đạt KH tỉnh giao: 3,1 % > 2,75 %" in van_ban
    assert "≥ 10,27" in chu(client.get("/don-vi/an-lao/2023-6t/").content.decode())


def test_phases_set_on_the_plans_page_change_the_expected_progress(client, danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    dat_ke_hoach(dm.an_lao, dm.ct03, 2023, tinh="100")
    dat_thuc_hien(dm.an_lao, dm.ct03, dm.ky_2023_6t, "28")
    dong = selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t).dong
    assert next(d for d in dong if d.chi_tieu == dm.ct03).trang_thai == "cham_nhieu"  # against 50 %
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post("/ke-hoach/an-lao/2023/CT03/kh-tinh/", {"hanh_dong": "tien_do", "tien_do": "Q1: 10; 6: 30; 9: 60"})
    assert tra_loi.status_code == 302
    assert KeHoach.objects.get(chi_tieu=dm.ct03).tien_do == {"3": "10", "6": "30", "9": "60"}
    dong = selectors.bang_don_vi(dm.an_lao, dm.ky_2023_6t).dong
    assert next(d for d in dong if d.chi_tieu == dm.ct03).trang_thai == "cham"  # against 30 %
    # a cumulative share that falls back is refused, and nothing changes
    tra_loi = client.post("/ke-hoach/an-lao/2023/CT03/kh-tinh/", {"hanh_dong": "tien_do", "tien_do": "3: 40; 6: 30"})
    assert "nhỏ hơn tháng trước" in chu(tra_loi.content.decode())
    assert KeHoach.objects.get(chi_tieu=dm.ct03).tien_do == {"3": "10", "6": "30", "9": "60"}


def test_revisions_and_phases_are_refused_when_they_cannot_be_right(danh_muc, nhap_lieu_an_lao):
    dm = danh_muc
    kh = nguon("kh-tinh")
    dat_ke_hoach_nguon(dm.an_lao, dm.ct03, 2023, kh, "10")

    def dieu_chinh(o, ngay):
        return services.ke_hoach_dieu_chinh(don_vi=dm.an_lao, nam=2023, chi_tieu=dm.ct03, nguon=kh, o=o,
                                            hieu_luc_tu=ngay, nguoi=nhap_lieu_an_lao)

    for o, ngay, truong in [
        (services.OKeHoach(D(12), "QĐ 1"), date(2023, 1, 1), "hieu_luc_tu"),  # that is the first version
        (services.OKeHoach(D(12), "QĐ 1"), date(2024, 3, 1), "hieu_luc_tu"),
        (services.OKeHoach(D(12), ""), date(2023, 3, 1), "can_cu"),
        (services.OKeHoach(None, "QĐ 1"), date(2023, 3, 1), "gia_tri"),
    ]:
        with pytest.raises(services.LoiDuLieu) as loi:
            dieu_chinh(o, ngay)
        assert truong in loi.value.loi
    dieu_chinh(services.OKeHoach(D(12), "QĐ 1"), date(2023, 3, 1))
    with pytest.raises(services.LoiDuLieu, match="Đã có một phiên bản"):
        dieu_chinh(services.OKeHoach(D(13), "QĐ 2"), date(2023, 3, 1))
    for tien_do, thong_bao in [({3: D(120)}, "từ 0 đến 100"), ({13: D(5)}, "từ 1 đến 12"),
                               ({3: D("NaN")}, "không phải là số")]:
        with pytest.raises(services.LoiDuLieu, match=thong_bao):
            dieu_chinh(services.OKeHoach(D(14), "QĐ 3", tien_do=tien_do), date(2023, 4, 1))
    with pytest.raises(services.LoiDuLieu, match="cận dưới và cận trên"):
        dieu_chinh(services.OKeHoach(D(14), "QĐ 3", kieu="khoang"), date(2023, 4, 1))
    with pytest.raises(services.LoiDuLieu, match="từ số nhỏ đến số lớn"):
        dieu_chinh(services.OKeHoach(D(14), "QĐ 3", kieu="khoang", gia_tri_den=D(13)), date(2023, 4, 1))
    assert KeHoach.objects.filter(chi_tieu=dm.ct03).count() == 2
