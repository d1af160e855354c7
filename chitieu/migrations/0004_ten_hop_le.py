# Names of units and indicators may not hold characters that break downloads (chitieu.ky_tu).

import chitieu.ky_tu
from django.db import migrations, models


def _ten(max_length, verbose_name, help_text=""):
    return models.CharField(help_text=help_text, max_length=max_length, validators=[chitieu.ky_tu.KyTuHopLe(mot_dong=True)],
                            verbose_name=verbose_name)


class Migration(migrations.Migration):

    dependencies = [
        ('chitieu', '0003_tep_tam'),
    ]

    operations = [
        migrations.AlterField(model_name=model, name=name, field=field)
        for model in ("donvi", "historicaldonvi")
        for name, field in (("ten", _ten(200, "tên đầy đủ", "Ví dụ: Huyện An Lão")),
                            ("ten_ngan", _ten(100, "tên ngắn", "Ví dụ: An Lão")))
    ] + [
        migrations.AlterField(model_name=model, name=name, field=field)
        for model in ("chitieu", "historicalchitieu")
        for name, field in (("ten", _ten(300, "tên chỉ tiêu")), ("don_vi_tinh", _ten(50, "đơn vị tính")))
    ]
