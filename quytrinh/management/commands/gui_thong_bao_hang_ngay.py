"""Run once a day (cron or a systemd timer, see README): overdue notices to each late
unit's staff, one digest to the province office, then every email still waiting.
Running it again the same day sends nothing new."""

from django.core.management.base import BaseCommand

from quytrinh import services


class Command(BaseCommand):
    help = "Gửi thông báo quá hạn nộp số liệu và bản tổng hợp hằng ngày (chạy lại không gửi trùng)."

    def handle(self, *args, **options):
        ket_qua = services.nhac_qua_han()
        self.stdout.write(f"Thông báo quá hạn mới: {ket_qua['don_vi']} (đơn vị), {ket_qua['tong_hop']} (tổng hợp); "
                          f"email đã gửi: {ket_qua['email']}.")
