"""The data: units, periods, the indicator catalog, plans and reported values.

Natural keys are unique in the database, ranges are checked there too, and rows of the
catalog cannot be deleted while anything refers to them (PROTECT). Plans, actuals and
the per-(unit, period) workflow keep a full history: who, when, old → new, and why
(`history_change_reason`).
"""

import calendar
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .ky_tu import ten_hop_le

ma_hop_le = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ: an-lao).",
)
ma_chi_tieu_hop_le = RegexValidator(
    r"^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$",
    "Mã chỉ tiêu chỉ gồm chữ không dấu, chữ số, dấu chấm hoặc gạch (ví dụ: CT01.1).",
)

# Values are stored exactly. 14 integer digits hold a national sum in đồng-based units;
# 6 decimals cover every `so_le` the catalog allows.
SO_CHU_SO = 20
SO_THAP_PHAN = 6


class DonVi(models.Model):
    """An administrative unit. The hierarchy is a tree of any depth (`cha`): since 2025
    Vietnam has no district level, so nothing may assume tỉnh → huyện → xã. A unit that
    is merged or dissolved gets `ngay_ngung_hoat_dong`; its history stays reportable. A
    unit formed later (the communes of 1/7/2025) has `ngay_thanh_lap`, and the units it
    succeeded are its `KeThua` rows: a period before its founding is compared with what
    its predecessors reported (`chitieu.ke_thua`)."""

    class Cap(models.TextChoices):
        TINH = "tinh", "Tỉnh"
        HUYEN = "huyen", "Huyện"
        XA = "xa", "Xã"

    ma = models.SlugField("mã", max_length=50, unique=True, validators=[ma_hop_le])
    ten = models.CharField("tên đầy đủ", max_length=200, help_text="Ví dụ: Huyện An Lão", validators=[ten_hop_le])
    ten_ngan = models.CharField("tên ngắn", max_length=100, help_text="Ví dụ: An Lão", validators=[ten_hop_le])
    cap = models.CharField("cấp", max_length=10, choices=Cap.choices)
    cha = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="con",
    )
    thu_tu = models.PositiveIntegerField("thứ tự", default=0)
    ma_dvhc = models.CharField(
        "mã ĐVHC", max_length=10, null=True, blank=True,
        validators=[RegexValidator(r"^[0-9]{2,5}$", "Mã đơn vị hành chính gồm 2–5 chữ số (ví dụ: 52, 21610).")],
        help_text="Mã đơn vị hành chính theo danh mục của Tổng cục Thống kê. Hai đơn vị cùng tồn tại không "
                  "được trùng mã (một mã cũ có thể được đơn vị mới dùng lại).",
    )
    ngay_thanh_lap = models.DateField(
        "ngày thành lập", null=True, blank=True,
        help_text="Để trống nếu đơn vị có từ trước khi hệ thống lưu số liệu. Ví dụ: 01/07/2025 với các xã, "
                  "phường mới sau sắp xếp.",
    )
    ngay_ngung_hoat_dong = models.DateField(
        "ngày ngừng hoạt động",
        null=True,
        blank=True,
        help_text="Để trống nếu đơn vị đang hoạt động. Số liệu cũ vẫn được giữ và báo cáo.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["thu_tu", "ten_ngan"]
        constraints = [
            models.CheckConstraint(condition=~Q(cha=models.F("id")), name="don_vi_khong_la_cha_chinh_no"),
            models.UniqueConstraint(fields=["ma_dvhc"], condition=Q(ngay_ngung_hoat_dong__isnull=True),
                                    name="ma_dvhc_duy_nhat_khi_hoat_dong"),
            models.CheckConstraint(
                condition=Q(ngay_thanh_lap__isnull=True) | Q(ngay_ngung_hoat_dong__isnull=True)
                | Q(ngay_thanh_lap__lt=models.F("ngay_ngung_hoat_dong")),
                name="don_vi_thanh_lap_truoc_khi_ngung",
            ),
        ]

    def __str__(self) -> str:
        return self.ten

    def get_absolute_url(self) -> str:
        return reverse("baocao-don-vi-moi-nhat", args=[self.ma])

    def clean(self) -> None:
        super().clean()
        if self.ma_dvhc == "":
            self.ma_dvhc = None
        if self.ngay_thanh_lap and self.ngay_ngung_hoat_dong and self.ngay_thanh_lap >= self.ngay_ngung_hoat_dong:
            raise ValidationError({"ngay_ngung_hoat_dong": "Ngày ngừng hoạt động phải sau ngày thành lập."})
        if self.ma_dvhc:
            # Two units that existed at the same time never share a code; a later unit may reuse one.
            for khac in DonVi.objects.filter(ma_dvhc=self.ma_dvhc).exclude(pk=self.pk):
                if _giao_nhau(self, khac):
                    raise ValidationError({"ma_dvhc": f"Mã ĐVHC {self.ma_dvhc} đã là mã của {khac.ten} trong cùng "
                                                      "thời gian hoạt động."})

    def hoat_dong_trong_nam(self, nam: int) -> bool:
        """Active during some part of `nam`."""
        return ((self.ngay_ngung_hoat_dong is None or self.ngay_ngung_hoat_dong > date(nam, 1, 1))
                and (self.ngay_thanh_lap is None or self.ngay_thanh_lap <= date(nam, 12, 31)))

    def co_trong_ky(self, ky: "KyBaoCao") -> bool:
        """Existed at some time in the period (from 1 January through its last day): the
        units of a period's tree. 6 tháng 2025 has Bình Định and not the new Gia Lai
        (founded 1/7/2025); 9 tháng 2025 has both; 2026 only the new one."""
        return ((self.ngay_thanh_lap is None or self.ngay_thanh_lap <= ky.ngay_cuoi)
                and (self.ngay_ngung_hoat_dong is None or self.ngay_ngung_hoat_dong > date(ky.nam, 1, 1)))

    def ngung_truoc_cuoi_ky(self, ky: "KyBaoCao") -> bool:
        """Merged or dissolved by the period's last day: it does not report the period,
        its successors do (huyện An Lão, ended 1/7/2025, reports 6 tháng 2025 and no later
        period)."""
        return self.ngay_ngung_hoat_dong is not None and self.ngay_ngung_hoat_dong <= ky.ngay_cuoi

    def ton_tai_ngay(self, ngay: date) -> bool:
        """Existed on `ngay` (founded by then, not yet merged or dissolved)."""
        return ((self.ngay_thanh_lap is None or self.ngay_thanh_lap <= ngay)
                and (self.ngay_ngung_hoat_dong is None or self.ngay_ngung_hoat_dong > ngay))


def _giao_nhau(a: DonVi, b: DonVi) -> bool:
    """Whether two units' lifetimes overlap."""
    return ((a.ngay_ngung_hoat_dong is None or b.ngay_thanh_lap is None or b.ngay_thanh_lap < a.ngay_ngung_hoat_dong)
            and (b.ngay_ngung_hoat_dong is None or a.ngay_thanh_lap is None
                 or a.ngay_thanh_lap < b.ngay_ngung_hoat_dong))


class KeThua(models.Model):
    """Succession: part (`ty_le`, 0 < share ≤ 1) of an old unit went into a new one on
    `ngay_hieu_luc`, by a legal act (`can_cu`). A district that became four communes has
    four rows; a commune formed from two districts' parts has two. The shares of one old
    unit add up to at most 1 (less is allowed, with a warning: part of it went elsewhere
    or is not recorded). Cycles are refused."""

    don_vi_moi = models.ForeignKey(DonVi, verbose_name="đơn vị mới", on_delete=models.PROTECT,
                                   related_name="tien_than")
    don_vi_cu = models.ForeignKey(DonVi, verbose_name="đơn vị cũ", on_delete=models.PROTECT,
                                  related_name="ke_thua_boi")
    ty_le = models.DecimalField(
        "tỷ lệ của đơn vị cũ", max_digits=7, decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001")), MaxValueValidator(Decimal("1"))],
        help_text="Phần của đơn vị cũ chuyển vào đơn vị mới, từ 0 đến 1 (ví dụ 0,25 là 25 %). "
                  "Toàn bộ đơn vị cũ: 1.")
    ngay_hieu_luc = models.DateField("ngày hiệu lực", help_text="Ví dụ: 01/07/2025.")
    can_cu = models.CharField("căn cứ", max_length=300, blank=True, validators=[ten_hop_le],
                              help_text="Ví dụ: Nghị quyết 1664/NQ-UBTVQH15 ngày 16/6/2025")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kế thừa đơn vị"
        verbose_name_plural = "kế thừa đơn vị (sắp xếp địa giới)"
        ordering = ["don_vi_moi__thu_tu", "don_vi_moi__ten_ngan", "-ty_le"]
        constraints = [
            models.UniqueConstraint(fields=["don_vi_moi", "don_vi_cu"], name="ke_thua_duy_nhat"),
            models.CheckConstraint(condition=~Q(don_vi_moi=models.F("don_vi_cu")), name="ke_thua_khong_tu_chinh_no"),
            models.CheckConstraint(condition=Q(ty_le__gt=0, ty_le__lte=1), name="ke_thua_ty_le_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.don_vi_cu} → {self.don_vi_moi}"

    def clean(self) -> None:
        super().clean()
        if not (self.don_vi_moi_id and self.don_vi_cu_id):
            return
        if self.don_vi_moi_id == self.don_vi_cu_id:
            raise ValidationError({"don_vi_cu": "Một đơn vị không kế thừa chính nó."})
        # A cycle: the new unit is already (through others) a predecessor of the old one. The
        # old one being a predecessor of the new one already is no cycle (it is this row when
        # an existing row is checked again, or another path of the same succession).
        if self.don_vi_moi_id in tien_than_bac_cau({self.don_vi_cu_id}):
            raise ValidationError({"don_vi_cu": f"Tạo vòng kế thừa: {self.don_vi_moi} đã là tiền thân "
                                                f"(trực tiếp hoặc gián tiếp) của {self.don_vi_cu}."})
        if self.ty_le is not None:
            da_chia = KeThua.objects.filter(don_vi_cu_id=self.don_vi_cu_id).exclude(pk=self.pk).aggregate(
                tong=models.Sum("ty_le"))["tong"] or Decimal(0)
            if da_chia + self.ty_le > 1:
                raise ValidationError({"ty_le": f"Tổng tỷ lệ của {self.don_vi_cu} chuyển sang các đơn vị mới "
                                                f"sẽ là {(da_chia + self.ty_le) * 100:.2f} % — vượt 100 %."
                                                .replace(".", ",")})


def tien_than_bac_cau(ids: set[int]) -> set[int]:
    """Every unit the given units succeeded, directly or through others (for the cycle
    check). One query per generation; chains are short."""
    ket_qua: set[int] = set()
    bien = set(ids)
    while bien:
        bien = set(KeThua.objects.filter(don_vi_moi_id__in=bien).values_list("don_vi_cu_id", flat=True)) - ket_qua
        ket_qua |= bien
    return ket_qua


# The names reports give the quarters' ends; every other month n is "n tháng" (the first
# alone is "Tháng 1"). Every page, export and sentence takes a period's name from here.
TEN_QUY = {3: "Quý I", 6: "6 tháng đầu năm", 9: "9 tháng", 12: "Cả năm"}


def ten_so_thang(so_thang: int) -> str:
    """The months of a period, without its year: "Quý I", "6 tháng đầu năm", "9 tháng",
    "Cả năm"; "Tháng 1"; otherwise "8 tháng"."""
    if so_thang in TEN_QUY:
        return TEN_QUY[so_thang]
    return "Tháng 1" if so_thang == 1 else f"{so_thang} tháng"


def ten_so_thang_ngan(so_thang: int) -> str:
    """The same name where room is short (a chart's axis, a column of the trend): "6 tháng"
    for the first half-year, otherwise as `ten_so_thang`."""
    return "6 tháng" if so_thang == 6 else ten_so_thang(so_thang)


def thoi_gian(so_thang: int) -> str:
    """The length of a period in running text: "tháng 1", "8 tháng" ("số liệu 8 tháng")."""
    return "tháng 1" if so_thang == 1 else f"{so_thang} tháng"


class KyBaoCao(models.Model):
    """A reporting period: cumulative from 1 January through month `so_thang` (any of 1–12)
    of `nam` (3 = quý I, 6 = 6 tháng đầu năm, 9 = 9 tháng, 12 = cả năm, 1 = tháng 1,
    8 = 8 tháng). Written `2023-6t`, `2026-8t` in URLs."""

    nam = models.PositiveSmallIntegerField(
        "năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    so_thang = models.PositiveSmallIntegerField(
        "số tháng", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["-nam", "-so_thang"]
        constraints = [
            models.UniqueConstraint(fields=["nam", "so_thang"], name="ky_bao_cao_duy_nhat"),
            models.CheckConstraint(condition=Q(so_thang__gte=1, so_thang__lte=12), name="ky_so_thang_1_12"),
            models.CheckConstraint(condition=Q(nam__gte=2000, nam__lte=2100), name="ky_nam_hop_le"),
        ]

    def __str__(self) -> str:
        return self.ten

    @property
    def slug(self) -> str:
        return f"{self.nam}-{self.so_thang}t"

    @property
    def ten(self) -> str:
        """Titles and pickers: "6 tháng đầu năm 2023", "Quý I 2023", "8 tháng 2026",
        "Tháng 1 năm 2026" (two numbers side by side would read as one)."""
        if self.so_thang == 1:
            return f"Tháng 1 năm {self.nam}"
        return f"{ten_so_thang(self.so_thang)} {self.nam}"

    @property
    def ten_ngan(self) -> str:
        """Column headings ("TH 6 tháng 2023", read back by the Excel import): "3 tháng
        2023", "8 tháng 2026", "Tháng 1/2026"."""
        if self.so_thang == 1:
            return f"Tháng 1/{self.nam}"
        return f"{self.so_thang} tháng {self.nam}"

    @property
    def thoi_gian(self) -> str:
        """"8 tháng", "tháng 1" (`thoi_gian`): "từ số liệu 8 tháng"."""
        return thoi_gian(self.so_thang)

    @property
    def ten_trong_cau(self) -> str:
        """In running text, as reports write it: "6 tháng đầu năm 2023", "quý I năm 2023",
        "9 tháng năm 2023", "năm 2023", "tháng 1 năm 2026", "8 tháng năm 2026"."""
        if self.so_thang in (6, 12):
            return {6: "6 tháng đầu năm", 12: "năm"}[self.so_thang] + f" {self.nam}"
        ten = "quý I" if self.so_thang == 3 else thoi_gian(self.so_thang)
        return f"{ten} năm {self.nam}"

    @property
    def ngay_cuoi(self) -> date:
        """The last day of the period: the plan version in force that day is the one it
        is compared with."""
        return date(self.nam, self.so_thang, calendar.monthrange(self.nam, self.so_thang)[1])

    @classmethod
    def tu_slug(cls, slug: str) -> tuple[int, int] | None:
        """`2023-6t` → (2023, 6); None when the text is not a period slug."""
        nam, _, thang = slug.partition("-")
        if not (nam.isascii() and nam.isdigit() and thang.endswith("t") and thang[:-1].isascii()
                and thang[:-1].isdigit()):
            return None
        return int(nam), int(thang[:-1])


class ChiTieu(models.Model):
    """An indicator of the catalog. See DESIGN §3 for what `loai`, `chieu` and `tong_hop`
    mean to the computation; `tinh_toan` is the only place that interprets them."""

    class LinhVuc(models.TextChoices):
        KINH_TE = "kinh_te", "Kinh tế"
        VAN_HOA_XA_HOI = "van_hoa_xa_hoi", "Văn hóa – xã hội"
        MOI_TRUONG = "moi_truong", "Môi trường"
        QUOC_PHONG_AN_NINH = "quoc_phong_an_ninh", "Quốc phòng – an ninh"
        XAY_DUNG_CHINH_QUYEN = "xay_dung_chinh_quyen", "Xây dựng chính quyền"

    class Loai(models.TextChoices):
        LUY_KE = "luy_ke", "Lũy kế (cộng dồn từ đầu năm)"
        THOI_DIEM = "thoi_diem", "Thời điểm (mức cuối kỳ)"
        TANG_TRUONG = "tang_truong", "Tốc độ tăng trưởng (%)"

    class Chieu(models.TextChoices):
        TANG = "tang", "Càng cao càng tốt"
        GIAM = "giam", "Càng thấp càng tốt"

    class TongHop(models.TextChoices):
        TONG = "tong", "Cộng các đơn vị cấp dưới"
        KHONG = "khong", "Không cộng"

    ma = models.CharField("mã", max_length=20, unique=True, validators=[ma_chi_tieu_hop_le])
    ten = models.CharField("tên chỉ tiêu", max_length=300, validators=[ten_hop_le])
    ten_ngan = models.CharField(
        "tên ngắn", max_length=24, blank=True, validators=[ten_hop_le],
        help_text="Tên ngắn cho tiêu đề cột và biểu đồ (tối đa 24 ký tự), ví dụ: Che phủ rừng. "
        "Để trống: dùng mã chỉ tiêu.",
    )
    don_vi_tinh = models.CharField("đơn vị tính", max_length=50, validators=[ten_hop_le])
    linh_vuc = models.CharField("lĩnh vực", max_length=30, choices=LinhVuc.choices)
    cha = models.ForeignKey(
        "self",
        verbose_name="chỉ tiêu cha",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="con",
        help_text="Chỉ tiêu con (ví dụ CT01.1 thuộc CT01).",
    )
    loai = models.CharField("loại", max_length=20, choices=Loai.choices, default=Loai.LUY_KE)
    chieu = models.CharField("chiều đánh giá", max_length=10, choices=Chieu.choices, default=Chieu.TANG)
    tong_hop = models.CharField("tổng hợp theo đơn vị", max_length=10, choices=TongHop.choices,
                                default=TongHop.KHONG)
    tong_cac_con = models.BooleanField(
        "các chỉ tiêu con cộng lại bằng chỉ tiêu này",
        default=False,
        help_text="Bật khi các chỉ tiêu con là toàn bộ cơ cấu (CT01 = CT01.1 + CT01.2 + CT01.3); "
        "tắt khi chỉ là “trong đó” (CT03.1 chỉ là một phần của CT03).",
    )
    chi_tieu_goc = models.ForeignKey(
        "self",
        verbose_name="chỉ tiêu gốc",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chi_tieu_tang_truong",
        help_text="Với chỉ tiêu tốc độ tăng trưởng: chỉ tiêu lũy kế dùng để tính.",
    )
    so_le = models.PositiveSmallIntegerField(
        "số chữ số thập phân", default=0, validators=[MaxValueValidator(SO_THAP_PHAN)]
    )
    cho_phep_am = models.BooleanField("cho phép số âm", default=False)
    thu_tu = models.PositiveIntegerField("thứ tự trong danh mục", default=0,
                                         help_text="Thứ tự trên trang là thứ tự trong từng bộ chỉ tiêu.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "danh mục chỉ tiêu"
        ordering = ["thu_tu", "ma"]
        constraints = [
            models.CheckConstraint(condition=Q(so_le__lte=SO_THAP_PHAN), name="chi_tieu_so_le_0_6"),
            models.CheckConstraint(
                condition=Q(loai="tang_truong") | Q(chi_tieu_goc__isnull=True),
                name="chi_tieu_goc_chi_cho_tang_truong",
            ),
            models.CheckConstraint(condition=~Q(cha=models.F("id")), name="chi_tieu_khong_la_cha_chinh_no"),
        ]

    def __str__(self) -> str:
        return f"{self.ma} – {self.ten}"

    @property
    def nhan_ngan(self) -> str:
        """What a narrow heading shows: the short name, or the code when there is none."""
        return self.ten_ngan or self.ma

    @property
    def la_ty_le(self) -> bool:
        """A rate (unit "%") that is a level, not a growth rate: it lies in 0–100."""
        return self.don_vi_tinh.strip() == "%" and self.loai != self.Loai.TANG_TRUONG



class NguonKeHoach(models.Model):
    """A plan source: who set a plan, in the words reports use ("KH tỉnh giao", "NQ HĐND
    xã giao", "dự toán TW giao", "chỉ tiêu phấn đấu" …). Which sources a unit is measured
    against, in which order and which one drives the status, is said by its indicator
    set (`NguonCuaBo`); nothing in the code names a source."""

    ma = models.SlugField("mã", max_length=50, unique=True, validators=[ma_hop_le],
                          help_text="Ví dụ: kh-tinh, nq-xa, du-toan-tw")
    ten = models.CharField("tên trong báo cáo", max_length=100, unique=True, validators=[ten_hop_le],
                           help_text="Đúng như báo cáo viết sau “so với”: KH tỉnh giao, NQ HĐND xã giao, "
                                     "dự toán TW giao …")
    ten_ngan = models.CharField("tên cột", max_length=40, validators=[ten_hop_le],
                                help_text="Tên ngắn cho tiêu đề cột và biểu đồ: KH tỉnh, NQ xã …")
    mo_ta = models.CharField("căn cứ thường dùng", max_length=300, blank=True, validators=[ten_hop_le],
                             help_text="Ví dụ: Quyết định của UBND tỉnh giao chỉ tiêu KT-XH hằng năm.")
    thu_tu = models.PositiveIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nguồn kế hoạch"
        verbose_name_plural = "nguồn kế hoạch"
        ordering = ["thu_tu", "ma"]

    def __str__(self) -> str:
        return self.ten


class BoChiTieu(models.Model):
    """An indicator set: the indicators (with their order; sub-indicators follow the
    catalog's `cha`) that apply to a group of units over a range of years, and the plan
    sources those units are measured against. Each (unit, year) resolves to one set
    (`chitieu.selectors.bo_chi_tieu_cua`); every page, form, rollup and report of that
    unit and year shows exactly the set's indicators, so adding indicators to one set
    changes nothing else.

    The group: the units listed, or else every unit in the tree of `pham_vi` (the unit
    itself and all below it) of level `cap` — either may be left empty (all levels,
    anywhere). When several sets match, the most specific wins: listed units, then a
    tree with a level, a tree, a level, everything; then the latest `tu_nam`."""

    ten = models.CharField("tên bộ chỉ tiêu", max_length=200, unique=True, validators=[ten_hop_le],
                           help_text="Ví dụ: Bộ 19 chỉ tiêu cấp huyện – Bình Định 2022–2025")
    tu_nam = models.PositiveSmallIntegerField("áp dụng từ năm", null=True, blank=True,
                                              validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    den_nam = models.PositiveSmallIntegerField("áp dụng đến năm", null=True, blank=True,
                                               validators=[MinValueValidator(2000), MaxValueValidator(2100)],
                                               help_text="Để trống nếu chưa có năm kết thúc.")
    pham_vi = models.ForeignKey(DonVi, verbose_name="các đơn vị thuộc", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+",
                                help_text="Đơn vị này và mọi đơn vị cấp dưới của nó. Để trống: mọi nơi.")
    cap = models.CharField("cấp đơn vị", max_length=10, choices=DonVi.Cap.choices, blank=True,
                           help_text="Chỉ các đơn vị cấp này (trong phạm vi trên). Để trống: mọi cấp.")
    cac_don_vi = models.ManyToManyField(DonVi, verbose_name="hoặc liệt kê đơn vị", blank=True, related_name="+",
                                        help_text="Nếu liệt kê, bộ chỉ áp dụng cho đúng các đơn vị này.")

    history = HistoricalRecords(m2m_fields=[cac_don_vi])

    class Meta:
        verbose_name = "bộ chỉ tiêu"
        verbose_name_plural = "bộ chỉ tiêu"
        ordering = ["-tu_nam", "ten"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tu_nam__isnull=True) | Q(den_nam__isnull=True) | Q(tu_nam__lte=models.F("den_nam")),
                name="bo_chi_tieu_tu_nam_truoc_den_nam",
            ),
        ]

    def __str__(self) -> str:
        return self.ten

    def ap_dung_nam(self, nam: int) -> bool:
        return (self.tu_nam is None or self.tu_nam <= nam) and (self.den_nam is None or nam <= self.den_nam)


class ChiTieuTrongBo(models.Model):
    """An indicator's place in a set, and the years of the set it applies to (an
    indicator added in 2024 does not appear in the set's earlier, reported years)."""

    bo = models.ForeignKey(BoChiTieu, verbose_name="bộ chỉ tiêu", on_delete=models.CASCADE,
                           related_name="chi_tieu_trong_bo")
    chi_tieu = models.ForeignKey(ChiTieu, verbose_name="chỉ tiêu", on_delete=models.PROTECT,
                                 related_name="trong_bo")
    thu_tu = models.PositiveIntegerField("thứ tự")
    tu_nam = models.PositiveSmallIntegerField("từ năm", null=True, blank=True,
                                              help_text="Để trống: mọi năm của bộ.")
    den_nam = models.PositiveSmallIntegerField("đến năm", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu trong bộ"
        verbose_name_plural = "các chỉ tiêu của bộ"
        ordering = ["bo", "thu_tu", "chi_tieu__ma"]
        constraints = [
            models.UniqueConstraint(fields=["bo", "chi_tieu"], name="chi_tieu_trong_bo_duy_nhat"),
            models.CheckConstraint(
                condition=Q(tu_nam__isnull=True) | Q(den_nam__isnull=True) | Q(tu_nam__lte=models.F("den_nam")),
                name="chi_tieu_trong_bo_tu_nam_truoc_den_nam",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bo} · {self.chi_tieu.ma}"

    def ap_dung_nam(self, nam: int) -> bool:
        return (self.tu_nam is None or self.tu_nam <= nam) and (self.den_nam is None or nam <= self.den_nam)


class NguonCuaBo(models.Model):
    """A plan source a set's units are measured against, in the order reports name them;
    exactly one per set drives the status (`chinh`)."""

    bo = models.ForeignKey(BoChiTieu, verbose_name="bộ chỉ tiêu", on_delete=models.CASCADE, related_name="nguon")
    nguon = models.ForeignKey(NguonKeHoach, verbose_name="nguồn kế hoạch", on_delete=models.PROTECT,
                              related_name="+")
    thu_tu = models.PositiveIntegerField("thứ tự", default=0)
    chinh = models.BooleanField("dùng để đánh giá tiến độ", default=False,
                                help_text="Trạng thái đạt/chậm tính theo nguồn này; nguồn này thiếu thì theo "
                                          "nguồn kế tiếp.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nguồn kế hoạch của bộ"
        verbose_name_plural = "nguồn kế hoạch của bộ"
        ordering = ["bo", "thu_tu", "nguon__thu_tu"]
        constraints = [
            models.UniqueConstraint(fields=["bo", "nguon"], name="nguon_cua_bo_duy_nhat"),
            models.UniqueConstraint(fields=["bo"], condition=Q(chinh=True), name="nguon_cua_bo_mot_nguon_chinh"),
        ]

    def __str__(self) -> str:
        return f"{self.bo} · {self.nguon}"


def _dau_nam(nam: int) -> date:
    return date(nam, 1, 1)


class KeHoach(models.Model):
    """One version of the annual plan of one indicator for one unit from one source
    (`nguon`: "KH tỉnh giao", "NQ HĐND xã giao" …), as the resolution writes it: a
    value, or a bound (≥ a, ≤ a, a range [a, b]). A plan revised during the year is a
    new row with its own effective date (`hieu_luc_tu`) and basis (`can_cu`); a period
    is compared with the version in force at its last day, and every version stays.
    `tien_do` optionally phases the year ({month: expected progress}): the share of the
    annual plan, in %, for a cumulative indicator; the expected value otherwise."""

    class Kieu(models.TextChoices):
        BANG = "bang", "Bằng (một giá trị)"
        TOI_THIEU = "toi_thieu", "Tối thiểu (≥)"
        TOI_DA = "toi_da", "Tối đa (≤)"
        KHOANG = "khoang", "Trong khoảng"

    nam = models.PositiveSmallIntegerField("năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    don_vi = models.ForeignKey(DonVi, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="ke_hoach")
    chi_tieu = models.ForeignKey(ChiTieu, verbose_name="chỉ tiêu", on_delete=models.PROTECT,
                                 related_name="ke_hoach")
    nguon = models.ForeignKey(NguonKeHoach, verbose_name="nguồn kế hoạch", on_delete=models.PROTECT,
                              related_name="ke_hoach")
    hieu_luc_tu = models.DateField("có hiệu lực từ", help_text="Kế hoạch đầu năm: 01/01. Điều chỉnh: ngày hiệu lực "
                                                                 "của văn bản điều chỉnh.")
    kieu = models.CharField("dạng", max_length=10, choices=Kieu.choices, default=Kieu.BANG)
    gia_tri = models.DecimalField("giá trị", max_digits=SO_CHU_SO, decimal_places=SO_THAP_PHAN,
                                  help_text="Với khoảng: cận dưới.")
    gia_tri_den = models.DecimalField("đến (cận trên)", max_digits=SO_CHU_SO, decimal_places=SO_THAP_PHAN,
                                      null=True, blank=True)
    tien_do = models.JSONField("tiến độ theo kỳ", default=dict, blank=True,
                               help_text="{số tháng: kỳ vọng}, ví dụ {\"3\": \"10\", \"6\": \"30\", \"9\": \"60\"}: "
                                         "% kế hoạch năm với chỉ tiêu lũy kế, giá trị với chỉ tiêu khác.")
    can_cu = models.CharField("căn cứ", max_length=500, blank=True,
                              help_text="Ví dụ: Quyết định 19/QĐ-UBND ngày 04/01/2023")
    nguoi_cap_nhat = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người cập nhật",
                                       on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cap_nhat_luc = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-nam", "don_vi__thu_tu", "chi_tieu__thu_tu", "nguon__thu_tu", "hieu_luc_tu"]
        constraints = [
            models.UniqueConstraint(fields=["nam", "don_vi", "chi_tieu", "nguon", "hieu_luc_tu"],
                                    name="ke_hoach_duy_nhat"),
            models.CheckConstraint(condition=Q(nam__gte=2000, nam__lte=2100), name="ke_hoach_nam_hop_le"),
            models.CheckConstraint(condition=Q(hieu_luc_tu__year=models.F("nam")),
                                   name="ke_hoach_hieu_luc_trong_nam"),
            models.CheckConstraint(condition=Q(kieu__in=["bang", "toi_thieu", "toi_da", "khoang"]),
                                   name="ke_hoach_kieu_hop_le"),
            models.CheckConstraint(
                condition=(Q(kieu="khoang", gia_tri_den__isnull=False, gia_tri_den__gte=models.F("gia_tri"))
                           | (~Q(kieu="khoang") & Q(gia_tri_den__isnull=True))),
                name="ke_hoach_khoang_co_hai_dau",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nguon} {self.nam} · {self.don_vi.ten_ngan} · {self.chi_tieu.ma}"

    @property
    def la_dau_nam(self) -> bool:
        return self.hieu_luc_tu == _dau_nam(self.nam)


class ThucHien(models.Model):
    """The reported cumulative value of one indicator for one unit in one period.
    A row exists only while there is a value; clearing a cell deletes the row, and the
    history keeps what it was."""

    ky = models.ForeignKey(KyBaoCao, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="thuc_hien")
    don_vi = models.ForeignKey(DonVi, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="thuc_hien")
    chi_tieu = models.ForeignKey(ChiTieu, verbose_name="chỉ tiêu", on_delete=models.PROTECT,
                                 related_name="thuc_hien")
    gia_tri = models.DecimalField("giá trị", max_digits=SO_CHU_SO, decimal_places=SO_THAP_PHAN)
    la_uoc = models.BooleanField("ước tính", default=False)
    tinh_lai_dia_gioi = models.BooleanField(
        "tính lại theo địa giới mới", default=False, db_default=False,
        help_text="Số của một kỳ trước khi đơn vị được thành lập, do văn phòng tính lại theo địa giới mới để làm "
                  "cùng kỳ; được dùng thay cho số cộng từ các đơn vị tiền thân.")
    ghi_chu = models.TextField("ghi chú", blank=True, max_length=2000)
    nguoi_cap_nhat = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người cập nhật",
                                       on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cap_nhat_luc = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "số liệu thực hiện"
        verbose_name_plural = "số liệu thực hiện"
        ordering = ["-ky__nam", "-ky__so_thang", "don_vi__thu_tu", "chi_tieu__thu_tu"]
        constraints = [
            models.UniqueConstraint(fields=["ky", "don_vi", "chi_tieu"], name="thuc_hien_duy_nhat"),
        ]

    def __str__(self) -> str:
        return f"{self.ky.slug} · {self.don_vi.ten_ngan} · {self.chi_tieu.ma}"


class PhanCong(models.Model):
    """Which units a user works for. Staff (Nhập liệu) write only their units; a leader
    with assignments sees only those units (and the units below them)."""

    nguoi_dung = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người dùng",
                                   on_delete=models.CASCADE, related_name="phan_cong")
    don_vi = models.ForeignKey(DonVi, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="phan_cong")

    class Meta:
        verbose_name = "phân công đơn vị"
        verbose_name_plural = "phân công đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["nguoi_dung", "don_vi"], name="phan_cong_duy_nhat"),
        ]

    def __str__(self) -> str:
        return f"{self.nguoi_dung} → {self.don_vi.ten_ngan}"


class TrangThaiNop(models.Model):
    """Where one unit's figures for one period are in the workflow (DESIGN §6):
    đang nhập → đã gửi → đã duyệt, or trả lại (with a reason) → đang nhập.
    No row means đang nhập."""

    class TrangThai(models.TextChoices):
        DANG_NHAP = "dang_nhap", "Đang nhập"
        DA_GUI = "da_gui", "Đã gửi"
        DA_DUYET = "da_duyet", "Đã duyệt"
        TRA_LAI = "tra_lai", "Trả lại"

    don_vi = models.ForeignKey(DonVi, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="trang_thai_nop")
    ky = models.ForeignKey(KyBaoCao, verbose_name="kỳ báo cáo", on_delete=models.PROTECT,
                           related_name="trang_thai_nop")
    trang_thai = models.CharField("trạng thái", max_length=20, choices=TrangThai.choices,
                                  default=TrangThai.DANG_NHAP)
    ly_do = models.TextField("lý do", blank=True, max_length=2000)
    nguoi_cap_nhat = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người cập nhật",
                                       on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cap_nhat_luc = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "trạng thái nộp số liệu"
        verbose_name_plural = "trạng thái nộp số liệu"
        constraints = [
            models.UniqueConstraint(fields=["don_vi", "ky"], name="trang_thai_nop_duy_nhat"),
            models.CheckConstraint(
                condition=Q(trang_thai__in=["dang_nhap", "da_gui", "da_duyet", "tra_lai"]),
                name="trang_thai_nop_hop_le",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.don_vi.ten_ngan} · {self.ky.slug}: {self.get_trang_thai_display()}"

    @property
    def da_khoa(self) -> bool:
        return self.trang_thai in (self.TrangThai.DA_GUI, self.TrangThai.DA_DUYET)



class KhoaNam(models.Model):
    """The lock of one unit's year. Every write of the unit's plans or actuals of that
    year and every step of its workflow locks this row first (`services`), so they run
    one after another: a plan can never be saved after a period of its year is sent —
    whichever comes second sees what the first did. Created on first use."""

    don_vi = models.ForeignKey(DonVi, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    nam = models.PositiveSmallIntegerField("năm")

    class Meta:
        verbose_name = "khóa năm"
        verbose_name_plural = "khóa năm"
        constraints = [models.UniqueConstraint(fields=["don_vi", "nam"], name="khoa_nam_duy_nhat")]

    def __str__(self) -> str:
        return f"{self.don_vi_id} · {self.nam}"


class TepTam(models.Model):
    """An uploaded Excel file between its preview and its confirmation. The file is read
    once, on upload; what it asks for (`du_lieu`: the cells read and the errors found,
    compressed) is kept instead of the file, so neither a reload of the preview nor the
    confirmation reads it again — they only compare it with the database. Kept in the
    database (not on one server's disk) so any app server can confirm it; found by a
    random token, owned by its uploader, limited per user (count and `kich_thuoc`), and
    deleted when confirmed, cancelled or expired (`manage.py don_tep_tam`, and on login)."""

    ma = models.CharField("mã", max_length=64, unique=True)
    nguoi_dung = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người tải lên", on_delete=models.CASCADE,
                                   related_name="+")
    ten_tep = models.CharField("tên tệp", max_length=255)
    du_lieu = models.BinaryField("dữ liệu đã đọc")
    kich_thuoc = models.PositiveIntegerField("kích thước lưu (byte)")
    tao_luc = models.DateTimeField("tải lên lúc", auto_now_add=True)
    het_han = models.DateTimeField("hết hạn lúc", db_index=True)

    class Meta:
        verbose_name = "tệp Excel tạm"
        verbose_name_plural = "tệp Excel tạm"

    def __str__(self) -> str:
        return self.ten_tep
