from django.apps import AppConfig


class ChiTieuConfig(AppConfig):
    name = "chitieu"
    verbose_name = "Chỉ tiêu kinh tế – xã hội"
