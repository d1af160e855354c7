# A pending upload keeps what was read from the file (read once), not the file. Pending
# uploads are temporary (hours): those waiting when this runs are dropped and must be
# uploaded again.

from django.db import migrations, models


def _xoa_tep_cho(apps, schema_editor):
    apps.get_model("chitieu", "TepTam").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('chitieu', '0008_khoa_nam'),
    ]

    operations = [
        migrations.RunPython(_xoa_tep_cho, migrations.RunPython.noop),
        migrations.RemoveField(model_name='teptam', name='noi_dung'),
        migrations.AddField(model_name='teptam', name='du_lieu',
                            field=models.BinaryField(default=b'', verbose_name='dữ liệu đã đọc'), preserve_default=False),
        migrations.AddField(model_name='teptam', name='kich_thuoc',
                            field=models.PositiveIntegerField(default=0, verbose_name='kích thước lưu (byte)'),
                            preserve_default=False),
    ]
