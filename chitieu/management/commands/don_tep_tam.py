"""Deletes the Excel uploads whose confirmation time has passed. Run daily (README:
cron or a systemd timer); logins and uploads also clean up, this catches the rest."""

from django.core.management.base import BaseCommand

from chitieu import tep_tam


class Command(BaseCommand):
    help = "Xóa các tệp Excel đã tải lên nhưng quá hạn xác nhận."

    def handle(self, *args, **options):
        so = tep_tam.don_het_han()
        self.stdout.write(f"Đã xóa {so} tệp Excel quá hạn xác nhận.")
