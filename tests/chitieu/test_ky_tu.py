"""Text that cannot be stored safely is refused where it comes in — the entry grids, a
plan's revision, the workflow reasons, giải trình and unlock requests, the admin's forms
and imports (the Excel import: the bad-file corpus) — with a message naming the
character, and nothing is stored."""

import re

import pytest
import tablib
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from chitieu import resources
from chitieu.ky_tu import lam_sach, loi_ky_tu
from chitieu.models import BoChiTieu, ChiTieu, DonVi, KeHoach, NguonKeHoach, ThucHien, TrangThaiNop
from quytrinh.models import GiaiTrinh, YeuCauMoKhoa, YKien
from tests.chitieu.test_nhap_lieu import URL, _anh_chup_csdl, _form
from tests.factories import dat_ke_hoach
from tests.html import chu, du_lieu_form

# U+FFFF and U+FFFE break XML; the C0 and C1 controls and noncharacters hide what text says.
KY_TU_CAM = ["\uffff", "\ufffe", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufdd0"]
KY_TU_CAM_FORM = ["\uffff", "\x07", "\x1b", "\x85"]  # Django's forms refuse NUL themselves


@pytest.mark.parametrize("ky_tu", KY_TU_CAM)
def test_the_rule_names_the_character_and_its_place(ky_tu):
    thong_bao = loi_ky_tu(f"Theo Chi cục{ky_tu}", "Ghi chú")
    assert thong_bao == (f"Ghi chú chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}, ở ký tự thứ "
                         "13); hãy xóa ký tự đó rồi nhập lại.")
    assert lam_sach(f"a{ky_tu}b") == "a\ufffdb"


def test_line_breaks_and_tabs_are_text_in_notes_but_not_in_names():
    assert loi_ky_tu("dòng 1\r\ndòng 2\tcột", "Ghi chú") is None
    assert "xuống dòng hoặc tab (U+000A" in loi_ky_tu("Huyện\nAn Lão", "Tên", mot_dong=True)
    assert loi_ky_tu("Tuy Phước/Cũ — “đơn vị” 😀", "Tên", mot_dong=True) is None


@pytest.mark.parametrize("ky_tu", KY_TU_CAM)
def test_a_note_in_the_actuals_grid_is_refused_at_its_cell(client, danh_muc, nhap_lieu_an_lao, ky_tu):
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(URL, _form(client) | {"th-CT01.1": "184510", "gc-CT01.1": f"Ghi{ky_tu}chú",
                                                "th-CT01.2": "141004"})
    loi = re.search(r'id="loi-CT01\.1"[^>]*>(.*?)</div>', tra_loi.content.decode(), re.S).group(1)
    assert f"Ghi chú chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(loi)
    assert not ThucHien.objects.filter(chi_tieu=danh_muc.ct01_1).exists()
    assert ThucHien.objects.get(chi_tieu=danh_muc.ct01_2).gia_tri == 141004  # the other cell is saved


@pytest.mark.parametrize("ky_tu", KY_TU_CAM)
def test_a_basis_in_the_plans_grid_is_refused_at_its_cell(client, danh_muc, nhap_lieu_an_lao, ky_tu):
    client.force_login(nhap_lieu_an_lao)
    url = "/ke-hoach/an-lao/2023/"
    du_lieu = du_lieu_form(client.get(url).content.decode())
    tra_loi = client.post(url, du_lieu | {"kh-kh-tinh__CT01": "843000", "cc-kh-tinh__CT01": f"Quyết định{ky_tu} 19"})
    loi = re.search(r'id="loi-kh-tinh__CT01"[^>]*>(.*?)</div>', tra_loi.content.decode(), re.S).group(1)
    assert f"Căn cứ chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(loi)
    assert not KeHoach.objects.exists()


@pytest.mark.parametrize("ky_tu", KY_TU_CAM_FORM)
def test_the_basis_of_a_plan_revision_is_refused(client, danh_muc, nhap_lieu_an_lao, ky_tu):
    dat_ke_hoach(danh_muc.an_lao, danh_muc.ct01, 2023, tinh="843000")
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post("/ke-hoach/an-lao/2023/CT01/kh-tinh/", {
        "hanh_dong": "dieu_chinh", "gia_tri": "900000", "hieu_luc_tu": "01/10/2023",
        "can_cu": f"Quyết định{ky_tu} 2345/QĐ-UBND"})
    assert f"Căn cứ chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(
        tra_loi.content.decode())
    assert KeHoach.objects.count() == 1 and KeHoach.history.count() == 1


@pytest.mark.parametrize("ky_tu", KY_TU_CAM)
def test_a_reason_to_return_or_reopen_is_refused(client, danh_muc, tong_hop, quan_tri, ky_tu):
    dm = danh_muc
    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    truoc = _anh_chup_csdl()
    for nguoi, url in ((tong_hop, "tra-lai"), (quan_tri, "mo-khoa")):
        client.force_login(nguoi)
        tra_loi = client.post(f"/nhap-lieu/an-lao/2023-6t/{url}/", {"ly_do": f"Sai{ky_tu} số"}, follow=True)
        assert f"Lý do chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(
            tra_loi.content.decode())
    assert _anh_chup_csdl() == truoc


@pytest.mark.parametrize("ky_tu", KY_TU_CAM_FORM)
def test_questions_answers_and_unlock_requests_are_refused(client, danh_muc, lanh_dao, nhap_lieu_an_lao, quan_tri,
                                                          ky_tu):
    dm = danh_muc
    url = "/giai-trinh/an-lao/2023-6t/CT03/"
    client.force_login(lanh_dao)
    tra_loi = client.post(url, {"noi_dung": f"Vì sao{ky_tu} thấp?"}, follow=True)
    assert f"Nội dung yêu cầu chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(
        tra_loi.content.decode())
    assert not GiaiTrinh.objects.exists()
    client.post(url, {"noi_dung": "Vì sao thấp?"})
    client.force_login(nhap_lieu_an_lao)
    tra_loi = client.post(url, {"noi_dung": f"Do{ky_tu} thời tiết."}, follow=True)
    assert f"Nội dung trả lời chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(
        tra_loi.content.decode())
    assert list(YKien.objects.values_list("loai", flat=True)) == ["hoi"]

    TrangThaiNop.objects.create(don_vi=dm.an_lao, ky=dm.ky_2023_6t, trang_thai="da_gui")
    tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/", {"ly_do": f"Sai{ky_tu} số"}, follow=True)
    assert f"Lý do đề nghị mở khóa chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(
        tra_loi.content.decode())
    assert not YeuCauMoKhoa.objects.exists()
    client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/", {"ly_do": "Sai số CT01"})
    client.force_login(quan_tri)
    for quyet_dinh, ten in (("tu_choi", "Lý do từ chối"), ("dong_y", "Ý kiến")):
        tra_loi = client.post("/nhap-lieu/an-lao/2023-6t/de-nghi-mo-khoa/quyet-dinh/",
                              {"quyet_dinh": quyet_dinh, "ly_do": f"Đã{ky_tu} xem"}, follow=True)
        assert f"{ten} chứa ký tự điều khiển hoặc ký tự không hợp lệ (U+{ord(ky_tu):04X}" in chu(
            tra_loi.content.decode())
    assert YeuCauMoKhoa.objects.get().trang_thai == "cho"
    assert TrangThaiNop.objects.get(don_vi=dm.an_lao, ky=dm.ky_2023_6t).trang_thai == "da_gui"


def _form_don_vi(dv: DonVi) -> dict:
    return {"ma": dv.ma, "ten": dv.ten, "ten_ngan": dv.ten_ngan, "cap": dv.cap, "cha": dv.cha_id or "",
            "thu_tu": dv.thu_tu, "ma_dvhc": "", "ngay_thanh_lap": "", "ngay_ngung_hoat_dong": "",
            # the predecessors inline (none)
            "tien_than-TOTAL_FORMS": "0", "tien_than-INITIAL_FORMS": "0", "tien_than-MIN_NUM_FORMS": "0",
            "tien_than-MAX_NUM_FORMS": "1000"}


def _form_chi_tieu(ct: ChiTieu) -> dict:
    return {"ma": ct.ma, "ten": ct.ten, "don_vi_tinh": ct.don_vi_tinh, "linh_vuc": ct.linh_vuc, "cha": "",
            "thu_tu": ct.thu_tu, "loai": ct.loai, "chieu": ct.chieu, "tong_hop": ct.tong_hop, "chi_tieu_goc": "",
            "so_le": ct.so_le, "tu_nam": "", "den_nam": ""}


@pytest.mark.parametrize("ky_tu", KY_TU_CAM_FORM)
@pytest.mark.parametrize(("mo_hinh", "truong"), [("donvi", "ten"), ("donvi", "ten_ngan"), ("chitieu", "ten"),
                                                 ("chitieu", "don_vi_tinh")])
def test_names_in_the_admin_forms_are_refused(client, danh_muc, quan_tri, mo_hinh, truong, ky_tu):
    client.force_login(quan_tri)
    doi_tuong = danh_muc.an_lao if mo_hinh == "donvi" else danh_muc.ct05
    du_lieu = (_form_don_vi if mo_hinh == "donvi" else _form_chi_tieu)(doi_tuong)
    url = f"/admin/chitieu/{mo_hinh}/{doi_tuong.pk}/change/"
    assert client.post(url, du_lieu).status_code == 302  # the form as built saves
    tra_loi = client.post(url, du_lieu | {truong: f"Tên{ky_tu}mới"})
    assert tra_loi.status_code == 200
    assert f"(U+{ord(ky_tu):04X}, ở ký tự thứ 4)" in chu(tra_loi.content.decode())
    doi_tuong.refresh_from_db()
    assert ky_tu not in getattr(doi_tuong, truong)
    # Line breaks are refused in names too.
    assert client.post(url, du_lieu | {truong: "Tên\nmới"}).status_code == 200


@pytest.mark.parametrize("ky_tu", KY_TU_CAM_FORM)
@pytest.mark.parametrize("truong", ["ten", "ten_ngan", "mo_ta"])
def test_the_names_of_a_plan_source_are_refused_in_the_admin(client, danh_muc, quan_tri, truong, ky_tu):
    client.force_login(quan_tri)
    nguon = NguonKeHoach.objects.get(ma="kh-tinh")
    url = f"/admin/chitieu/nguonkehoach/{nguon.pk}/change/"
    du_lieu = {"ma": nguon.ma, "ten": nguon.ten, "ten_ngan": nguon.ten_ngan, "mo_ta": "", "thu_tu": nguon.thu_tu}
    assert client.post(url, du_lieu).status_code == 302
    tra_loi = client.post(url, du_lieu | {truong: f"KH{ky_tu} tỉnh"})
    assert tra_loi.status_code == 200 and f"(U+{ord(ky_tu):04X}, ở ký tự thứ 3)" in chu(tra_loi.content.decode())
    nguon.refresh_from_db()
    assert ky_tu not in getattr(nguon, truong)


def test_the_name_of_an_indicator_set_holds_no_control_character_nor_line_break(danh_muc):
    bo = BoChiTieu.objects.get()
    for ten in ("Bộ\x07 chỉ tiêu", "Bộ chỉ tiêu\n2023"):
        bo.ten = ten
        with pytest.raises(ValidationError) as loi:
            bo.full_clean()
        assert "ten" in loi.value.message_dict


@pytest.mark.parametrize("ky_tu", KY_TU_CAM_FORM)
def test_a_persons_names_in_the_admin_are_refused(client, danh_muc, quan_tri, nhap_lieu_an_lao, ky_tu):
    client.force_login(quan_tri)
    url = f"/admin/auth/user/{nhap_lieu_an_lao.pk}/change/"
    du_lieu = du_lieu_form(client.get(url).content.decode()) | {"phan_cong-0-don_vi": danh_muc.an_lao.id}
    for truong in ("first_name", "last_name"):
        tra_loi = client.post(url, du_lieu | {truong: f"Nguyễn{ky_tu}Văn"})
        assert tra_loi.status_code == 200 and f"U+{ord(ky_tu):04X}" in chu(tra_loi.content.decode())
    assert client.post(url, du_lieu | {"first_name": "Nguyễn Văn A"}).status_code == 302
    assert User.objects.get(pk=nhap_lieu_an_lao.pk).first_name == "Nguyễn Văn A"


@pytest.mark.parametrize("ky_tu", KY_TU_CAM_FORM)
def test_names_in_an_admin_import_are_refused(danh_muc, ky_tu):
    truoc = sorted(map(repr, DonVi.objects.values()))
    du_lieu = tablib.Dataset(headers=["ma", "ten", "ten_ngan", "cap", "ma_cha", "thu_tu", "ngay_ngung_hoat_dong"])
    du_lieu.append(["vinh-thanh", f"Huyện Vĩnh{ky_tu} Thạnh", "Vĩnh Thạnh", "huyen", "binh-dinh", 3, None])
    ket_qua = resources.DonViResource().import_data(du_lieu, dry_run=False)
    loi = [str(e) for dong in ket_qua.invalid_rows for e in dong.error_dict.get("ten", [])] + [
        str(e.error) for dong in ket_qua.rows for e in dong.errors]
    assert any(f"U+{ord(ky_tu):04X}" in x for x in loi), loi
    assert sorted(map(repr, DonVi.objects.values())) == truoc


def test_the_admin_import_keeps_an_escaped_formula_as_text_and_refuses_a_bare_one(danh_muc):
    tieu_de = ["ma", "ten", "ten_ngan", "cap", "ma_cha", "thu_tu", "ngay_ngung_hoat_dong"]
    co_thoat = tablib.Dataset(["vinh-thanh", "'=HYPERLINK(\"http://x\",\"y\")", "Vĩnh Thạnh", "huyen", "binh-dinh",
                               3, None], headers=tieu_de)
    assert not resources.DonViResource().import_data(co_thoat, dry_run=False).has_validation_errors()
    # Stored as the text it is; every writer escapes it again (tests/test_tai_ve_an_toan.py).
    assert DonVi.objects.get(ma="vinh-thanh").ten == '=HYPERLINK("http://x","y")'
    tran = tablib.Dataset(["van-canh", "=HYPERLINK(\"http://x\",\"y\")", "Vân Canh", "huyen", "binh-dinh", 4, None],
                          headers=tieu_de)
    ket_qua = resources.DonViResource().import_data(tran, dry_run=False)
    assert ket_qua.has_validation_errors() or ket_qua.has_errors()
    assert not DonVi.objects.filter(ma="van-canh").exists()
