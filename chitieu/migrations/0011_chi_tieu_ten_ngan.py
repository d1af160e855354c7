"""The indicator's short name (`ChiTieu.ten_ngan`), for the overview's column headings
and the charts; filled for the default catalog (DESIGN §5) where an indicator still
has its default code and name, so a code reused for another indicator keeps a blank
short name (shown as its code) until an administrator gives it one."""

import chitieu.ky_tu
from django.db import migrations, models


# code: (default name, short name)
MAC_DINH = {
    "CT01": ("Tổng giá trị sản phẩm (giá so sánh 2010)", "Tổng giá trị sản phẩm"),
    "CT01.1": ("Nông, lâm nghiệp và thủy sản", "Nông, lâm, thủy sản"),
    "CT01.2": ("Công nghiệp – xây dựng", "Công nghiệp – xây dựng"),
    "CT01.3": ("Dịch vụ", "Dịch vụ"),
    "CT02": ("Tốc độ tăng trưởng tổng giá trị sản phẩm", "Tăng trưởng GTSP"),
    "CT03": ("Tổng thu ngân sách nhà nước trên địa bàn", "Thu ngân sách"),
    "CT03.1": ("Thu tiền sử dụng đất", "Thu tiền sử dụng đất"),
    "CT04": ("Tổng vốn đầu tư phát triển toàn xã hội", "Vốn đầu tư phát triển"),
    "CT05": ("Thu nhập bình quân đầu người", "Thu nhập bình quân"),
    "CT06": ("Sản lượng lương thực có hạt", "Sản lượng lương thực"),
    "CT07": ("Diện tích trồng rừng tập trung", "Trồng rừng tập trung"),
    "CT08": ("Tỷ lệ hộ nghèo (chuẩn đa chiều)", "Tỷ lệ hộ nghèo"),
    "CT09": ("Số lao động được giải quyết việc làm mới", "Việc làm mới"),
    "CT10": ("Tỷ lệ lao động qua đào tạo", "Lao động qua đào tạo"),
    "CT11": ("Tỷ lệ dân số tham gia bảo hiểm y tế", "Bảo hiểm y tế"),
    "CT12": ("Số bác sĩ/vạn dân", "Bác sĩ/vạn dân"),
    "CT13": ("Số trường đạt chuẩn quốc gia (lũy kế)", "Trường đạt chuẩn"),
    "CT14": ("Số xã đạt chuẩn nông thôn mới (lũy kế)", "Xã nông thôn mới"),
    "CT15": ("Số sản phẩm OCOP được công nhận", "Sản phẩm OCOP"),
    "CT16": ("Tỷ lệ che phủ rừng", "Che phủ rừng"),
    "CT17": ("Tỷ lệ dân số nông thôn sử dụng nước sạch", "Nước sạch nông thôn"),
    "CT18": ("Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "Thu gom chất thải rắn"),
    "CT19": ("Tỷ lệ hoàn thành chỉ tiêu giao quân", "Giao quân"),
}


def dien_ten_ngan(apps, schema_editor):
    ChiTieu = apps.get_model("chitieu", "ChiTieu")
    for ma, (ten, ten_ngan) in MAC_DINH.items():
        ChiTieu.objects.filter(ma=ma, ten=ten, ten_ngan="").update(ten_ngan=ten_ngan)


class Migration(migrations.Migration):

    dependencies = [
        ('chitieu', '0010_don_vi_ke_thua'),
    ]

    operations = [
        migrations.AddField(
            model_name='chitieu',
            name='ten_ngan',
            field=models.CharField(blank=True, help_text='Tên ngắn cho tiêu đề cột và biểu đồ (tối đa 24 ký tự), ví dụ: Che phủ rừng. Để trống: dùng mã chỉ tiêu.', max_length=24, validators=[chitieu.ky_tu.KyTuHopLe(mot_dong=True)], verbose_name='tên ngắn'),
        ),
        migrations.AddField(
            model_name='historicalchitieu',
            name='ten_ngan',
            field=models.CharField(blank=True, help_text='Tên ngắn cho tiêu đề cột và biểu đồ (tối đa 24 ký tự), ví dụ: Che phủ rừng. Để trống: dùng mã chỉ tiêu.', max_length=24, validators=[chitieu.ky_tu.KyTuHopLe(mot_dong=True)], verbose_name='tên ngắn'),
        ),
        migrations.RunPython(dien_ten_ngan, migrations.RunPython.noop),
    ]
