from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


def _don_tep_tam_khi_dang_nhap(sender, **kwargs) -> None:
    from . import tep_tam

    tep_tam.don_het_han()


def _cai_phien_ban(sender, using, **kwargs) -> None:
    from . import phien_ban

    phien_ban.cai_dat(using)


class ChiTieuConfig(AppConfig):
    name = "chitieu"
    verbose_name = "Chỉ tiêu kinh tế – xã hội"

    def ready(self) -> None:
        # Expired uploads go on every login too, not only when someone uploads again.
        user_logged_in.connect(_don_tep_tam_khi_dang_nhap, dispatch_uid="chitieu-don-tep-tam")
        # The version of the data (chitieu/phien_ban.py) on every table, new ones included:
        # after each migrate, once all apps' tables exist.
        post_migrate.connect(_cai_phien_ban, sender=self, dispatch_uid="chitieu-phien-ban")
