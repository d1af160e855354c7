"""The long format: one row per value, keyed by codes.

    actuals: ma_don_vi, ky (2023-6t), ma_chi_tieu, gia_tri, la_uoc, ghi_chu
    plans:   nam, ma_don_vi, ma_chi_tieu, nguon (a plan source's code), gia_tri (a number, or a
             bound as written: "≥ 10,27", "8,8–9,4"), hieu_luc_tu (dd/mm/yyyy; blank: 1 January,
             the first version — a later date is a revision), can_cu, tien_do ("3: 10; 6: 30")
             — files written before plan sources existed have cap_giao (tinh/huyen) instead of
             nguon, read as the sources "kh-tinh" / "kh-huyen".

Export uses django-import-export resources (the admin's "Xuất" button); import of
figures is read here and goes through the same preview → confirm pipeline as the
district form (`bieu_mau`), which writes through `chitieu.services` with history.
The catalog and the units are imported by the admin itself (Quản trị only), keyed by
their codes.
"""

from __future__ import annotations

from datetime import date, datetime

import tablib
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from . import bieu_mau, dinh_dang, selectors, services, tai_ve
from .ky_tu import loi_ky_tu
from .models import ChiTieu, DonVi, KeHoach, KeThua, ThucHien

COT_THUC_HIEN = ["ma_don_vi", "ky", "ma_chi_tieu", "gia_tri", "la_uoc", "ghi_chu"]
COT_KE_HOACH = ["nam", "ma_don_vi", "ma_chi_tieu", "nguon", "gia_tri", "hieu_luc_tu", "can_cu", "tien_do"]
CAP_GIAO_CU = {"tinh": "kh-tinh", "huyen": "kh-huyen"}


class KhongCongThuc(widgets.CharWidget):
    """A name. Text that a spreadsheet would run as a formula (= + - @) is exported with
    a leading apostrophe (`tai_ve.van_ban_o`); on import the apostrophe is dropped again,
    and a name that starts with "=" without it, or holds a character a name may not
    (`ky_tu`), is refused with a message."""

    def render(self, value, obj=None, **kwargs):
        return tai_ve.van_ban_o(super().render(value, obj, **kwargs) or "")

    def clean(self, value, row=None, **kwargs):
        van_ban = (super().clean(value, row, **kwargs) or "").strip()
        if van_ban.startswith("="):
            raise ValueError(f"“{van_ban[:40]}” bắt đầu bằng dấu “=” (công thức) nên không nhận; nếu là văn bản, "
                             "gõ dấu ' ở đầu.")
        van_ban = bieu_mau.bo_thoat_cong_thuc(van_ban)
        if thong_bao := loi_ky_tu(van_ban, "Tên", mot_dong=True):
            raise ValueError(thong_bao)
        return van_ban


class SoWidget(widgets.Widget):
    """A stored Decimal as a plain spreadsheet number, exactly."""

    def render(self, value, obj=None, **kwargs):
        return bieu_mau._so_cho_excel(value)

    def clean(self, value, row=None, **kwargs):
        return bieu_mau.doc_so_o(value)


class CoWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return 1 if value else 0

    def clean(self, value, row=None, **kwargs):
        return bieu_mau.doc_co(value)


class ThucHienResource(resources.ModelResource):
    ma_don_vi = fields.Field("don_vi__ma", "ma_don_vi", readonly=True)
    ky = fields.Field(attribute="ky", column_name="ky", readonly=True)
    ma_chi_tieu = fields.Field("chi_tieu__ma", "ma_chi_tieu", readonly=True)
    gia_tri = fields.Field("gia_tri", "gia_tri", widget=SoWidget())
    la_uoc = fields.Field("la_uoc", "la_uoc", widget=CoWidget())
    ghi_chu = fields.Field("ghi_chu", "ghi_chu", widget=KhongCongThuc())

    class Meta:
        model = ThucHien
        fields = COT_THUC_HIEN
        export_order = COT_THUC_HIEN

    def dehydrate_ky(self, th):
        return th.ky.slug

    def get_export_queryset(self, request=None, **kwargs):
        return ThucHien.objects.select_related("ky", "don_vi", "chi_tieu").order_by(
            "ky__nam", "ky__so_thang", "don_vi__thu_tu", "don_vi__ma", "chi_tieu__thu_tu", "chi_tieu__ma")


class KeHoachResource(resources.ModelResource):
    """Every plan version, one row each (export only; import goes through the preview)."""

    nam = fields.Field("nam", "nam", widget=widgets.IntegerWidget())
    ma_don_vi = fields.Field("don_vi__ma", "ma_don_vi", readonly=True)
    ma_chi_tieu = fields.Field("chi_tieu__ma", "ma_chi_tieu", readonly=True)
    nguon = fields.Field("nguon__ma", "nguon", readonly=True)
    gia_tri = fields.Field(attribute="gia_tri", column_name="gia_tri", readonly=True)
    hieu_luc_tu = fields.Field(attribute="hieu_luc_tu", column_name="hieu_luc_tu", readonly=True)
    can_cu = fields.Field("can_cu", "can_cu", widget=KhongCongThuc())
    tien_do = fields.Field(attribute="tien_do", column_name="tien_do", readonly=True)

    class Meta:
        model = KeHoach
        fields = COT_KE_HOACH
        export_order = COT_KE_HOACH

    def dehydrate_gia_tri(self, kh):
        """A value as a spreadsheet number; a bound as written ("≥ 10,27", "8,8–9,4")."""
        if kh.kieu == dinh_dang.BANG:
            return bieu_mau._so_cho_excel(kh.gia_tri)
        return dinh_dang.ke_hoach_chinh_xac(kh.kieu, kh.gia_tri, kh.gia_tri_den)

    def dehydrate_hieu_luc_tu(self, kh):
        return "" if kh.la_dau_nam else f"{kh.hieu_luc_tu:%d/%m/%Y}"

    def dehydrate_tien_do(self, kh):
        return dinh_dang.viet_tien_do(selectors.doc_tien_do(kh.tien_do))

    def get_export_queryset(self, request=None, **kwargs):
        return KeHoach.objects.select_related("don_vi", "chi_tieu", "nguon").order_by(
            "nam", "don_vi__thu_tu", "don_vi__ma", "chi_tieu__thu_tu", "chi_tieu__ma", "nguon__thu_tu", "hieu_luc_tu")


class MaDvhcWidget(widgets.CharWidget):
    """An official code: blank is none; a code a spreadsheet turned into a number (21610,
    or 1 for "01") gets back its leading zeros by the unit's level (2, 3 or 5 digits)."""

    DO_DAI = {"tinh": 2, "huyen": 3, "xa": 5}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        chu = "" if value is None else str(value).strip()
        if not chu:
            return None
        if isinstance(value, int) and row is not None:
            chu = chu.zfill(self.DO_DAI.get(str(row.get("cap") or "").strip(), 0))
        return chu


class DonViResource(resources.ModelResource):
    """Units keyed by `ma`; the parent by its code."""

    cha = fields.Field("cha", "ma_cha", widget=widgets.ForeignKeyWidget(DonVi, field="ma"))
    ma_dvhc = fields.Field("ma_dvhc", "ma_dvhc", widget=MaDvhcWidget())
    ten = fields.Field("ten", "ten", widget=KhongCongThuc())
    ten_ngan = fields.Field("ten_ngan", "ten_ngan", widget=KhongCongThuc())

    class Meta:
        model = DonVi
        import_id_fields = ["ma"]
        fields = ["ma", "ten", "ten_ngan", "cap", "cha", "ma_dvhc", "thu_tu", "ngay_thanh_lap", "ngay_ngung_hoat_dong"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        use_transactions = True
        clean_model_instances = True  # the model's validators (codes, names) apply to imports too


class KeThuaResource(resources.ModelResource):
    """Succession in the long format: one row per (new unit, old unit), units by code.
    The model's rules (share in (0, 1], shares of an old unit ≤ 100 %, no cycles) apply
    to every row, and a file with any bad row imports nothing."""

    don_vi_moi = fields.Field("don_vi_moi", "ma_don_vi_moi", widget=widgets.ForeignKeyWidget(DonVi, field="ma"))
    don_vi_cu = fields.Field("don_vi_cu", "ma_don_vi_cu", widget=widgets.ForeignKeyWidget(DonVi, field="ma"))
    can_cu = fields.Field("can_cu", "can_cu", widget=KhongCongThuc())

    class Meta:
        model = KeThua
        import_id_fields = ["don_vi_moi", "don_vi_cu"]
        fields = ["don_vi_moi", "don_vi_cu", "ty_le", "ngay_hieu_luc", "can_cu"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        use_transactions = True
        clean_model_instances = True


class ChiTieuResource(resources.ModelResource):
    """The catalog keyed by `ma`; parent and base indicator by their codes."""

    ten = fields.Field("ten", "ten", widget=KhongCongThuc())
    ten_ngan = fields.Field("ten_ngan", "ten_ngan", widget=KhongCongThuc())
    don_vi_tinh = fields.Field("don_vi_tinh", "don_vi_tinh", widget=KhongCongThuc())
    cha = fields.Field("cha", "ma_cha", widget=widgets.ForeignKeyWidget(ChiTieu, field="ma"))
    chi_tieu_goc = fields.Field("chi_tieu_goc", "ma_chi_tieu_goc", widget=widgets.ForeignKeyWidget(ChiTieu, field="ma"))

    class Meta:
        model = ChiTieu
        import_id_fields = ["ma"]
        fields = ["ma", "ten", "ten_ngan", "don_vi_tinh", "linh_vuc", "cha", "loai", "chieu", "tong_hop",
                  "tong_cac_con", "chi_tieu_goc", "so_le", "cho_phep_am", "thu_tu"]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        use_transactions = True
        clean_model_instances = True


class XlsxAnToan(base_formats.XLSX):
    """The admin's .xlsx format: exported cell by cell through `tai_ve` (text never a
    formula), imported through the upload budget (`doc_xlsx`) like every other upload —
    the first sheet, its first row the column names."""

    def create_dataset(self, in_stream):
        sheet = bieu_mau.mo_tep(bytes(in_stream))[0]
        dataset = tablib.Dataset()
        if sheet.dong:
            dataset.headers = sheet.dong[0][1]
            rong = len(dataset.headers)
            for _, hang in sheet.dong[1:]:
                dataset.append((hang + [None] * rong)[:rong])
        return dataset

    def export_data(self, dataset, **kwargs):
        return tai_ve.xlsx_bang(dataset.title or "Dữ liệu", dataset.headers or [], dataset)


def xuat_dang_dai(resource: resources.ModelResource, queryset=None) -> bytes:
    """The long format of a resource as .xlsx bytes, written cell by cell by `tai_ve`."""
    dataset = resource.export(queryset)
    return tai_ve.xlsx_bang(str(resource._meta.model._meta.verbose_name_plural), dataset.headers, dataset)


# -- reading the long format ----------------------------------------------------------

def _tim_tieu_de(sheet: bieu_mau.Sheet):
    for i, (r, hang) in enumerate(sheet.dong[:20]):
        chu = [bieu_mau.chuan_hoa(v) for v in hang]
        if "ma_don_vi" in chu and "ma_chi_tieu" in chu and "gia_tri" in chu:
            cot = {t: c for c, t in enumerate(chu, start=1) if t}
            return i, r, cot
    return None


def _doc_ngay(gia_tri) -> date:
    """A date cell: a spreadsheet date, or text dd/mm/yyyy."""
    if isinstance(gia_tri, datetime):
        return gia_tri.date()
    if isinstance(gia_tri, date):
        return gia_tri
    chu = str(gia_tri).strip()
    try:
        return datetime.strptime(chu, "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"Ngày “{chu}” không hợp lệ (viết dd/mm/yyyy, ví dụ 01/10/2023).") from None


def doc_dang_dai(sheet: bieu_mau.Sheet, dm: bieu_mau.DanhMuc, kq: bieu_mau.KetQuaDoc) -> bool:
    """Reads one long-format sheet into `kq`; False when the sheet is not one. Every bad
    cell is reported as sheet!cell with its row and column name."""
    tim = _tim_tieu_de(sheet)
    if tim is None:
        return False
    i, r_td, cot = tim
    s = sheet.ten
    la_ke_hoach = "nguon" in cot or "cap_giao" in cot or "nam" in cot
    can = COT_KE_HOACH if la_ke_hoach else COT_THUC_HIEN
    tuy_chon = ("la_uoc", "ghi_chu", "can_cu", "hieu_luc_tu", "tien_do") + (("nguon",) if "cap_giao" in cot else ())
    thieu = [c for c in can if c not in cot and c not in tuy_chon]
    if thieu:
        kq.them_loi(bieu_mau.vi_tri(s, r_td, 1), "Dòng tiêu đề thiếu cột " + ", ".join(thieu) + ".")
        return True
    kq.so_sheet += 1

    def o(r, ten):
        return bieu_mau.vi_tri(s, r, cot[ten]) + f" (dòng {r}, cột {ten})"

    for r, hang in sheet.dong[i + 1:]:
        def lay(ten):
            c = cot.get(ten)
            return hang[c - 1] if c and c - 1 < len(hang) else None

        kq.so_dong += 1
        loi = False
        ma_dv = str(lay("ma_don_vi") or "").strip()
        don_vi = dm.don_vi.get(ma_dv)
        if don_vi is None:
            kq.them_loi(o(r, "ma_don_vi"), f"Mã đơn vị “{ma_dv}” không có." if ma_dv else "Thiếu mã đơn vị.")
            loi = True
        ma_ct = bieu_mau.bo_thoat_cong_thuc(str(lay("ma_chi_tieu") or "").strip())
        ct = dm.chi_tieu.get(ma_ct)
        if ct is None:
            kq.them_loi(o(r, "ma_chi_tieu"), f"Mã chỉ tiêu “{ma_ct}” không có trong danh mục." if ma_ct
                        else "Thiếu mã chỉ tiêu.")
            loi = True
        kieu, den = dinh_dang.BANG, None
        try:
            if la_ke_hoach:
                bieu_mau.kiem_cong_thuc(sheet, r, cot["gia_tri"], lay("gia_tri"))
                kieu, gia_tri, den = bieu_mau.doc_ke_hoach_o(lay("gia_tri"))
            else:
                gia_tri = bieu_mau.doc_so_cua(sheet, r, cot["gia_tri"], lay("gia_tri"))
        except dinh_dang.LoiNhapSo as e:
            kq.them_loi(o(r, "gia_tri"), str(e))
            loi = True
        else:
            if ct is not None:
                gia_tri = bieu_mau.lam_tron_o(kq, o(r, "gia_tri"), ct, gia_tri, lay("gia_tri"))
        doc_duoc = bieu_mau.doc_duoc(lay("gia_tri"))
        if la_ke_hoach:
            nam_chu = lay("nam")
            try:
                nam = int(str(nam_chu).strip()) if nam_chu not in (None, "") else None
            except ValueError:
                nam = None
            if nam is None or not 2000 <= nam <= 2100:
                kq.them_loi(o(r, "nam"), f"Năm “{nam_chu if nam_chu is not None else ''}” không hợp lệ.")
                loi = True
            if "nguon" in cot:
                ma_nguon = bieu_mau.chuan_hoa(lay("nguon"))
                nguon = dm.nguon.get(ma_nguon)
                if nguon is None:
                    kq.them_loi(o(r, "nguon"), f"Nguồn kế hoạch “{lay('nguon') or ''}” không có (mã nguồn, ví dụ "
                                               f"{', '.join(sorted(dm.nguon)) or 'kh-tinh'}).")
                    loi = True
            else:
                nguon = dm.nguon.get(CAP_GIAO_CU.get(bieu_mau.chuan_hoa(lay("cap_giao")), ""))
                if nguon is None:
                    kq.them_loi(o(r, "cap_giao"), f"Cấp giao “{lay('cap_giao') or ''}” không hợp lệ (chỉ “tinh” "
                                                  "hoặc “huyen”; tệp mới dùng cột nguon).")
                    loi = True
            hieu_luc_tu = None
            if "hieu_luc_tu" in cot and lay("hieu_luc_tu") not in (None, ""):
                try:
                    hieu_luc_tu = _doc_ngay(lay("hieu_luc_tu"))
                except ValueError as e:
                    kq.them_loi(o(r, "hieu_luc_tu"), str(e))
                    loi = True
            tien_do = None
            if "tien_do" in cot:
                try:
                    tien_do = dinh_dang.doc_tien_do(str(lay("tien_do") or ""))
                except dinh_dang.LoiNhapSo as e:
                    kq.them_loi(o(r, "tien_do"), str(e))
                    loi = True
            can_cu = ""
            if "can_cu" in cot:
                try:
                    if (r, cot["can_cu"]) in sheet.cong_thuc:
                        raise ValueError("Căn cứ là công thức Excel; chỉ nhận văn bản.")
                    can_cu = bieu_mau.doc_van_ban(lay("can_cu"), "Căn cứ", services.CAN_CU_TOI_DA)
                except ValueError as e:
                    kq.them_loi(o(r, "can_cu"), str(e))
                    loi = True
            if not loi and hieu_luc_tu is not None and hieu_luc_tu.year != nam:
                kq.them_loi(o(r, "hieu_luc_tu"), f"Ngày hiệu lực {hieu_luc_tu:%d/%m/%Y} không thuộc năm {nam}.")
                loi = True
            if not loi:
                kq.o.append(bieu_mau.ODoc(o(r, "gia_tri"), don_vi, ct, nam=nam, nguon=nguon, gia_tri=gia_tri,
                                          kieu=kieu, gia_tri_den=den, hieu_luc_tu=hieu_luc_tu or date(nam, 1, 1),
                                          can_cu=can_cu, tien_do=tien_do, vi_tri_don_vi=o(r, "ma_don_vi"),
                                          doc_duoc=doc_duoc))
            continue
        ma_ky = str(lay("ky") or "").strip()
        ky = dm.ky.get(ma_ky)
        if ky is None:
            kq.them_loi(o(r, "ky"), f"Kỳ “{ma_ky}” không có (viết như 2023-6t)." if ma_ky else "Thiếu kỳ.")
            loi = True
        la_uoc, ghi_chu = False, ""
        if "la_uoc" in cot:
            try:
                la_uoc = bieu_mau.doc_co(lay("la_uoc"))
            except ValueError as e:
                kq.them_loi(o(r, "la_uoc"), str(e))
                loi = True
        if "ghi_chu" in cot:
            try:
                if (r, cot["ghi_chu"]) in sheet.cong_thuc:
                    raise ValueError("Ghi chú là công thức Excel; chỉ nhận văn bản.")
                ghi_chu = bieu_mau.doc_van_ban(lay("ghi_chu"), "Ghi chú")
            except ValueError as e:
                kq.them_loi(o(r, "ghi_chu"), str(e))
                loi = True
        if not loi:
            kq.o.append(bieu_mau.ODoc(o(r, "gia_tri"), don_vi, ct, ky=ky, gia_tri=gia_tri,
                                      la_uoc=la_uoc if gia_tri is not None else False, ghi_chu=ghi_chu,
                                      vi_tri_don_vi=o(r, "ma_don_vi"), doc_duoc=doc_duoc,
                                      van_ban=lay("gia_tri") if isinstance(lay("gia_tri"), str) else None))
    return True
