"""The workflow around submissions (DESIGN §8): deadlines, notifications, explanation
threads (giải trình) and unlock requests. Uses `chitieu`'s units, periods, indicators
and workflow rows; `chitieu` knows nothing of this app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from chitieu.models import ChiTieu, DonVi, KyBaoCao


class HanNop(models.Model):
    """A deadline the province office set for the units of one level for one period,
    overriding the default rule (`quy_tac.han_mac_dinh`). Looked up by
    `selectors.han_nop` only, so a more specific key (an indicator set) can be added
    as one more nullable field and one more step of that lookup."""

    cap = models.CharField("cấp đơn vị", max_length=10, choices=DonVi.Cap.choices)
    ky = models.ForeignKey(KyBaoCao, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="han_nop")
    han = models.DateField("hạn nộp")
    nguoi_cap_nhat = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người cập nhật",
                                       on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cap_nhat_luc = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hạn nộp"
        verbose_name_plural = "hạn nộp"
        constraints = [
            models.UniqueConstraint(fields=["cap", "ky"], name="han_nop_duy_nhat"),
        ]

    def __str__(self) -> str:
        return f"{self.get_cap_display()} · {self.ky.slug}: {self.han:%d/%m/%Y}"


class ThongBao(models.Model):
    """One message to one person, shown in the app and (unless turned off) emailed.
    (nguoi_nhan, loai, khoa) is unique: `khoa` names what the message is about (a
    workflow step, a period, a day), so creating it again — the daily command run
    twice, a retried request — finds the existing row and nobody gets it twice."""

    class Loai(models.TextChoices):
        TRA_LAI = "tra_lai", "Số liệu bị trả lại"
        DA_DUYET = "da_duyet", "Số liệu được duyệt"
        THU_HOI_DUYET = "thu_hoi_duyet", "Thu hồi duyệt"
        QUA_HAN = "qua_han", "Quá hạn nộp (đơn vị)"
        TONG_HOP_QUA_HAN = "tong_hop_qua_han", "Tổng hợp quá hạn hằng ngày (tỉnh)"
        GIAI_TRINH_HOI = "giai_trinh_hoi", "Yêu cầu giải trình"
        GIAI_TRINH_TRA_LOI = "giai_trinh_tra_loi", "Trả lời giải trình"
        MO_KHOA_YEU_CAU = "mo_khoa_yeu_cau", "Đề nghị mở khóa"
        MO_KHOA_QUYET_DINH = "mo_khoa_quyet_dinh", "Kết quả đề nghị mở khóa"

    class Email(models.TextChoices):
        CHO = "cho", "Chờ gửi"
        DANG_GUI = "dang_gui", "Đang gửi"
        DA_GUI = "da_gui", "Đã gửi"
        KHONG = "khong", "Không gửi"
        LOI = "loi", "Gửi lỗi"

    nguoi_nhan = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE,
                                   related_name="thong_bao")
    loai = models.CharField("loại", max_length=30, choices=Loai.choices)
    khoa = models.CharField("về việc", max_length=200)
    tieu_de = models.CharField("tiêu đề", max_length=300)
    noi_dung = models.TextField("nội dung", max_length=20000)
    duong_dan = models.CharField("đường dẫn", max_length=500, blank=True)
    tao_luc = models.DateTimeField("tạo lúc", db_index=True)
    da_doc_luc = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    email = models.CharField("email", max_length=10, choices=Email.choices, default=Email.CHO)
    email_luc = models.DateTimeField("gửi email lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-tao_luc", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["nguoi_nhan", "loai", "khoa"], name="thong_bao_mot_lan"),
        ]
        indexes = [
            models.Index(fields=["nguoi_nhan", "da_doc_luc"], name="thong_bao_chua_doc"),
            models.Index(fields=["email"], name="thong_bao_email"),
        ]

    def __str__(self) -> str:
        return f"{self.nguoi_nhan} · {self.tieu_de}"


class TatEmail(models.Model):
    """A kind of message this person does not want by email (still shown in the app)."""

    nguoi_dung = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE,
                                   related_name="tat_email")
    loai = models.CharField("loại", max_length=30, choices=ThongBao.Loai.choices)

    class Meta:
        verbose_name = "email đã tắt"
        verbose_name_plural = "email đã tắt"
        constraints = [
            models.UniqueConstraint(fields=["nguoi_dung", "loai"], name="tat_email_duy_nhat"),
        ]


class GiaiTrinh(models.Model):
    """The explanation thread of one indicator of one unit for one period: the asking
    side (a leader, the province office) asks, the unit's staff answer, either side
    follows up, the asking side closes it; a new question reopens it. The messages are
    `YKien` rows, never edited; the thread's states are kept in its history."""

    class TrangThai(models.TextChoices):
        CHO_TRA_LOI = "cho_tra_loi", "Chờ đơn vị trả lời"
        DA_TRA_LOI = "da_tra_loi", "Đơn vị đã trả lời"
        DA_DONG = "da_dong", "Đã đóng"

    don_vi = models.ForeignKey(DonVi, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="giai_trinh")
    ky = models.ForeignKey(KyBaoCao, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="giai_trinh")
    chi_tieu = models.ForeignKey(ChiTieu, verbose_name="chỉ tiêu", on_delete=models.PROTECT,
                                 related_name="giai_trinh")
    trang_thai = models.CharField("trạng thái", max_length=20, choices=TrangThai.choices,
                                  default=TrangThai.CHO_TRA_LOI)
    nguoi_hoi = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", on_delete=models.PROTECT,
                                  related_name="+")
    dua_vao_bao_cao = models.BooleanField("đưa vào báo cáo", default=True,
                                          help_text="Phần “Giải trình” của báo cáo đơn vị có câu trả lời này.")
    tao_luc = models.DateTimeField("tạo lúc")
    cap_nhat_luc = models.DateTimeField("cập nhật lúc")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "giải trình"
        verbose_name_plural = "giải trình"
        ordering = ["-cap_nhat_luc", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["don_vi", "ky", "chi_tieu"], name="giai_trinh_duy_nhat"),
            models.CheckConstraint(condition=Q(trang_thai__in=["cho_tra_loi", "da_tra_loi", "da_dong"]),
                                   name="giai_trinh_trang_thai_hop_le"),
        ]

    def __str__(self) -> str:
        return f"{self.don_vi.ten_ngan} · {self.ky.slug} · {self.chi_tieu.ma}"

    @property
    def dang_mo(self) -> bool:
        return self.trang_thai != self.TrangThai.DA_DONG


class YKien(models.Model):
    """One message of a thread: a question (the asking side) or an answer (the unit)."""

    class Loai(models.TextChoices):
        HOI = "hoi", "Hỏi"
        TRA_LOI = "tra_loi", "Trả lời"

    giai_trinh = models.ForeignKey(GiaiTrinh, verbose_name="giải trình", on_delete=models.CASCADE,
                                   related_name="y_kien")
    loai = models.CharField("loại", max_length=10, choices=Loai.choices)
    nguoi = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người viết", on_delete=models.PROTECT,
                              related_name="+")
    noi_dung = models.TextField("nội dung", max_length=5000)
    tao_luc = models.DateTimeField("lúc")

    class Meta:
        verbose_name = "ý kiến giải trình"
        verbose_name_plural = "ý kiến giải trình"
        ordering = ["tao_luc", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(loai__in=["hoi", "tra_loi"]), name="y_kien_loai_hop_le"),
        ]

    def __str__(self) -> str:
        return f"{self.get_loai_display()} · {self.giai_trinh}"


class YeuCauMoKhoa(models.Model):
    """A unit asks to reopen its sent or approved figures of a period, with a reason;
    the province office (a sent period) or an administrator (any) approves — which
    reopens through `chitieu.services` — or rejects with a reason."""

    class TrangThai(models.TextChoices):
        CHO = "cho", "Chờ quyết định"
        DONG_Y = "dong_y", "Đã đồng ý"
        TU_CHOI = "tu_choi", "Từ chối"

    don_vi = models.ForeignKey(DonVi, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="yeu_cau_mo_khoa")
    ky = models.ForeignKey(KyBaoCao, verbose_name="kỳ báo cáo", on_delete=models.PROTECT,
                           related_name="yeu_cau_mo_khoa")
    nguoi_yeu_cau = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người đề nghị",
                                      on_delete=models.PROTECT, related_name="+")
    ly_do = models.TextField("lý do", max_length=2000)
    tao_luc = models.DateTimeField("đề nghị lúc")
    trang_thai = models.CharField("trạng thái", max_length=10, choices=TrangThai.choices, default=TrangThai.CHO)
    nguoi_quyet_dinh = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người quyết định",
                                         on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ly_do_quyet_dinh = models.TextField("ý kiến", max_length=2000, blank=True)
    quyet_dinh_luc = models.DateTimeField("quyết định lúc", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đề nghị mở khóa"
        verbose_name_plural = "đề nghị mở khóa"
        ordering = ["-tao_luc", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["don_vi", "ky"], condition=Q(trang_thai="cho"),
                                    name="mot_de_nghi_mo_khoa_dang_cho"),
            models.CheckConstraint(condition=Q(trang_thai__in=["cho", "dong_y", "tu_choi"]),
                                   name="de_nghi_mo_khoa_trang_thai_hop_le"),
        ]

    def __str__(self) -> str:
        return f"{self.don_vi.ten_ngan} · {self.ky.slug}: {self.get_trang_thai_display()}"
