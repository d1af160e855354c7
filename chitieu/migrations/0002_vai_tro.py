"""The four roles of DESIGN §6 as Django groups. They are part of the schema of access
(chitieu.quyen reads them by name), not demo data, so they exist in every database."""

from django.db import migrations

VAI_TRO = ["Quản trị", "Tổng hợp", "Nhập liệu", "Lãnh đạo"]


def tao_vai_tro(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for ten in VAI_TRO:
        Group.objects.get_or_create(name=ten)


def xoa_vai_tro(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=VAI_TRO).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("chitieu", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(tao_vai_tro, xoa_vai_tro)]
