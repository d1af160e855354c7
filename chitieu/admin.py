"""The admin: catalog, units, periods, users and assignments for Quản trị; plans,
actuals and the workflow are shown read-only here — they change only through the entry
pages and imports, which record who and why (`chitieu.services`). Access is decided by
`chitieu.quyen`, not by Django's per-model permissions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, Permission, User
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Max, Q
from django.utils.functional import cached_property
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin

from . import dinh_dang, quyen, resources, selectors
from .doc_xlsx import LoiTep
from .ky_tu import ten_hop_le
from . import ke_thua
from .models import (BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KeHoach, KeThua, KyBaoCao, NguonCuaBo, NguonKeHoach,
                     PhanCong, ThucHien, TrangThaiNop)


class ChiQuanTri:
    """Everything for Quản trị, nothing for anyone else."""

    def has_module_permission(self, request):
        return quyen.la_quan_tri(request.user)

    def has_view_permission(self, request, obj=None):
        return quyen.la_quan_tri(request.user)

    def has_add_permission(self, request, *args):
        return quyen.la_quan_tri(request.user)

    def has_change_permission(self, request, obj=None):
        return quyen.la_quan_tri(request.user)

    def has_delete_permission(self, request, obj=None):
        return quyen.la_quan_tri(request.user)


class ChiXem(ChiQuanTri):
    """Read-only: the figures change only through `chitieu.services`."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FormXuat(SelectableFieldsExportForm):
    """The export form, with the script that makes "Select all" work under the
    Content-Security-Policy (the library wires it with an inline handler, which is blocked)."""

    @property
    def media(self):
        return super().media + forms.Media(js=["js/xuat_chon_tat_ca.js"])


class ExcelQuanTri:
    """Excel import/export in the admin, for Quản trị only (`quyen`): .xlsx only, written
    and read like every other .xlsx of the project (`resources.XlsxAnToan`)."""

    formats = [resources.XlsxAnToan]
    export_form_class = FormXuat

    def has_import_permission(self, request):
        return quyen.la_quan_tri(request.user)

    def has_export_permission(self, request):
        return quyen.la_quan_tri(request.user)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, LoiTep):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


class XuatSoLieu(ExcelQuanTri, ExportMixin):
    """Figures: export in the long format here; import goes through the Excel pages,
    which preview every cell and write through `chitieu.services` with history."""

    import_export_change_list_template = "admin/chitieu/change_list_so_lieu.html"


admin.site.site_header = "Theo dõi chỉ tiêu KT-XH — Quản trị"
admin.site.site_title = "Quản trị chỉ tiêu KT-XH"
admin.site.index_title = "Danh mục và số liệu"


class TienThanInline(ChiQuanTri, admin.TabularInline):
    """The units a unit succeeded, on the unit's own page."""

    model = KeThua
    fk_name = "don_vi_moi"
    extra = 0
    autocomplete_fields = ["don_vi_cu"]
    fields = ["don_vi_cu", "ty_le", "ngay_hieu_luc", "can_cu"]
    verbose_name = "đơn vị tiền thân"
    verbose_name_plural = "đơn vị tiền thân (kế thừa)"


@admin.register(DonVi)
class DonViAdmin(ExcelQuanTri, ImportExportMixin, ChiQuanTri, SimpleHistoryAdmin):
    resource_classes = [resources.DonViResource]
    list_display = ["ma", "ten", "cap", "cha", "ma_dvhc", "thu_tu", "ngay_thanh_lap", "ngay_ngung_hoat_dong"]
    list_filter = ["cap", ("ngay_thanh_lap", admin.EmptyFieldListFilter),
                   ("ngay_ngung_hoat_dong", admin.EmptyFieldListFilter)]
    search_fields = ["ma", "ten", "ten_ngan", "ma_dvhc"]
    list_select_related = ["cha"]
    autocomplete_fields = ["cha"]
    ordering = ["thu_tu", "ten_ngan"]
    inlines = [TienThanInline]


def canh_bao_ty_le(request) -> None:
    """The warning (not an error) that some old unit's shares add up to less than 100 %."""
    thieu = ke_thua.ty_le_chua_du()
    if thieu:
        messages.warning(request, "Tổng tỷ lệ chuyển sang đơn vị mới chưa đủ 100 % ở: " + "; ".join(
            f"{dv} ({ke_thua.viet_ty_le(tong)})" for dv, tong in thieu[:20])
            + (f" và {len(thieu) - 20} đơn vị khác" if len(thieu) > 20 else "")
            + ". Phần còn lại không được tính vào cùng kỳ của đơn vị mới nào.")


@admin.register(KeThua)
class KeThuaAdmin(ExcelQuanTri, ImportExportMixin, ChiQuanTri, SimpleHistoryAdmin):
    resource_classes = [resources.KeThuaResource]
    list_display = ["don_vi_moi", "don_vi_cu", "ty_le_phan_tram", "ngay_hieu_luc", "can_cu"]
    list_filter = ["ngay_hieu_luc"]
    search_fields = ["don_vi_moi__ten", "don_vi_moi__ma", "don_vi_cu__ten", "don_vi_cu__ma", "can_cu"]
    list_select_related = ["don_vi_moi", "don_vi_cu"]
    autocomplete_fields = ["don_vi_moi", "don_vi_cu"]

    @admin.display(description="tỷ lệ", ordering="ty_le")
    def ty_le_phan_tram(self, kt):
        return ke_thua.viet_ty_le(kt.ty_le)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            canh_bao_ty_le(request)
        return super().changelist_view(request, extra_context)


@admin.register(KyBaoCao)
class KyBaoCaoAdmin(ChiQuanTri, admin.ModelAdmin):
    list_display = ["__str__", "nam", "so_thang", "bieu_mau_excel"]

    @admin.display(description="biểu mẫu Excel")
    def bieu_mau_excel(self, ky):
        return format_html('<a href="{}">Tải biểu mẫu (mọi đơn vị)</a>', reverse("chitieu-excel-bieu-mau-ky",
                                                                                  args=[ky.slug]))
    list_filter = ["nam", "so_thang"]
    search_fields = ["nam"]


@admin.register(ChiTieu)
class ChiTieuAdmin(ExcelQuanTri, ImportExportMixin, ChiQuanTri, SimpleHistoryAdmin):
    resource_classes = [resources.ChiTieuResource]
    list_display = ["ma", "ten", "ten_ngan", "don_vi_tinh", "linh_vuc", "loai", "chieu", "tong_hop", "so_le", "cha",
                    "thu_tu"]
    list_filter = ["linh_vuc", "loai", "chieu", "tong_hop"]
    search_fields = ["ma", "ten", "ten_ngan"]
    list_select_related = ["cha"]
    autocomplete_fields = ["cha", "chi_tieu_goc"]
    fieldsets = [
        (None, {"fields": ["ma", "ten", "ten_ngan", "don_vi_tinh", "linh_vuc", "cha", "thu_tu"],
                "description": "Chỉ tiêu mới chưa hiện ở đâu cho đến khi được thêm vào một bộ chỉ tiêu."}),
        ("Cách tính", {"fields": ["loai", "chieu", "tong_hop", "tong_cac_con", "chi_tieu_goc", "so_le",
                                  "cho_phep_am"]}),
    ]

    def get_changeform_initial_data(self, request):
        """A new indicator goes to the end of the catalog, not before CT01."""
        return {"thu_tu": (ChiTieu.objects.aggregate(m=Max("thu_tu"))["m"] or 0) + 10,
                **super().get_changeform_initial_data(request)}


@admin.register(NguonKeHoach)
class NguonKeHoachAdmin(ChiQuanTri, SimpleHistoryAdmin):
    list_display = ["ma", "ten", "ten_ngan", "mo_ta", "thu_tu"]
    search_fields = ["ma", "ten"]
    ordering = ["thu_tu", "ma"]


class ChiTieuTrongBoInline(admin.TabularInline):
    model = ChiTieuTrongBo
    extra = 1
    autocomplete_fields = ["chi_tieu"]
    fields = ["chi_tieu", "thu_tu", "tu_nam", "den_nam"]
    ordering = ["thu_tu"]

    def has_view_permission(self, request, obj=None):
        return quyen.la_quan_tri(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    def get_formset(self, request, obj=None, **kwargs):
        """A new row defaults to the end of the set's order and to the current year, so an
        indicator added today does not appear in the set's earlier, reported years."""
        formset = super().get_formset(request, obj, **kwargs)
        cuoi = (obj.chi_tieu_trong_bo.aggregate(m=Max("thu_tu"))["m"] or 0) if obj else 0
        formset.form.base_fields["thu_tu"].initial = cuoi + 10
        formset.form.base_fields["tu_nam"].initial = timezone.localdate().year
        return formset


class NguonCuaBoInline(admin.TabularInline):
    model = NguonCuaBo
    extra = 1
    fields = ["nguon", "thu_tu", "chinh"]

    def has_view_permission(self, request, obj=None):
        return quyen.la_quan_tri(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(BoChiTieu)
class BoChiTieuAdmin(ChiQuanTri, SimpleHistoryAdmin):
    list_display = ["ten", "tu_nam", "den_nam", "pham_vi", "cap", "so_chi_tieu"]
    list_filter = ["cap", "tu_nam"]
    search_fields = ["ten"]
    autocomplete_fields = ["pham_vi", "cac_don_vi"]
    inlines = [NguonCuaBoInline, ChiTieuTrongBoInline]
    fieldsets = [
        (None, {"fields": ["ten", "tu_nam", "den_nam"]}),
        ("Áp dụng cho", {"fields": ["pham_vi", "cap", "cac_don_vi"],
                         "description": "Các đơn vị thuộc một đơn vị (kể cả chính nó) ở một cấp, hoặc liệt kê từng "
                                        "đơn vị. Đơn vị khớp nhiều bộ: bộ liệt kê đích danh được ưu tiên, rồi bộ có "
                                        "cả phạm vi và cấp, rồi chỉ phạm vi, rồi chỉ cấp."}),
    ]

    @admin.display(description="số chỉ tiêu")
    def so_chi_tieu(self, bo):
        return bo.chi_tieu_trong_bo.count()

    def save_related(self, request, form, formsets, change):
        truoc = {(t.chi_tieu_id, t.tu_nam, t.den_nam) for t in form.instance.chi_tieu_trong_bo.all()}
        super().save_related(request, form, formsets, change)
        bo = form.instance
        sau = {(t.chi_tieu_id, t.tu_nam, t.den_nam) for t in bo.chi_tieu_trong_bo.all()}
        if not bo.nguon.filter(chinh=True).exists() and bo.nguon.exists():
            messages.warning(request, f"Bộ “{bo}” chưa có nguồn kế hoạch nào được đánh dấu “dùng để đánh giá tiến "
                                      "độ”: trạng thái sẽ tính theo nguồn đầu tiên có kế hoạch.")
        if change and (ky := ky_da_nop_bi_anh_huong(bo, truoc ^ sau)):
            ten = ", ".join(ky[:8]) + (f" và {len(ky) - 8} kỳ khác" if len(ky) > 8 else "")
            messages.warning(request, f"Thay đổi chỉ tiêu của bộ “{bo}” làm thay đổi các kỳ đã gửi hoặc đã duyệt: "
                                      f"{ten}. Số chỉ tiêu (X/N) và báo cáo của các kỳ đó sẽ khác trước.")


def ky_da_nop_bi_anh_huong(bo: BoChiTieu, thay_doi: set[tuple]) -> list[str]:
    """The sent or approved periods ("An Lão · 6 tháng đầu năm 2023") whose indicators
    change when the memberships `thay_doi` ((indicator, from year, to year)) are added
    to or removed from the set: those of the set's units, in the years both cover."""
    if not thay_doi:
        return []
    nam_co_nop = sorted(set(TrangThaiNop.objects.filter(
        trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET]).values_list("ky__nam", flat=True)))
    cac_don_vi = list(DonVi.objects.all())
    ket_qua = []
    for nam in nam_co_nop:
        if not bo.ap_dung_nam(nam) or not any((tu or 0) <= nam <= (den or 9999) for _, tu, den in thay_doi):
            continue
        bo_cua = selectors.bo_theo_don_vi(cac_don_vi, nam)
        ids = [dv_id for dv_id, b in bo_cua.items() if b is not None and b.id == bo.id]
        for tt in TrangThaiNop.objects.filter(
                ky__nam=nam, don_vi_id__in=ids,
                trang_thai__in=[TrangThaiNop.TrangThai.DA_GUI, TrangThaiNop.TrangThai.DA_DUYET]
        ).select_related("don_vi", "ky").order_by("ky__so_thang", "don_vi__thu_tu"):
            ket_qua.append(f"{tt.don_vi.ten_ngan} · {tt.ky.ten}")
    return ket_qua


class PhanTrangUocLuong(Paginator):
    """The paginator of the admin lists of figures (~700,000 actuals at national scale):
    an unfiltered list takes PostgreSQL's estimate of the table's rows (pg_class.reltuples,
    kept by ANALYZE and autovacuum) instead of a COUNT(*) over all of them; a filtered or
    searched list, or a table below NGUONG rows, is counted exactly."""

    NGUONG = 100_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if connection.vendor == "postgresql" and not qs.query.where:
            with connection.cursor() as con_tro:
                con_tro.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                                [qs.model._meta.db_table])
                hang = con_tro.fetchone()
            if hang and hang[0] >= self.NGUONG:
                return hang[0]
        return super().count


class GiaTriNhuDaLuu:
    """The figures' values written as stored and as the rest of the product writes them
    ("447.142", "12,5"), not with the column's six decimal places ("447142,000000"), in the
    list and on the view page."""

    THAY = {"gia_tri": "gia_tri_viet", "gia_tri_den": "gia_tri_den_viet"}

    @admin.display(description="giá trị", ordering="gia_tri")
    def gia_tri_viet(self, obj) -> str | None:
        return dinh_dang.so_chinh_xac(obj.gia_tri) or None  # None: the admin's own mark for empty

    @admin.display(description="đến (cận trên)", ordering="gia_tri_den")
    def gia_tri_den_viet(self, obj) -> str | None:
        return dinh_dang.so_chinh_xac(obj.gia_tri_den) or None

    def _thay(self) -> dict[str, str]:
        """The model's value fields → the methods that write them."""
        return {goc: moi for goc, moi in self.THAY.items() if any(f.name == goc for f in self.model._meta.fields)}

    def get_list_display(self, request):
        return [self._thay().get(ten, ten) for ten in super().get_list_display(request)]

    def get_fields(self, request, obj=None):
        """The model's fields in their order, each value field replaced where it stands
        (the admin would add the methods again at the end, as read-only fields)."""
        ket_qua = []
        for ten in super().get_fields(request, obj):
            ten = self._thay().get(ten, ten)
            if ten not in ket_qua:
                ket_qua.append(ten)
        return ket_qua

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self._thay().values()]


class DanhSachSoLieuLon:
    """Admin lists of a table of hundreds of thousands of figures: an estimated count
    (`PhanTrangUocLuong`), no second count for "x of y" when filtered, newest first by
    the primary key (the models' own order joins three tables and sorts them all), and
    no filter listing every unit (3,000 links): search by the unit's name or code."""

    paginator = PhanTrangUocLuong
    show_full_result_count = False
    ordering = ["-id"]

    def get_search_results(self, request, queryset, search_term):
        """Each word must match a unit (name, short name, code) or an indicator (code, name),
        looked up in their own small tables first; the figures are then taken by those ids
        on indexed columns. Joining and scanning the figures (and their notes) for each word,
        as the admin does by default, took 19 s over 3.2 million figures; notes are read on
        the unit's pages and in the history, not searched here."""
        for tu in smart_split(search_term):
            tu = unescape_string_literal(tu) if tu[0] in "\"'" and tu[-1] == tu[0] else tu
            don_vi = list(DonVi.objects.filter(Q(ten__icontains=tu) | Q(ten_ngan__icontains=tu) | Q(ma__icontains=tu))
                          .values_list("id", flat=True))
            chi_tieu = list(ChiTieu.objects.filter(Q(ma__icontains=tu) | Q(ten__icontains=tu)).values_list("id", flat=True))
            queryset = queryset.filter(Q(don_vi_id__in=don_vi) | Q(chi_tieu_id__in=chi_tieu))
        return queryset, False


class LocNamKeHoach(admin.SimpleListFilter):
    """The plans' years from the periods' table (a few dozen rows), not a DISTINCT over
    every plan (290 ms a page at a million plans)."""

    title = "năm"
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        return [(str(n), str(n)) for n in KyBaoCao.objects.order_by("-nam").values_list("nam", flat=True).distinct()]

    def queryset(self, request, queryset):
        gia_tri = self.value()
        if gia_tri and gia_tri.isascii() and gia_tri.isdigit():
            return queryset.filter(nam=int(gia_tri))
        return queryset


@admin.register(KeHoach)
class KeHoachAdmin(GiaTriNhuDaLuu, DanhSachSoLieuLon, XuatSoLieu, ChiXem, SimpleHistoryAdmin):
    resource_classes = [resources.KeHoachResource]
    list_display = ["nam", "don_vi", "chi_tieu", "nguon", "kieu", "gia_tri", "gia_tri_den", "hieu_luc_tu", "can_cu",
                    "nguoi_cap_nhat", "cap_nhat_luc"]
    list_filter = [LocNamKeHoach, "nguon", "kieu", "chi_tieu__linh_vuc"]
    search_fields = ["don_vi__ten", "don_vi__ma", "chi_tieu__ma", "chi_tieu__ten"]  # see get_search_results
    list_select_related = ["don_vi", "chi_tieu", "nguon", "nguoi_cap_nhat"]
    autocomplete_fields = ["don_vi", "chi_tieu"]
    readonly_fields = ["nguoi_cap_nhat", "cap_nhat_luc"]


@admin.register(ThucHien)
class ThucHienAdmin(GiaTriNhuDaLuu, DanhSachSoLieuLon, XuatSoLieu, ChiXem, SimpleHistoryAdmin):
    resource_classes = [resources.ThucHienResource]
    list_display = ["ky", "don_vi", "chi_tieu", "gia_tri", "la_uoc", "nguoi_cap_nhat", "cap_nhat_luc"]
    list_filter = ["ky", "la_uoc", "chi_tieu__linh_vuc"]
    search_fields = ["don_vi__ten", "don_vi__ma", "chi_tieu__ma", "chi_tieu__ten"]  # see get_search_results
    list_select_related = ["ky", "don_vi", "chi_tieu", "nguoi_cap_nhat"]
    autocomplete_fields = ["don_vi", "chi_tieu"]
    readonly_fields = ["nguoi_cap_nhat", "cap_nhat_luc"]


@admin.register(PhanCong)
class PhanCongAdmin(ChiQuanTri, admin.ModelAdmin):
    list_display = ["nguoi_dung", "don_vi"]
    list_filter = ["don_vi"]
    search_fields = ["nguoi_dung__username", "nguoi_dung__first_name", "nguoi_dung__last_name", "don_vi__ten"]
    list_select_related = ["nguoi_dung", "don_vi"]
    autocomplete_fields = ["nguoi_dung", "don_vi"]


@admin.register(TrangThaiNop)
class TrangThaiNopAdmin(ChiXem, SimpleHistoryAdmin):
    list_display = ["don_vi", "ky", "trang_thai", "ly_do", "nguoi_cap_nhat", "cap_nhat_luc"]
    list_filter = ["trang_thai", "ky", "don_vi"]
    search_fields = ["don_vi__ten", "ly_do"]
    list_select_related = ["don_vi", "ky", "nguoi_cap_nhat"]
    readonly_fields = ["nguoi_cap_nhat", "cap_nhat_luc"]


admin.site.unregister(User)
admin.site.unregister(Group)


class PhanCongInline(admin.TabularInline):
    model = PhanCong
    fk_name = "nguoi_dung"
    extra = 1
    autocomplete_fields = ["don_vi"]
    verbose_name_plural = "đơn vị được phân công"

    def has_view_permission(self, request, obj=None):
        return quyen.la_quan_tri(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class FormNguoiDung(UserChangeForm):
    """A user's names are names: no control characters, no line breaks (`ky_tu`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for ten in ("first_name", "last_name"):
            if ten in self.fields:
                self.fields[ten].validators.append(ten_hop_le)


HANH_DONG_QUYEN = {"add": "Được thêm", "change": "Được sửa", "delete": "Được xóa", "view": "Được xem"}


def ten_quyen(quyen_django: Permission) -> str:
    """A Django permission in Vietnamese ("Được sửa chỉ tiêu"): the stored names are
    English ("Can change chỉ tiêu"), written once by `migrate`, whatever the language."""
    hanh_dong = quyen_django.codename.split("_", 1)[0]
    lop = quyen_django.content_type.model_class()
    if hanh_dong not in HANH_DONG_QUYEN or lop is None:
        return quyen_django.name
    return f"{HANH_DONG_QUYEN[hanh_dong]} {lop._meta.verbose_name}"


class QuyenTiengViet:
    """Permission pickers (a user's, a role's) list permissions in Vietnamese."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        truong = super().formfield_for_manytomany(db_field, request, **kwargs)
        if truong is not None and db_field.remote_field.model is Permission:
            truong.queryset = truong.queryset.select_related("content_type")
            truong.label_from_instance = ten_quyen
        return truong


@admin.register(User)
class NguoiDungAdmin(QuyenTiengViet, ChiQuanTri, UserAdmin):
    """Users, roles and units. A Quản trị who is not a superuser cannot give rights it
    does not have — superuser status, Django permissions — to anyone, itself included,
    and cannot change or delete a superuser's account (its password included)."""

    form = FormNguoiDung
    inlines = [PhanCongInline]
    # One form for a new user: account, name, role (vai trò) and, below, its units.
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Thông tin cá nhân", {"fields": ("first_name", "last_name", "email")}),
        ("Vai trò", {"fields": ("groups",),
                     "description": "Vai trò quyết định người dùng được làm gì; đơn vị được phân công chọn ở phần dưới."}),
    )
    list_display = ["username", "first_name", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["groups", "is_active", "is_staff"]

    def get_readonly_fields(self, request, obj=None):
        chi_doc = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            chi_doc += ["is_superuser", "user_permissions"]  # staff status it has: only staff reach the admin
        return chi_doc

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Group)
class VaiTroAdmin(QuyenTiengViet, ChiQuanTri, GroupAdmin):
    pass
