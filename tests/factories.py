"""Builds test data in code. `fixtures/` is demo data; tests make their own world here."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group, User

from datetime import date

from chitieu.models import (BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KeHoach, KyBaoCao, NguonCuaBo, NguonKeHoach,
                            PhanCong, ThucHien)
from chitieu.quyen import LANH_DAO, NHAP_LIEU, QUAN_TRI, TONG_HOP

__all__ = ["LANH_DAO", "NHAP_LIEU", "QUAN_TRI", "TONG_HOP"]

MAT_KHAU = "mat-khau-thu-nghiem-123"


def tao_nguoi_dung(username: str, vai_tro: str, don_vi: list[DonVi] = ()) -> User:
    nguoi = User.objects.create_user(username=username, password=MAT_KHAU, first_name=username)
    nguoi.groups.add(Group.objects.get_or_create(name=vai_tro)[0])
    for dv in don_vi:
        PhanCong.objects.create(nguoi_dung=nguoi, don_vi=dv)
    if vai_tro == QUAN_TRI:
        nguoi.is_staff = True
        nguoi.save()
    return nguoi


def tao_don_vi(ma: str, ten_ngan: str, cap: str = DonVi.Cap.HUYEN, cha: DonVi | None = None, **kw) -> DonVi:
    ten = {"tinh": "Tỉnh", "huyen": "Huyện", "xa": "Xã"}[cap] + " " + ten_ngan
    return DonVi.objects.create(ma=ma, ten=ten, ten_ngan=ten_ngan, cap=cap, cha=cha, **kw)


_thu_tu = iter(range(10, 100000, 10))

# The set of the test province: `tao_danh_muc` makes it; `tao_chi_tieu` adds to it.
TEN_BO_THU = "Bộ chỉ tiêu thử nghiệm – Bình Định"


def nguon(ma: str, ten: str | None = None, ten_ngan: str | None = None) -> NguonKeHoach:
    """A plan source by code; "kh-tinh" and "kh-huyen" get the demo's words."""
    mac_dinh = {"kh-tinh": ("KH tỉnh giao", "KH tỉnh"), "kh-huyen": ("KH huyện giao", "KH huyện")}.get(ma, (ma, ma))
    return NguonKeHoach.objects.get_or_create(ma=ma, defaults={"ten": ten or mac_dinh[0],
                                                               "ten_ngan": ten_ngan or mac_dinh[1]})[0]


def tao_bo(ten: str, chi_tieu: list[ChiTieu], cac_nguon: list[NguonKeHoach], *, chinh: int = 0, **kw) -> BoChiTieu:
    """An indicator set of these indicators (in order) and sources (`chinh`: the index of
    the status-driving one)."""
    bo = BoChiTieu.objects.create(ten=ten, **kw)
    for i, ct in enumerate(chi_tieu):
        ChiTieuTrongBo.objects.create(bo=bo, chi_tieu=ct, thu_tu=(i + 1) * 10)
    for i, ng in enumerate(cac_nguon):
        NguonCuaBo.objects.create(bo=bo, nguon=ng, thu_tu=(i + 1) * 10, chinh=i == chinh)
    return bo


def tao_chi_tieu(ma: str, ten: str | None = None, *, vao_bo: bool = True, tu_nam: int | None = None,
                 den_nam: int | None = None, **kw) -> ChiTieu:
    """An indicator; added at the end of the test province's set when it exists, for the
    set's years `tu_nam`–`den_nam` (all when None)."""
    mac_dinh = {"ten": ten or f"Chỉ tiêu {ma}", "don_vi_tinh": "triệu đồng", "linh_vuc": ChiTieu.LinhVuc.KINH_TE,
                "thu_tu": next(_thu_tu)}
    ct = ChiTieu.objects.create(ma=ma, **(mac_dinh | kw))
    bo = BoChiTieu.objects.filter(ten=TEN_BO_THU).first() if vao_bo else None
    if bo is not None:
        ChiTieuTrongBo.objects.create(bo=bo, chi_tieu=ct, thu_tu=ct.thu_tu, tu_nam=tu_nam, den_nam=den_nam)
    return ct


def ky(nam: int, so_thang: int) -> KyBaoCao:
    return KyBaoCao.objects.get_or_create(nam=nam, so_thang=so_thang)[0]


def dat_ke_hoach(don_vi: DonVi, chi_tieu: ChiTieu, nam: int, tinh=None, huyen=None) -> None:
    """The first version (from 1 January) of "KH tỉnh giao" and "KH huyện giao"."""
    for ma, gia_tri in (("kh-tinh", tinh), ("kh-huyen", huyen)):
        if gia_tri is not None:
            dat_ke_hoach_nguon(don_vi, chi_tieu, nam, nguon(ma), gia_tri)


def dat_ke_hoach_nguon(don_vi: DonVi, chi_tieu: ChiTieu, nam: int, nguon_kh: NguonKeHoach, gia_tri, *,
                       hieu_luc_tu: date | None = None, kieu: str = "bang", den=None, tien_do=None,
                       can_cu: str = "") -> KeHoach:
    """One plan version of one source (a revision when `hieu_luc_tu` is after 1 January)."""
    return KeHoach.objects.update_or_create(
        nam=nam, don_vi=don_vi, chi_tieu=chi_tieu, nguon=nguon_kh, hieu_luc_tu=hieu_luc_tu or date(nam, 1, 1),
        defaults={"gia_tri": Decimal(gia_tri), "kieu": kieu, "gia_tri_den": None if den is None else Decimal(den),
                  "tien_do": {str(t): str(x) for t, x in (tien_do or {}).items()}, "can_cu": can_cu})[0]


def dat_thuc_hien(don_vi: DonVi, chi_tieu: ChiTieu, ky_bao_cao: KyBaoCao, gia_tri, la_uoc=False, ghi_chu="") -> ThucHien:
    return ThucHien.objects.update_or_create(
        ky=ky_bao_cao, don_vi=don_vi, chi_tieu=chi_tieu,
        defaults={"gia_tri": Decimal(gia_tri), "la_uoc": la_uoc, "ghi_chu": ghi_chu},
    )[0]


@dataclass
class DanhMuc:
    tinh: DonVi
    an_lao: DonVi
    tuy_phuoc: DonVi
    ct01: ChiTieu
    ct01_1: ChiTieu
    ct01_2: ChiTieu
    ct01_3: ChiTieu
    ct02: ChiTieu
    ct03: ChiTieu
    ct03_1: ChiTieu
    ct05: ChiTieu
    ct08: ChiTieu
    ct16: ChiTieu
    ky_2022_6t: KyBaoCao
    ky_2023_6t: KyBaoCao

    def chi_tieu(self) -> list[ChiTieu]:
        return [self.ct01, self.ct01_1, self.ct01_2, self.ct01_3, self.ct02, self.ct03, self.ct03_1, self.ct05,
                self.ct08, self.ct16]


def tao_danh_muc() -> DanhMuc:
    """A province with two districts, periods 2022–2023 and a catalog with every kind of
    indicator: a total with sectors, a growth rate, a "trong đó" part, a level, a
    decreasing rate and a rate."""
    tinh = tao_don_vi("binh-dinh", "Bình Định", cap=DonVi.Cap.TINH)
    tao_bo(TEN_BO_THU, [], [nguon("kh-tinh"), nguon("kh-huyen")], pham_vi=tinh)
    an_lao = tao_don_vi("an-lao", "An Lão", cha=tinh, thu_tu=1)
    tuy_phuoc = tao_don_vi("tuy-phuoc", "Tuy Phước", cha=tinh, thu_tu=2)
    for nam in (2022, 2023):
        for so_thang in (3, 6, 9, 12):
            ky(nam, so_thang)
    ct01 = tao_chi_tieu("CT01", "Tổng giá trị sản phẩm (giá so sánh 2010)", tong_hop="tong", tong_cac_con=True)
    ct01_1 = tao_chi_tieu("CT01.1", "Nông, lâm nghiệp và thủy sản", cha=ct01, tong_hop="tong")
    ct01_2 = tao_chi_tieu("CT01.2", "Công nghiệp – xây dựng", cha=ct01, tong_hop="tong")
    ct01_3 = tao_chi_tieu("CT01.3", "Dịch vụ", cha=ct01, tong_hop="tong")
    ct02 = tao_chi_tieu("CT02", "Tốc độ tăng trưởng tổng giá trị sản phẩm", don_vi_tinh="%", loai="tang_truong",
                        chi_tieu_goc=ct01, so_le=2, cho_phep_am=True)
    ct03 = tao_chi_tieu("CT03", "Tổng thu ngân sách nhà nước trên địa bàn", don_vi_tinh="tỷ đồng", so_le=3,
                        tong_hop="tong")
    ct03_1 = tao_chi_tieu("CT03.1", "Thu tiền sử dụng đất", don_vi_tinh="tỷ đồng", so_le=3, cha=ct03,
                          tong_hop="tong")
    ct05 = tao_chi_tieu("CT05", "Thu nhập bình quân đầu người", don_vi_tinh="triệu đồng/người/năm",
                        loai="thoi_diem", so_le=1)
    ct08 = tao_chi_tieu("CT08", "Tỷ lệ hộ nghèo (chuẩn đa chiều)", don_vi_tinh="%", loai="thoi_diem", chieu="giam",
                        so_le=2, linh_vuc=ChiTieu.LinhVuc.VAN_HOA_XA_HOI)
    ct16 = tao_chi_tieu("CT16", "Tỷ lệ che phủ rừng", don_vi_tinh="%", loai="thoi_diem", so_le=1,
                        linh_vuc=ChiTieu.LinhVuc.MOI_TRUONG)
    return DanhMuc(tinh=tinh, an_lao=an_lao, tuy_phuoc=tuy_phuoc, ct01=ct01, ct01_1=ct01_1, ct01_2=ct01_2,
                   ct01_3=ct01_3, ct02=ct02, ct03=ct03, ct03_1=ct03_1, ct05=ct05, ct08=ct08, ct16=ct16,
                   ky_2022_6t=ky(2022, 6), ky_2023_6t=ky(2023, 6))


def so_lieu_an_lao_2023(dm: DanhMuc) -> None:
    """An Lão's figures of report 164/BC-UBND (section I.3) with plans that reproduce them."""
    for ct, th, uoc, tinh, huyen in [
        (dm.ct01, "447142", True, "843000", "848700"),
        (dm.ct01_1, "184510", True, "339580", "340520"),
        (dm.ct01_2, "141004", True, "273080", "275690"),
        (dm.ct01_3, "121628", True, "230340", "232490"),
        (dm.ct03, "32.454", False, "41.830", "98.600"),
        (dm.ct03_1, "12.5", True, "10", "65"),
    ]:
        dat_ke_hoach(dm.an_lao, ct, 2023, tinh=tinh, huyen=huyen)
        dat_thuc_hien(dm.an_lao, ct, dm.ky_2023_6t, th, la_uoc=uoc)
