"""Existing data moves to indicator sets and plan sources, unchanged in meaning:
`cap_giao` "tinh" / "huyen" become the sources "KH tỉnh giao" / "KH huyện giao" (the
words every page and report printed), each plan (and each of its historical records)
becomes its first version, in force from 1 January of its year, and the whole catalog
becomes one set that applies to every unit and year — so every page shows exactly what
it showed before. A new, empty database gets nothing here: its catalog, sources and sets
come from the fixtures or the admin."""

from datetime import date

from django.db import migrations

NGUON_CU = {
    "tinh": ("kh-tinh", "KH tỉnh giao", "KH tỉnh", 10, "Quyết định của UBND tỉnh giao chỉ tiêu KT-XH"),
    "huyen": ("kh-huyen", "KH huyện giao", "KH huyện", 20, "Nghị quyết của HĐND huyện về nhiệm vụ KT-XH"),
}
TEN_BO_CHUNG = "Bộ chỉ tiêu chung (chuyển từ danh mục trước đây)"


def sang_nguon(apps, schema_editor):
    KeHoach = apps.get_model("chitieu", "KeHoach")
    LichSuKeHoach = apps.get_model("chitieu", "HistoricalKeHoach")
    ChiTieu = apps.get_model("chitieu", "ChiTieu")
    NguonKeHoach = apps.get_model("chitieu", "NguonKeHoach")
    BoChiTieu = apps.get_model("chitieu", "BoChiTieu")
    ChiTieuTrongBo = apps.get_model("chitieu", "ChiTieuTrongBo")
    NguonCuaBo = apps.get_model("chitieu", "NguonCuaBo")
    if not (ChiTieu.objects.exists() or KeHoach.objects.exists() or LichSuKeHoach.objects.exists()):
        return
    nguon = {}
    for cap, (ma, ten, ten_ngan, thu_tu, mo_ta) in NGUON_CU.items():
        nguon[cap], _ = NguonKeHoach.objects.get_or_create(
            ma=ma, defaults={"ten": ten, "ten_ngan": ten_ngan, "thu_tu": thu_tu, "mo_ta": mo_ta})
    for mo_hinh in (KeHoach, LichSuKeHoach):
        for cap, ng in nguon.items():
            mo_hinh.objects.filter(cap_giao=cap).update(nguon=ng)
        for nam in mo_hinh.objects.values_list("nam", flat=True).distinct():
            mo_hinh.objects.filter(nam=nam, hieu_luc_tu__isnull=True).update(hieu_luc_tu=date(nam, 1, 1))
    if ChiTieu.objects.exists():
        bo = BoChiTieu.objects.create(ten=TEN_BO_CHUNG)
        ChiTieuTrongBo.objects.bulk_create([
            ChiTieuTrongBo(bo=bo, chi_tieu=ct, thu_tu=ct.thu_tu, tu_nam=ct.tu_nam, den_nam=ct.den_nam)
            for ct in ChiTieu.objects.all()
        ])
        for cap, ng in nguon.items():
            NguonCuaBo.objects.create(bo=bo, nguon=ng, thu_tu=ng.thu_tu, chinh=(cap == "tinh"))


def ve_cap_giao(apps, schema_editor):
    """Back to `cap_giao`, possible only while every plan is a first version from one of
    the two original sources."""
    KeHoach = apps.get_model("chitieu", "KeHoach")
    LichSuKeHoach = apps.get_model("chitieu", "HistoricalKeHoach")
    ChiTieu = apps.get_model("chitieu", "ChiTieu")
    BoChiTieu = apps.get_model("chitieu", "BoChiTieu")
    ChiTieuTrongBo = apps.get_model("chitieu", "ChiTieuTrongBo")
    cap_theo_ma = {v[0]: cap for cap, v in NGUON_CU.items()}
    if KeHoach.objects.exclude(nguon__ma__in=list(cap_theo_ma)).exists() or KeHoach.objects.exclude(kieu="bang").exists():
        raise RuntimeError("Không quay lại được: đã có kế hoạch theo nguồn khác hoặc dạng cận/khoảng.")
    for mo_hinh in (KeHoach, LichSuKeHoach):
        for ma, cap in cap_theo_ma.items():
            mo_hinh.objects.filter(nguon__ma=ma).update(cap_giao=cap)
    bo = BoChiTieu.objects.filter(ten=TEN_BO_CHUNG).first()
    if bo is not None:
        for ctb in ChiTieuTrongBo.objects.filter(bo=bo):
            ChiTieu.objects.filter(pk=ctb.chi_tieu_id).update(tu_nam=ctb.tu_nam, den_nam=ctb.den_nam)


class Migration(migrations.Migration):

    dependencies = [
        ("chitieu", "0004_bo_chi_tieu_nguon_ke_hoach"),
    ]

    operations = [
        migrations.RunPython(sang_nguon, ve_cap_giao),
    ]
