from django.apps import AppConfig


class QuyTrinhConfig(AppConfig):
    name = "quytrinh"
    verbose_name = "Quy trình nộp số liệu"
