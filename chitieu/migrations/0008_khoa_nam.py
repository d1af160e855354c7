# One lock row per (unit, year), taken by every plan save, actual save and workflow step.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('chitieu', '0007_ten_hop_le'),
    ]

    operations = [
        migrations.CreateModel(
            name='KhoaNam',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nam', models.PositiveSmallIntegerField(verbose_name='năm')),
                ('don_vi', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+',
                                             to='chitieu.donvi', verbose_name='đơn vị')),
            ],
            options={
                'verbose_name': 'khóa năm',
                'verbose_name_plural': 'khóa năm',
                'constraints': [models.UniqueConstraint(fields=('don_vi', 'nam'), name='khoa_nam_duy_nhat')],
            },
        ),
    ]
