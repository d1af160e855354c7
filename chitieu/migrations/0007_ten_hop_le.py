# Names of units, indicators, plan sources and indicator sets may not hold characters that
# break downloads (chitieu.ky_tu).

import chitieu.ky_tu
from django.db import migrations, models


def _ten(max_length, verbose_name, help_text="", **kw):
    return models.CharField(help_text=help_text, max_length=max_length, validators=[chitieu.ky_tu.KyTuHopLe(mot_dong=True)],
                            verbose_name=verbose_name, **kw)


class Migration(migrations.Migration):

    dependencies = [
        ('chitieu', '0006_ke_hoach_theo_nguon'),
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
    ] + [
        migrations.AlterField(model_name=model, name=name, field=field)
        for model, duy_nhat in (("nguonkehoach", {"unique": True}), ("historicalnguonkehoach", {"db_index": True}))
        for name, field in (
            ("ten", _ten(100, "tên trong báo cáo", "Đúng như báo cáo viết sau “so với”: KH tỉnh giao, NQ HĐND xã giao, "
                                                    "dự toán TW giao …", **duy_nhat)),
            ("ten_ngan", _ten(40, "tên cột", "Tên ngắn cho tiêu đề cột và biểu đồ: KH tỉnh, NQ xã …")),
            ("mo_ta", _ten(300, "căn cứ thường dùng", "Ví dụ: Quyết định của UBND tỉnh giao chỉ tiêu KT-XH hằng năm.",
                           blank=True)),
        )
    ] + [
        migrations.AlterField(model_name=model, name="ten",
                              field=_ten(200, "tên bộ chỉ tiêu", "Ví dụ: Bộ 19 chỉ tiêu cấp huyện – Bình Định 2022–2025",
                                         **duy_nhat))
        for model, duy_nhat in (("bochitieu", {"unique": True}), ("historicalbochitieu", {"db_index": True}))
    ]
