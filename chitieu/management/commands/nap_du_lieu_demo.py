"""Loads the demo data of `fixtures/` into an empty database, then the demo users.

Safe to run again: when any unit exists it loads nothing, so figures someone typed
into the demo are never overwritten. Demo only (DEBUG=1). A production database gets
the catalog with `manage.py loaddata fixtures/don_vi.json fixtures/chi_tieu.json
fixtures/ky_bao_cao.json` instead (see README).
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from chitieu.models import ChiTieu, DonVi, KeHoach, ThucHien

THU_MUC = Path(settings.BASE_DIR) / "fixtures"
CAC_TEP = ["don_vi.json", "chi_tieu.json", "ky_bao_cao.json", "du_lieu_demo.json"]
LY_DO = "Dữ liệu mẫu (demo)"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu vào cơ sở dữ liệu trống và tạo tài khoản demo. Chỉ dùng khi DEBUG=1."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Chỉ nạp dữ liệu mẫu khi DEBUG=1 (môi trường thử nghiệm).")
        if DonVi.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có đơn vị: giữ nguyên, không nạp lại dữ liệu mẫu.")
        else:
            with transaction.atomic():
                call_command("loaddata", *[THU_MUC / ten for ten in CAC_TEP], verbosity=0)
                # loaddata saves raw rows, which leave no history: record where they came from.
                for mo_hinh in (DonVi, ChiTieu, KeHoach, ThucHien):
                    mo_hinh.history.bulk_history_create(list(mo_hinh.objects.all()), default_change_reason=LY_DO)
            self.stdout.write(f"Đã nạp dữ liệu mẫu: {DonVi.objects.count()} đơn vị, "
                              f"{ThucHien.objects.count()} số liệu thực hiện.")
        call_command("tao_nguoi_dung_demo", stdout=self.stdout)
