"""The demo after 1 July 2025 (issue 13): Bình Định and its districts end, the new Gia
Lai and the communes of Tuy Phước and An Lão begin, with their official codes, their
succession rows and figures whose cùng kỳ is built from the old units."""

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from chitieu import dinh_dang, ke_thua, selectors
from chitieu.models import BoChiTieu, ChiTieu, DonVi, KeHoach, KeThua, KyBaoCao, ThucHien
from chitieu.quyen import LANH_DAO, NHAP_LIEU
from chitieu.tinh_toan import lam_tron
from tests.html import chu, o_cua_dong
from tests.test_fixtures import du_lieu_demo  # noqa: F401 (a fixture)

CAI_CACH = date(2025, 7, 1)
XA_TUY_PHUOC = {"xa-tuy-phuoc": "21952", "xa-tuy-phuoc-bac": "21964", "xa-tuy-phuoc-dong": "21970",
                "xa-tuy-phuoc-tay": "21985"}
XA_AN_LAO = {"xa-an-lao": "21609", "xa-an-vinh": "21616", "xa-an-toan": "21622", "xa-an-hoa": "21628"}


def _cac_don_vi_va_ma():
    binh_dinh = DonVi.objects.get(ma="binh-dinh")
    assert (binh_dinh.ma_dvhc, binh_dinh.ngay_ngung_hoat_dong) == ("52", CAI_CACH)
    huyen = DonVi.objects.filter(cha=binh_dinh)
    assert huyen.count() == 11 and {h.ngay_ngung_hoat_dong for h in huyen} == {CAI_CACH}
    assert dict(huyen.values_list("ma", "ma_dvhc"))["tuy-phuoc"] == "550"
    assert dict(huyen.values_list("ma", "ma_dvhc"))["an-lao"] == "542"
    gia_lai_cu = DonVi.objects.get(ma="gia-lai-cu")
    assert (gia_lai_cu.ma_dvhc, gia_lai_cu.ngay_ngung_hoat_dong) == ("64", CAI_CACH)
    gia_lai = DonVi.objects.get(ma="gia-lai")
    assert (gia_lai.ten, gia_lai.ma_dvhc, gia_lai.ngay_thanh_lap, gia_lai.ngay_ngung_hoat_dong) == (
        "Tỉnh Gia Lai", "52", CAI_CACH, None)
    xa = DonVi.objects.filter(cha=gia_lai)
    assert dict(xa.values_list("ma", "ma_dvhc")) == XA_TUY_PHUOC | XA_AN_LAO
    assert {(x.cap, x.ngay_thanh_lap) for x in xa} == {(DonVi.Cap.XA, CAI_CACH)}
    assert set(xa.values_list("ten", flat=True)) >= {"Xã Tuy Phước Đông", "Xã An Toàn"}
    for dv in DonVi.objects.all():
        dv.full_clean()  # codes unique among units that coexist; founded before they end


def _ke_thua():
    tong = defaultdict(Decimal)
    for kt in KeThua.objects.select_related("don_vi_moi", "don_vi_cu"):
        kt.full_clean()
        tong[kt.don_vi_cu.ma] += kt.ty_le
        assert kt.ngay_hieu_luc == CAI_CACH and kt.can_cu.startswith("Nghị quyết ")
    assert all(t <= 1 for t in tong.values()), tong
    assert tong["tuy-phuoc"] == 1 and tong["an-lao"] == 1
    assert set(KeThua.objects.filter(don_vi_moi__ma="gia-lai").values_list("don_vi_cu__ma", "ty_le")) == {
        ("binh-dinh", Decimal(1)), ("gia-lai-cu", Decimal(1))}
    for ma in XA_TUY_PHUOC:
        assert list(KeThua.objects.filter(don_vi_moi__ma=ma).values_list("don_vi_cu__ma", flat=True)) == ["tuy-phuoc"]
    for ma in XA_AN_LAO:
        assert list(KeThua.objects.filter(don_vi_moi__ma=ma).values_list("don_vi_cu__ma", flat=True)) == ["an-lao"]
    assert ke_thua.ty_le_chua_du() == []


def _cung_ky_xa():
    ky_2026 = KyBaoCao.objects.get(nam=2026, so_thang=6)
    ky_2025 = KyBaoCao.objects.get(nam=2025, so_thang=6)
    for ma in XA_TUY_PHUOC | XA_AN_LAO:
        xa = DonVi.objects.get(ma=ma)
        kt = KeThua.objects.get(don_vi_moi=xa)
        bang = selectors.bang_don_vi(xa, ky_2026)
        kiem = 0
        for d in bang.dong:
            if d.chi_tieu.loai == ChiTieu.Loai.THOI_DIEM:  # a level: no share of a district's level
                assert d.th_cung_ky.gia_tri is None and d.th_cung_ky.khong_so_sanh_duoc, (ma, d.chi_tieu.ma)
            if not ke_thua.cong_duoc(d.chi_tieu):
                continue
            cu = ThucHien.objects.get(ky=ky_2025, don_vi=kt.don_vi_cu, chi_tieu=d.chi_tieu).gia_tri
            assert d.th_cung_ky.gia_tri == lam_tron(cu * kt.ty_le, d.chi_tieu.so_le), (ma, d.chi_tieu.ma)
            assert d.ghi_chu_dia_gioi.startswith(f"cùng kỳ tính theo địa giới mới, từ: {kt.don_vi_cu.ten} (")
            kiem += 1
        assert kiem >= 8, ma


def _cung_ky_tinh():
    gia_lai = DonVi.objects.get(ma="gia-lai")
    bang = selectors.bang_don_vi(gia_lai, KyBaoCao.objects.get(nam=2026, so_thang=6))
    ky_2025 = KyBaoCao.objects.get(nam=2025, so_thang=6)
    huyen = DonVi.objects.filter(cha__ma="binh-dinh")
    for d in bang.dong:
        if not ke_thua.cong_duoc(d.chi_tieu):
            continue
        binh_dinh = sum(ThucHien.objects.filter(ky=ky_2025, don_vi__in=huyen, chi_tieu=d.chi_tieu)
                        .values_list("gia_tri", flat=True))
        cu = ThucHien.objects.get(ky=ky_2025, don_vi__ma="gia-lai-cu", chi_tieu=d.chi_tieu).gia_tri
        assert d.th_cung_ky.gia_tri == lam_tron(binh_dinh + cu, d.chi_tieu.so_le), d.chi_tieu.ma
        assert d.ghi_chu_dia_gioi == "cùng kỳ tính theo địa giới mới, từ: Tỉnh Bình Định, Tỉnh Gia Lai (trước 01/07/2025)"


def _bo_xa_2026():
    bo = BoChiTieu.objects.get(pham_vi__ma="gia-lai", cap=DonVi.Cap.XA)
    assert bo.tu_nam == 2026
    assert [n.nguon.ten for n in bo.nguon.order_by("thu_tu")] == ["KH tỉnh giao", "NQ HĐND xã giao"]
    xa = DonVi.objects.get(ma="xa-tuy-phuoc-dong")
    assert set(KeHoach.objects.filter(nam=2026, don_vi=xa).values_list("nguon__ma", flat=True)) == {
        "kh-tinh", "nq-hdnd-xa"}
    thang = sorted(set(ThucHien.objects.filter(don_vi=xa, ky__nam=2026).values_list("ky__so_thang", flat=True)))
    assert thang == list(range(1, 11))
    # Cumulative flows never go down from one month to the next.
    ct01 = list(ThucHien.objects.filter(don_vi=xa, ky__nam=2026, chi_tieu__ma="CT01").order_by("ky__so_thang")
                .values_list("gia_tri", flat=True))
    assert ct01 == sorted(ct01) and ct01[0] > 0
    assert set(ThucHien.objects.filter(don_vi__ma="tuy-phuoc", ky__nam=2025).values_list("ky__so_thang", flat=True)) \
        == {3, 6}


def _nguoi_dung(client):
    nhap = User.objects.get(username="nhap_lieu_xa_tuy_phuoc")
    assert nhap.check_password("NhapLieu@2026") and nhap.groups.filter(name=NHAP_LIEU).exists()
    assert list(nhap.phan_cong.values_list("don_vi__ma", flat=True)) == ["xa-tuy-phuoc"]
    lanh_dao = User.objects.get(username="lanh_dao_gia_lai")
    assert lanh_dao.check_password("LanhDao@2026") and lanh_dao.groups.filter(name=LANH_DAO).exists()
    assert list(lanh_dao.phan_cong.values_list("don_vi__ma", flat=True)) == ["gia-lai"]
    client.force_login(nhap)
    assert client.get("/nhap-lieu/xa-tuy-phuoc/2026-10t/").status_code == 200
    assert client.get("/nhap-lieu/xa-tuy-phuoc-dong/2026-10t/").status_code == 403


def _bo_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_units_codes_successions_commune_set_and_users_since_1_july_2025(du_lieu_demo, client):
    # One load of the demo (it takes a while) for all of these.
    _cac_don_vi_va_ma()
    _ke_thua()
    _bo_xa_2026()
    _nguoi_dung(client)


def test_the_2026_cung_ky_of_communes_and_of_the_new_province_is_built_from_the_old_units(du_lieu_demo):
    _cung_ky_xa()
    _cung_ky_tinh()


URL_2023 = ["/?ky=2023-6t", "/?ky=2023-6t&tinh=binh-dinh", "/don-vi/binh-dinh/2023-6t/", "/don-vi/an-lao/2023-6t/",
            "/chi-tieu/CT01/2023-6t/", "/bao-cao/an-lao/2023-6t/", "/bao-cao/binh-dinh/2023-6t/"]


def test_ending_binh_dinh_on_1_july_2025_changes_no_2023_page(du_lieu_demo, client):
    client.force_login(User.objects.get(username="lanh_dao"))
    sau = {url: _bo_token(client.get(url).content.decode()) for url in URL_2023}
    DonVi.objects.filter(ma="binh-dinh").update(ngay_ngung_hoat_dong=None, ma_dvhc=None)
    DonVi.objects.filter(cha__ma="binh-dinh").update(ngay_ngung_hoat_dong=None)
    for url in URL_2023:
        truoc = _bo_token(client.get(url).content.decode())
        assert "6 tháng đầu năm 2023" in sau[url] and sau[url] == truoc, url


def test_the_gia_lai_leader_sees_2026_communes_grouped_by_former_district_and_2023_is_the_11_districts(
        du_lieu_demo, client):
    """Issue 13's acceptance, on the demo as `make run` serves it."""
    client.force_login(User.objects.get(username="lanh_dao_gia_lai"))
    for url in ("/", "/?ky=2026-6t"):
        html = client.get(url).content.decode()
        van_ban = chu(html)
        assert ("Tổng quan · 10 tháng 2026" if url == "/" else "Tổng quan · 6 tháng đầu năm 2026") in van_ban
        # The province, then each former district's communes under its header, in district order.
        thu_tu = [m.group(1) for m in re.finditer(r'<tr (?:class="dong-nhom" )?id="(?:dv|nhom)-([a-z-]+)"', html)]
        assert thu_tu == ["gia-lai", "an-lao", "xa-an-lao", "xa-an-vinh", "xa-an-toan", "xa-an-hoa",
                          "tuy-phuoc", "xa-tuy-phuoc", "xa-tuy-phuoc-bac", "xa-tuy-phuoc-dong", "xa-tuy-phuoc-tay"], url
        assert "Huyện An Lão (cũ) · 4 đơn vị" in van_ban and "Huyện Tuy Phước (cũ) · 4 đơn vị" in van_ban
    # Gia Lai's 6 tháng 2026 cùng kỳ is Bình Định (its districts' sum) plus the old Gia Lai.
    ky_2025 = KyBaoCao.objects.get(nam=2025, so_thang=6)
    html = client.get("/don-vi/gia-lai/2026-6t/").content.decode()
    for ma in ("CT01", "CT03", "CT09"):
        ct = ChiTieu.objects.get(ma=ma)
        tong = sum(ThucHien.objects.filter(ky=ky_2025, chi_tieu=ct, don_vi__cha__ma="binh-dinh")
                   .values_list("gia_tri", flat=True)) + \
            ThucHien.objects.get(ky=ky_2025, chi_tieu=ct, don_vi__ma="gia-lai-cu").gia_tri
        # Marked "đg": built for the new boundaries (`chitieu.ke_thua`).
        assert o_cua_dong(html, ma)[3] == dinh_dang.so(lam_tron(tong, ct.so_le), ct.so_le) + " đg", ma
    # 2023, for the leader of the old province: Bình Định and its 11 districts, no groups.
    client.force_login(User.objects.get(username="lanh_dao"))
    html = client.get("/?ky=2023-6t").content.decode()
    hang = re.findall(r'<tr id="dv-([a-z-]+)"', html)
    assert hang[0] == "binh-dinh" and len(hang) == 12 and "tuy-phuoc" in hang and "an-lao" in hang
    assert "dong-nhom" not in html and 'id="dv-gia-lai"' not in html
