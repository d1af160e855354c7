"""Generates a national-size data set for benchmarks: N provinces × M district-level
units, the catalog (extended to K indicators), Y years of 3/6/9/12-month periods, with
plans and actuals for every unit, indicator and period — deterministic from a seed.

On PostgreSQL the rows go in with COPY (700,000 actuals in seconds); elsewhere with
bulk_create. It refuses a database that already has units unless --xoa-truoc is given.

    manage.py tao_du_lieu_mau --tinh 63 --huyen 11 --chi-tieu 25 --nam 10 --tu-nam 2015
"""

import io
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from chitieu import mua_vu
from chitieu.models import (BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KeHoach, KyBaoCao, NguonCuaBo, NguonKeHoach,
                            PhanCong, ThucHien, TrangThaiNop)

CAC_THANG = (3, 6, 9, 12)
TEN_BO = "Bộ chỉ tiêu mẫu (đo hiệu năng)"


class Command(BaseCommand):
    help = "Sinh dữ liệu mẫu quy mô lớn (nhiều tỉnh, đơn vị, năm) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--tinh", type=int, default=63, help="số tỉnh")
        parser.add_argument("--huyen", type=int, default=11, help="số đơn vị cấp huyện mỗi tỉnh")
        parser.add_argument("--chi-tieu", type=int, default=25, help="số chỉ tiêu (mở rộng danh mục mặc định)")
        parser.add_argument("--nam", type=int, default=10, help="số năm")
        parser.add_argument("--tu-nam", type=int, default=2015, help="năm đầu tiên")
        parser.add_argument("--hat-giong", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument("--xoa-truoc", action="store_true",
                            help="xóa đơn vị, phân công, kỳ, kế hoạch, số liệu hiện có")

    def handle(self, *args, tinh, huyen, chi_tieu, nam, tu_nam, hat_giong, xoa_truoc, **options):
        if DonVi.objects.exists():
            if not xoa_truoc:
                raise CommandError("Cơ sở dữ liệu đã có đơn vị. Dùng --xoa-truoc để xóa và sinh lại.")
        rng = random.Random(hat_giong)
        with transaction.atomic():
            if xoa_truoc:
                for mo_hinh in (ThucHien, KeHoach, TrangThaiNop):
                    mo_hinh.objects.all().delete()
                    mo_hinh.history.all().delete()
                PhanCong.objects.all().delete()
                BoChiTieu.objects.all().delete()  # sets name units; the catalog and sources stay
                DonVi.objects.update(cha=None)
                DonVi.objects.all().delete()
                KyBaoCao.objects.all().delete()
            cac_chi_tieu = self._danh_muc(chi_tieu)
            cac_nguon = self._bo_chi_tieu(cac_chi_tieu)
            cac_ky = [KyBaoCao.objects.get_or_create(nam=n, so_thang=t)[0]
                      for n in range(tu_nam, tu_nam + nam) for t in CAC_THANG]
            cac_huyen = self._don_vi(tinh, huyen)
            so_ke_hoach, so_thuc_hien = self._so_lieu(rng, cac_huyen, cac_chi_tieu, cac_ky, cac_nguon)
        self.stdout.write(
            f"Đã sinh {tinh} tỉnh × {huyen} đơn vị = {len(cac_huyen)} đơn vị cấp huyện, {len(cac_chi_tieu)} chỉ tiêu, "
            f"{len(cac_ky)} kỳ; {so_ke_hoach} kế hoạch, {so_thuc_hien} số liệu thực hiện."
        )

    def _danh_muc(self, so_chi_tieu: int) -> list[ChiTieu]:
        """The default catalog, extended with generic cumulative indicators to `so_chi_tieu`."""
        if not ChiTieu.objects.exists():
            tep = Path(settings.BASE_DIR) / "fixtures" / "chi_tieu.json"
            for doi_tuong in serializers.deserialize("json", tep.read_text(encoding="utf-8")):
                doi_tuong.save()
            with connection.cursor() as con_tro:  # rows came with their keys: move the sequence on
                for lenh in connection.ops.sequence_reset_sql(no_style(), [ChiTieu]):
                    con_tro.execute(lenh)
        co = list(ChiTieu.objects.order_by("thu_tu"))
        for i in range(len(co), so_chi_tieu):
            co.append(ChiTieu.objects.create(
                ma=f"BT{i + 1:02d}", ten=f"Chỉ tiêu bổ sung {i + 1}", don_vi_tinh="triệu đồng",
                linh_vuc=ChiTieu.LinhVuc.KINH_TE, loai=ChiTieu.Loai.LUY_KE, tong_hop=ChiTieu.TongHop.TONG,
                thu_tu=1000 + i,
            ))
        return co

    @staticmethod
    def _bo_chi_tieu(cac_chi_tieu: list[ChiTieu]) -> tuple[NguonKeHoach, NguonKeHoach]:
        """The sources "KH tỉnh giao" / "KH huyện giao" and one set of every indicator for
        every unit and year (the benchmark's units all report the same catalog)."""
        tinh = NguonKeHoach.objects.get_or_create(ma="kh-tinh", defaults={"ten": "KH tỉnh giao", "ten_ngan": "KH tỉnh",
                                                                          "thu_tu": 10})[0]
        huyen = NguonKeHoach.objects.get_or_create(ma="kh-huyen", defaults={"ten": "KH huyện giao",
                                                                            "ten_ngan": "KH huyện", "thu_tu": 20})[0]
        bo = BoChiTieu.objects.create(ten=TEN_BO)
        ChiTieuTrongBo.objects.bulk_create([ChiTieuTrongBo(bo=bo, chi_tieu=ct, thu_tu=ct.thu_tu) for ct in cac_chi_tieu])
        NguonCuaBo.objects.bulk_create([NguonCuaBo(bo=bo, nguon=tinh, thu_tu=10, chinh=True),
                                        NguonCuaBo(bo=bo, nguon=huyen, thu_tu=20)])
        return tinh, huyen

    def _don_vi(self, so_tinh: int, so_huyen: int) -> list[DonVi]:
        tinh = DonVi.objects.bulk_create([
            DonVi(ma=f"tinh-{i + 1:02d}", ten=f"Tỉnh mẫu {i + 1:02d}", ten_ngan=f"Tỉnh {i + 1:02d}", cap="tinh",
                  thu_tu=i) for i in range(so_tinh)
        ])
        return DonVi.objects.bulk_create([
            DonVi(ma=f"tinh-{i + 1:02d}-huyen-{j + 1:02d}", ten=f"Huyện mẫu {j + 1:02d} tỉnh {i + 1:02d}",
                  ten_ngan=f"Huyện {j + 1:02d}", cap="huyen", cha=t, thu_tu=j)
            for i, t in enumerate(tinh) for j in range(so_huyen)
        ])

    def _so_lieu(self, rng, cac_huyen, cac_chi_tieu, cac_ky, cac_nguon) -> tuple[int, int]:
        """Plans first (KH tỉnh giao, and KH huyện giao 3 % higher), then every period's
        actual: cumulative quantities build up over the year with the synthetic seasons of
        `chitieu.mua_vu`, other indicators lie around their plan; streamed, never all in
        memory at once."""
        cac_nam = sorted({k.nam for k in cac_ky})
        ke_hoach: dict[tuple[int, int, int], Decimal] = {}
        for dv in cac_huyen:
            quy_mo = rng.uniform(0.5, 20)
            for ct in cac_chi_tieu:
                for nam in cac_nam:
                    if ct.loai == ChiTieu.Loai.TANG_TRUONG:
                        kh = Decimal(str(round(rng.uniform(5, 9), 2)))
                    elif ct.la_ty_le:
                        kh = Decimal(str(round(rng.uniform(40, 98), 1)))
                    else:
                        kh = Decimal(round(rng.uniform(100, 1000) * quy_mo * (1 + (nam - cac_nam[0]) * 0.06)))
                    ke_hoach[(dv.id, ct.id, nam)] = kh

        tinh, huyen = cac_nguon
        mua = mua_vu.SinhMuaVu(rng)

        def dong_ke_hoach():
            for (dv, ct, nam), kh in ke_hoach.items():
                yield nam, dv, ct, tinh.id, f"{nam}-01-01", kh
                yield nam, dv, ct, huyen.id, f"{nam}-01-01", kh if kh < 100 else (kh * Decimal("1.03")).quantize(
                    Decimal(1))

        def dong_thuc_hien():
            for dv in cac_huyen:
                for ct in cac_chi_tieu:
                    for ky in cac_ky:
                        kh = ke_hoach[(dv.id, ct.id, ky.nam)]
                        if ct.loai == ChiTieu.Loai.LUY_KE and not ct.la_ty_le:
                            th = mua.luy_ke(mua_vu.mau_cua(ct.ma, ct.thu_tu), (dv.id, ct.id), ky.nam, ky.so_thang, kh,
                                            ct.so_le)
                        else:
                            th = kh * Decimal(str(round(rng.uniform(0.85, 1.08), 3)))
                            if ct.la_ty_le:
                                th = min(th, Decimal(100))
                        yield ky.id, dv.id, ct.id, th.quantize(Decimal(1).scaleb(-ct.so_le)), ky.so_thang in (6, 12)

        if connection.vendor == "postgresql":
            so_ke_hoach = self._copy("chitieu_kehoach", ["nam", "don_vi_id", "chi_tieu_id", "nguon_id", "hieu_luc_tu",
                                                          "gia_tri", "kieu", "tien_do", "can_cu", "cap_nhat_luc"],
                                     ((*d, "bang", "{}", "Dữ liệu mẫu", "2020-01-01 00:00:00+07")
                                      for d in dong_ke_hoach()))
            so_thuc_hien = self._copy("chitieu_thuchien", ["ky_id", "don_vi_id", "chi_tieu_id", "gia_tri", "la_uoc",
                                                            "ghi_chu", "cap_nhat_luc", "tinh_lai_dia_gioi"],
                                      ((*d, "", "2020-01-01 00:00:00+07", False) for d in dong_thuc_hien()))
            return so_ke_hoach, so_thuc_hien
        kh_moi = KeHoach.objects.bulk_create(
            (KeHoach(nam=n, don_vi_id=dv, chi_tieu_id=ct, nguon_id=ng, hieu_luc_tu=hl, gia_tri=gt)
             for n, dv, ct, ng, hl, gt in dong_ke_hoach()), batch_size=2000)
        th_moi = ThucHien.objects.bulk_create(
            (ThucHien(ky_id=k, don_vi_id=dv, chi_tieu_id=ct, gia_tri=gt, la_uoc=u) for k, dv, ct, gt, u in
             dong_thuc_hien()), batch_size=2000)
        return len(kh_moi), len(th_moi)

    @staticmethod
    def _copy(bang: str, cot: list[str], dong, lo: int = 100_000) -> int:
        """COPY rows into a table, in chunks of `lo` rows; returns how many."""
        so_dong = 0
        with connection.cursor() as con_tro:
            while True:
                bo_dem = io.StringIO()
                trong_lo = 0
                for gia_tri in dong:
                    bo_dem.write("\t".join("t" if v is True else "f" if v is False else str(v) for v in gia_tri) + "\n")
                    trong_lo += 1
                    if trong_lo == lo:
                        break
                if not trong_lo:
                    return so_dong
                bo_dem.seek(0)
                con_tro.cursor.copy_expert(f"COPY {bang} ({', '.join(cot)}) FROM STDIN", bo_dem)
                so_dong += trong_lo
