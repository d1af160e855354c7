from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


def _don_tep_tam_khi_dang_nhap(sender, **kwargs) -> None:
    from . import tep_tam

    tep_tam.don_het_han()


class ChiTieuConfig(AppConfig):
    name = "chitieu"
    verbose_name = "Chỉ tiêu kinh tế – xã hội"

    def ready(self) -> None:
        # Expired uploads go on every login too, not only when someone uploads again.
        user_logged_in.connect(_don_tep_tam_khi_dang_nhap, dispatch_uid="chitieu-don-tep-tam")
