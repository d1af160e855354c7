"""Every URL of the project, every role, own unit and another unit: exactly the access
its declared rule grants. A new endpoint is covered without touching this test: it
must declare its rule with `chitieu.quyen.truy_cap`, or this test fails."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chitieu.quyen import CONG_KHAI, DANG_NHAP, DUYET, HOI, MO_KHOA, NHAP, XEM
from quytrinh.models import ThongBao
from tests import factories

# Who may do what (DESIGN §6), as (own unit An Lão, another unit Tuy Phước).
DUOC = {
    XEM: {"quan_tri": (1, 1), "tong_hop": (1, 1), "nhap_lieu_an_lao": (1, 0), "lanh_dao": (1, 1),
          "lanh_dao_an_lao": (1, 0), "khach": (0, 0)},
    NHAP: {"quan_tri": (1, 1), "tong_hop": (1, 1), "nhap_lieu_an_lao": (1, 0), "lanh_dao": (0, 0),
           "lanh_dao_an_lao": (0, 0), "khach": (0, 0)},
    DUYET: {"quan_tri": (1, 1), "tong_hop": (1, 1), "nhap_lieu_an_lao": (0, 0), "lanh_dao": (0, 0),
            "lanh_dao_an_lao": (0, 0), "khach": (0, 0)},
    MO_KHOA: {"quan_tri": (1, 1), "tong_hop": (0, 0), "nhap_lieu_an_lao": (0, 0), "lanh_dao": (0, 0),
              "lanh_dao_an_lao": (0, 0), "khach": (0, 0)},
    HOI: {"quan_tri": (1, 1), "tong_hop": (1, 1), "nhap_lieu_an_lao": (0, 0), "lanh_dao": (1, 1),
          "lanh_dao_an_lao": (1, 0), "khach": (0, 0)},
    DANG_NHAP: {ten: (1, 1) for ten in ("quan_tri", "tong_hop", "nhap_lieu_an_lao", "lanh_dao", "lanh_dao_an_lao",
                                          "khach")},
}
NGUOI_DUNG = list(DUOC[XEM])


def _cac_mau(resolver=None):
    """Every named URL pattern outside the admin (which has its own login), with the
    names of its arguments."""
    for mau in (resolver or get_resolver()).url_patterns:
        if isinstance(mau, URLResolver):
            if mau.app_name == "admin":
                continue
            yield from _cac_mau(mau)
        elif isinstance(mau, URLPattern):
            yield mau


CAC_MAU = list(_cac_mau())


def _tham_so(mau: URLPattern, nguoi: User | None, cua_minh: bool, danh_muc) -> dict:
    """Values for a pattern's arguments, by name. A new kind of argument needs a line here."""
    gia_tri = {
        "ma_don_vi": lambda: "an-lao" if cua_minh else "tuy-phuoc",
        "ky": lambda: "2023-6t",
        "nam": lambda: 2023,
        "ma_chi_tieu": lambda: "CT01",
        "ma_nguon": lambda: "kh-tinh",
        "ma_tep": lambda: "khong-co-tep-nay",
        "uidb64": lambda: "MQ",
        "token": lambda: "sai-ma",
        "so_thong_bao": lambda: 0 if nguoi is None else ThongBao.objects.create(
            nguoi_nhan=nguoi, loai=ThongBao.Loai.QUA_HAN, khoa=uuid.uuid4().hex, tieu_de="Thử", noi_dung="Thử",
            duong_dan="/", tao_luc="2023-06-21T08:00:00+07:00").id,
    }
    ten = list(mau.pattern.converters) if hasattr(mau.pattern, "converters") else list(mau.pattern.regex.groupindex)
    thieu = [t for t in ten if t not in gia_tri]
    assert not thieu, f"{mau.name}: chưa biết cách tạo tham số {thieu} — thêm vào _tham_so"
    return {t: gia_tri[t]() for t in ten}


def test_every_pattern_has_a_name_and_declares_its_access_rule():
    for mau in CAC_MAU:
        assert mau.name, f"mẫu URL không tên: {mau.pattern}"
        quy_tac = getattr(mau.callback, "quy_tac_truy_cap", None)
        assert quy_tac in {XEM, NHAP, DUYET, MO_KHOA, HOI, DANG_NHAP, CONG_KHAI}, (
            f"{mau.name} chưa khai báo quyền truy cập bằng @truy_cap")


@pytest.fixture
def moi_nguoi(danh_muc):
    factories.tao_nguoi_dung("quan_tri", factories.QUAN_TRI)
    factories.tao_nguoi_dung("tong_hop", factories.TONG_HOP)
    factories.tao_nguoi_dung("nhap_lieu_an_lao", factories.NHAP_LIEU, [danh_muc.an_lao])
    factories.tao_nguoi_dung("lanh_dao", factories.LANH_DAO)
    factories.tao_nguoi_dung("lanh_dao_an_lao", factories.LANH_DAO, [danh_muc.an_lao])
    User.objects.create_user("khach", password="x")  # logged in, no role
    return {u.username: u for u in User.objects.all()}


def _co_don_vi(mau) -> bool:
    return "ma_don_vi" in getattr(mau.pattern, "converters", {})


@pytest.mark.parametrize("mau", CAC_MAU, ids=[m.name or str(m.pattern) for m in CAC_MAU])
def test_anonymous_visitors_are_sent_to_log_in(client, danh_muc, mau):
    if mau.callback.quy_tac_truy_cap == CONG_KHAI:
        return
    url = reverse(mau.name, kwargs=_tham_so(mau, None, True, danh_muc))
    for phuong_thuc in (client.get, client.post):
        tra_loi = phuong_thuc(url)
        assert tra_loi.status_code == 302, (mau.name, phuong_thuc)
        assert tra_loi["Location"].startswith(reverse("dang-nhap") + "?next="), mau.name


@pytest.mark.parametrize("mau", CAC_MAU, ids=[m.name or str(m.pattern) for m in CAC_MAU])
def test_each_role_gets_exactly_its_access_to_its_own_and_another_unit(client, danh_muc, moi_nguoi, mau):
    quy_tac = mau.callback.quy_tac_truy_cap
    if quy_tac == CONG_KHAI:
        return
    for ten in NGUOI_DUNG:
        client.force_login(moi_nguoi[ten])
        for cua_minh in ((True, False) if _co_don_vi(mau) else (True,)):
            url = reverse(mau.name, kwargs=_tham_so(mau, moi_nguoi[ten], cua_minh, danh_muc))
            duoc = bool(DUOC[quy_tac][ten][0 if cua_minh else 1])
            if mau.callback.chi_post:
                assert client.get(url).status_code == 405, (mau.name, ten, "GET")
                tra_loi = client.post(url)
            else:
                tra_loi = client.get(url)
            if duoc:
                assert tra_loi.status_code in (200, 302), (mau.name, ten, cua_minh, tra_loi.status_code)
                if tra_loi.status_code == 302:
                    assert not tra_loi["Location"].startswith(reverse("dang-nhap")), (mau.name, ten)
            else:
                assert tra_loi.status_code == 403, (mau.name, ten, cua_minh, tra_loi.status_code)
        client.logout()


def test_the_admin_is_for_admins_only(client, danh_muc, moi_nguoi):
    assert client.get("/admin/").status_code == 302
    for ten in NGUOI_DUNG:
        client.force_login(moi_nguoi[ten])
        tra_loi = client.get("/admin/")
        if ten == "quan_tri":
            assert tra_loi.status_code == 200
        else:
            assert tra_loi.status_code == 302 and tra_loi["Location"].startswith("/admin/login/"), ten


def test_unknown_objects_are_not_found_for_everyone_allowed(client, danh_muc, moi_nguoi):
    client.force_login(moi_nguoi["quan_tri"])
    assert client.get("/nhap-lieu/khong-co/2023-6t/").status_code == 404
    assert client.get("/nhap-lieu/an-lao/2031-6t/").status_code == 404
    assert client.get("/ke-hoach/an-lao/2031/").status_code == 404
    assert client.get(f"/lich-su/an-lao/2023-6t/{uuid.uuid4().hex[:8]}/").status_code == 404
