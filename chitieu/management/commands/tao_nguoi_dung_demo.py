"""Creates one demo user per role (DESIGN §6), with the passwords printed in the README.

Demo only: `make run` calls it on its own SQLite database. It refuses to run unless
DEBUG is on, so it cannot plant known passwords in production by mistake.
"""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chitieu import quyen
from chitieu.models import DonVi, PhanCong

# username, họ tên, vai trò, mật khẩu, đơn vị phân công, nhân viên quản trị (is_staff)
NGUOI_DUNG_DEMO = [
    ("quan_tri", "Quản trị hệ thống", quyen.QUAN_TRI, "QuanTri@2023", [], True),
    ("tong_hop", "Văn phòng UBND tỉnh (tổng hợp)", quyen.TONG_HOP, "TongHop@2023", [], False),
    ("nhap_lieu_an_lao", "Văn phòng HĐND&UBND huyện An Lão", quyen.NHAP_LIEU, "NhapLieu@2023", ["an-lao"], False),
    ("nhap_lieu_tuy_phuoc", "Văn phòng HĐND&UBND huyện Tuy Phước", quyen.NHAP_LIEU, "NhapLieu@2023",
     ["tuy-phuoc"], False),
    ("lanh_dao", "Lãnh đạo UBND tỉnh", quyen.LANH_DAO, "LanhDao@2023", [], False),
    # Since 1/7/2025: a commune office of the new Gia Lai and a leader of that province only.
    ("nhap_lieu_xa_tuy_phuoc", "Văn phòng HĐND&UBND xã Tuy Phước", quyen.NHAP_LIEU, "NhapLieu@2026",
     ["xa-tuy-phuoc"], False),
    ("lanh_dao_gia_lai", "Lãnh đạo UBND tỉnh Gia Lai", quyen.LANH_DAO, "LanhDao@2026", ["gia-lai"], False),
]


class Command(BaseCommand):
    help = "Tạo các tài khoản demo (mỗi vai trò một tài khoản). Chỉ dùng khi DEBUG=1."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Chỉ tạo tài khoản demo khi DEBUG=1 (môi trường thử nghiệm).")
        for username, ho_ten, vai_tro, mat_khau, ma_don_vi, la_nhan_vien in NGUOI_DUNG_DEMO:
            nguoi, _ = User.objects.get_or_create(username=username)
            nguoi.first_name, nguoi.last_name = ho_ten, ""
            nguoi.is_staff = la_nhan_vien
            nguoi.is_superuser = vai_tro == quyen.QUAN_TRI
            nguoi.set_password(mat_khau)
            nguoi.save()
            nguoi.groups.set([Group.objects.get_or_create(name=vai_tro)[0]])
            for ma in ma_don_vi:
                PhanCong.objects.get_or_create(nguoi_dung=nguoi, don_vi=DonVi.objects.get(ma=ma))
            self.stdout.write(f"{username} ({vai_tro})")
