"""Loads the demo data of `fixtures/` into an empty database, then the demo users.

Safe to run again: when any unit exists it loads nothing, so figures someone typed
into the demo are never overwritten. Demo only (DEBUG=1). A production database gets
the catalog with `manage.py loaddata fixtures/don_vi.json fixtures/chi_tieu.json
fixtures/ky_bao_cao.json` instead (see README).
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from chitieu.models import DonVi, ThucHien

THU_MUC = Path(settings.BASE_DIR) / "fixtures"
CAC_TEP = ["don_vi.json", "ke_thua.json", "chi_tieu.json", "bo_chi_tieu.json", "ky_bao_cao.json", "du_lieu_demo.json"]
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
                self._nap()
            self.stdout.write(f"Đã nạp dữ liệu mẫu: {DonVi.objects.count()} đơn vị, "
                              f"{ThucHien.objects.count()} số liệu thực hiện.")
        call_command("tao_nguoi_dung_demo", stdout=self.stdout)

    @staticmethod
    def _nap() -> None:
        """What `loaddata` does, in bulk (it saves row by row: seconds instead of a
        fraction), plus the first history record of every row, which `loaddata` skips."""
        cac_mo_hinh = []
        for ten in CAC_TEP:
            theo_mo_hinh: dict[type, list] = {}
            for doi_tuong in serializers.deserialize("json", (THU_MUC / ten).read_text(encoding="utf-8")):
                theo_mo_hinh.setdefault(type(doi_tuong.object), []).append(doi_tuong.object)
            for mo_hinh, cac_dong in theo_mo_hinh.items():
                mo_hinh.objects.bulk_create(cac_dong, batch_size=1000)
                if hasattr(mo_hinh, "history"):
                    mo_hinh.history.bulk_history_create(cac_dong, default_change_reason=LY_DO)
                cac_mo_hinh.append(mo_hinh)
        # Rows came with their primary keys: move the sequences past them (PostgreSQL).
        with connection.cursor() as con_tro:
            for lenh in connection.ops.sequence_reset_sql(no_style(), cac_mo_hinh):
                con_tro.execute(lenh)
