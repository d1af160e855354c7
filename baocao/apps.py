from django.apps import AppConfig


class BaoCaoConfig(AppConfig):
    name = "baocao"
    verbose_name = "Báo cáo"
