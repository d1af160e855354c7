"""Generates a national-size data set for benchmarks: N provinces × M district-level
units, the catalog (extended to K indicators), Y years of 3/6/9/12-month periods, with
plans and actuals for every unit, indicator and period — deterministic from a seed.

On PostgreSQL the rows go in with COPY (700,000 actuals in seconds); elsewhere with
bulk_create. It refuses a database that already has units unless --xoa-truoc is given.

    manage.py tao_du_lieu_mau --tinh 63 --huyen 11 --chi-tieu 25 --nam 10 --tu-nam 2015

With --hai-cap it builds the two-tier country of 1/7/2025 instead (`_HaiCap`): the old
provinces and their districts, ending on that day, the new provinces and their communes
from it, the succession rows between them, and monthly periods.

    manage.py tao_du_lieu_mau --hai-cap --tinh 63 --huyen 11 --tinh-moi 34 --xa 3321 --nam 10
"""

import io
import random
from collections import Counter
from contextlib import contextmanager
from itertools import islice
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from chitieu import mua_vu
from chitieu.models import (BoChiTieu, ChiTieu, ChiTieuTrongBo, DonVi, KeHoach, KeThua, KyBaoCao, NguonCuaBo,
                            NguonKeHoach, PhanCong, ThucHien, TrangThaiNop)

CAC_THANG = (3, 6, 9, 12)
TEN_BO = "Bộ chỉ tiêu mẫu (đo hiệu năng)"
TEN_BO_XA = "Bộ chỉ tiêu mẫu cấp xã (đo hiệu năng)"
NGAY_SAP_XEP = date(2025, 7, 1)  # the two-tier government's first day (Nghị quyết 202/2025/QH15)
CAN_CU_MAU = "Dữ liệu mẫu: sắp xếp đơn vị hành chính từ 01/07/2025"


class Command(BaseCommand):
    help = "Sinh dữ liệu mẫu quy mô lớn (nhiều tỉnh, đơn vị, năm) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--tinh", type=int, default=63, help="số tỉnh")
        parser.add_argument("--huyen", type=int, default=11, help="số đơn vị cấp huyện mỗi tỉnh")
        parser.add_argument("--chi-tieu", type=int, default=25, help="số chỉ tiêu (mở rộng danh mục mặc định)")
        parser.add_argument("--nam", type=int, default=10, help="số năm")
        parser.add_argument("--tu-nam", type=int, default=None,
                            help="năm đầu tiên (mặc định 2015; với --hai-cap: sao cho năm cuối là 2026)")
        parser.add_argument("--hai-cap", action="store_true",
                            help="chính quyền hai cấp: tỉnh, huyện cũ đến 01/07/2025; tỉnh mới, xã từ 01/07/2025; "
                                 "kế thừa; kỳ báo cáo hằng tháng")
        parser.add_argument("--tinh-moi", type=int, default=None,
                            help="số tỉnh mới (--hai-cap; mặc định 34 với 63 tỉnh, theo tỷ lệ với số khác)")
        parser.add_argument("--xa", type=int, default=None,
                            help="tổng số xã mới (--hai-cap; mặc định 3.321 với 693 huyện cũ, theo tỷ lệ với số khác)")
        parser.add_argument("--hat-giong", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument("--xoa-truoc", action="store_true",
                            help="xóa đơn vị, phân công, kỳ, kế hoạch, số liệu hiện có")

    def handle(self, *args, tinh, huyen, chi_tieu, nam, tu_nam, hat_giong, xoa_truoc, hai_cap, tinh_moi, xa,
               **options):
        if hai_cap:
            tu_nam = 2027 - nam if tu_nam is None else tu_nam
            if not tu_nam <= NGAY_SAP_XEP.year < NGAY_SAP_XEP.year + 1 <= tu_nam + nam - 1:
                raise CommandError("Với --hai-cap, các năm (--tu-nam, --nam) phải gồm cả 2025 và 2026.")
            tinh_moi = (34 if tinh == 63 else max(1, round(tinh * 34 / 63))) if tinh_moi is None else tinh_moi
            xa = round(tinh * huyen * 3321 / 693) if xa is None else xa
            if not 1 <= tinh_moi <= tinh <= 3 * tinh_moi:
                raise CommandError(f"Mỗi tỉnh mới hợp nhất từ 1 đến 3 tỉnh cũ: --tinh-moi {tinh_moi} không hợp với "
                                   f"--tinh {tinh}.")
            if huyen < 1 or xa < tinh * huyen:
                raise CommandError(f"Số xã mới (--xa {xa}) phải ít nhất bằng số huyện cũ ({tinh} × {huyen}).")
        elif tu_nam is None:
            tu_nam = 2015
        if DonVi.objects.exists():
            if not xoa_truoc:
                raise CommandError("Cơ sở dữ liệu đã có đơn vị. Dùng --xoa-truoc để xóa và sinh lại.")
        rng = random.Random(hat_giong)
        with transaction.atomic():
            if xoa_truoc:
                for mo_hinh in (ThucHien, KeHoach, TrangThaiNop, KeThua):
                    mo_hinh.objects.all().delete()
                    mo_hinh.history.all().delete()
                PhanCong.objects.all().delete()
                BoChiTieu.objects.all().delete()  # sets name units; the catalog and sources stay
                DonVi.objects.update(cha=None)
                DonVi.objects.all().delete()
                KyBaoCao.objects.all().delete()
            cac_chi_tieu = self._danh_muc(chi_tieu)
            cac_nguon = self._bo_chi_tieu(cac_chi_tieu)
            if hai_cap:
                _HaiCap(self, rng, cac_chi_tieu, cac_nguon).sinh(tinh, huyen, tinh_moi, xa, tu_nam, nam)
                return
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
                    elif ct.la_ty_le:  # to the indicator's decimals, as an office would type it
                        kh = Decimal(str(round(rng.uniform(40, 98), 1))).quantize(Decimal(1).scaleb(-ct.so_le))
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

        return self._ghi(dong_ke_hoach(), dong_thuc_hien())

    @classmethod
    def _ghi(cls, dong_ke_hoach, dong_thuc_hien) -> tuple[int, int]:
        """Writes plans given as (năm, unit, indicator, source, effective from, value) rows
        and actuals as (period, unit, indicator, value, estimate) rows: COPY on
        PostgreSQL (foreign keys, unique constraints and indexes of both tables dropped during
        the load and rebuilt after it, `_nap_hang_loat`), bulk_create elsewhere. Returns how
        many of each."""
        if connection.vendor == "postgresql":
            with _nap_hang_loat("chitieu_kehoach", "chitieu_thuchien"):
                so_ke_hoach = cls._copy(
                    "chitieu_kehoach", ["nam", "don_vi_id", "chi_tieu_id", "nguon_id", "hieu_luc_tu", "gia_tri", "kieu",
                                        "tien_do", "can_cu", "cap_nhat_luc"],
                    (f"{n}\t{dv}\t{ct}\t{ng}\t{hl}\t{gt!s}\tbang\t{{}}\tDữ liệu mẫu\t2020-01-01 00:00:00+07\n"
                     for n, dv, ct, ng, hl, gt in dong_ke_hoach))
                so_thuc_hien = cls._copy(
                    "chitieu_thuchien", ["ky_id", "don_vi_id", "chi_tieu_id", "gia_tri", "la_uoc", "ghi_chu",
                                         "tinh_lai_dia_gioi", "cap_nhat_luc"],
                    (f"{k}\t{dv}\t{ct}\t{gt!s}\t{'t' if u else 'f'}\t\tf\t2020-01-01 00:00:00+07\n"
                     for k, dv, ct, gt, u in dong_thuc_hien))
            return so_ke_hoach, so_thuc_hien
        kh_moi = KeHoach.objects.bulk_create(
            (KeHoach(nam=n, don_vi_id=dv, chi_tieu_id=ct, nguon_id=ng, hieu_luc_tu=hl, gia_tri=gt)
             for n, dv, ct, ng, hl, gt in dong_ke_hoach), batch_size=2000)
        th_moi = ThucHien.objects.bulk_create(
            (ThucHien(ky_id=k, don_vi_id=dv, chi_tieu_id=ct, gia_tri=gt, la_uoc=u) for k, dv, ct, gt, u in
             dong_thuc_hien), batch_size=2000)
        return len(kh_moi), len(th_moi)

    @staticmethod
    def _copy(bang: str, cot: list[str], dong, lo: int = 100_000) -> int:
        """COPY lines (text format, each ending in a newline) into a table, in chunks of `lo`
        lines; returns how many."""
        so_dong = 0
        with connection.cursor() as con_tro:
            while lo_dong := list(islice(dong, lo)):
                con_tro.cursor.copy_expert(f"COPY {bang} ({', '.join(cot)}) FROM STDIN", io.StringIO("".join(lo_dong)))
                so_dong += len(lo_dong)
        return so_dong

@contextmanager
def _nap_hang_loat(*cac_bang: str):
    """For a bulk load into `cac_bang` on PostgreSQL, inside the caller's transaction:
    drops the tables' foreign keys, unique constraints and secondary indexes (primary keys
    and CHECK constraints stay), and afterwards builds them again from their own
    definitions — each index in one sort, each foreign key checked over every row in one
    query instead of one deferred trigger per row at commit — then ANALYZEs the tables.
    A row that breaks a rebuilt constraint fails the load, as it would have row by row."""
    with connection.cursor() as con_tro:
        con_tro.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
            [list(cac_bang)])
        rang_buoc = con_tro.fetchall()
        con_tro.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
            "WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) "
            "ORDER BY 1", [list(cac_bang)])
        chi_muc = con_tro.fetchall()
        ten = connection.ops.quote_name
        # A table with deferred checks still pending (the units just written) cannot be altered: run
        # them now, and defer again afterwards the constraints that are deferred by default.
        con_tro.execute("SELECT connamespace::regnamespace::text, conname FROM pg_constraint WHERE condeferred")
        hoan_lai = [f"{ten(lg)}.{ten(rb)}" for lg, rb in con_tro.fetchall()]
        con_tro.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for bang, rb, _, _ in rang_buoc:  # foreign keys first ('f' sorts after 'u', DESC)
            con_tro.execute(f"ALTER TABLE {bang} DROP CONSTRAINT {ten(rb)}")
        for cm, _ in chi_muc:
            con_tro.execute(f"DROP INDEX {cm}")
        yield
        con_tro.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, dinh_nghia in chi_muc:
            con_tro.execute(dinh_nghia)
        for bang, rb, dinh_nghia, _ in reversed(rang_buoc):  # unique constraints, then foreign keys
            con_tro.execute(f"ALTER TABLE {bang} ADD CONSTRAINT {ten(rb)} {dinh_nghia}")
        if hoan_lai:
            con_tro.execute(f"SET CONSTRAINTS {', '.join(hoan_lai)} DEFERRED")
        con_tro.execute(f"ANALYZE {', '.join(cac_bang)}")


class _HaiCap:
    """The two-tier country of 1/7/2025, synthetic but shaped like the real one: `tinh`
    old provinces of `huyen` districts each, ending on 01/07/2025; `tinh_moi` new
    provinces, each the merger of 1–3 consecutive old ones (share 1), and `xa` communes
    from that day, each formed from part of one old district or from parts of two
    neighbouring ones — the shares of every old district add up to exactly 1. Codes
    (`ma_dvhc`) and names are synthetic. Periods are monthly (1–12) in every year; the old
    districts report up to 6 tháng 2025, the communes from 7 tháng 2025 (cumulative from
    January within the new boundaries) on, against plans that are the share-weighted sums
    of their predecessors' (KH tỉnh giao; NQ HĐND xã giao 3 % higher)."""

    def __init__(self, lenh: Command, rng: random.Random, cac_chi_tieu: list[ChiTieu],
                 cac_nguon: tuple[NguonKeHoach, NguonKeHoach]):
        self.lenh, self.rng, self.cac_chi_tieu, self.cac_nguon = lenh, rng, cac_chi_tieu, cac_nguon

    def sinh(self, so_tinh: int, so_huyen: int, so_tinh_moi: int, so_xa: int, tu_nam: int, so_nam: int) -> None:
        cac_nam = range(tu_nam, tu_nam + so_nam)
        co = set(KyBaoCao.objects.values_list("nam", "so_thang"))
        KyBaoCao.objects.bulk_create([KyBaoCao(nam=n, so_thang=t) for n in cac_nam for t in range(1, 13)
                                      if (n, t) not in co])
        cac_ky = {(k.nam, k.so_thang): k for k in KyBaoCao.objects.filter(nam__in=cac_nam)}
        nguon_xa = self._bo_cap_xa()
        huyen_cu, cac_xa, ke_thua = self._don_vi(so_tinh, so_huyen, so_tinh_moi, so_xa)
        ky_cu = [k for (n, t), k in sorted(cac_ky.items()) if (n, t) < (NGAY_SAP_XEP.year, NGAY_SAP_XEP.month)]
        ky_moi = [k for (n, t), k in sorted(cac_ky.items()) if (n, t) >= (NGAY_SAP_XEP.year, NGAY_SAP_XEP.month)]
        so_ke_hoach, so_thuc_hien = self._so_lieu(huyen_cu, ky_cu, cac_xa, ky_moi, ke_thua, nguon_xa)
        self.lenh.stdout.write(
            f"Đã sinh {so_tinh} tỉnh cũ, {len(huyen_cu)} huyện cũ (đến 01/07/2025); {so_tinh_moi} tỉnh mới, "
            f"{len(cac_xa)} xã (từ 01/07/2025); {len(ke_thua)} dòng kế thừa; {len(self.cac_chi_tieu)} chỉ tiêu, "
            f"{len(cac_ky)} kỳ hằng tháng; {so_ke_hoach} kế hoạch, {so_thuc_hien} số liệu thực hiện."
        )

    def _bo_cap_xa(self) -> NguonKeHoach:
        """The communes' own set from 2025 (every indicator), measured against KH tỉnh
        giao and their council's plan, NQ HĐND xã giao."""
        tinh = self.cac_nguon[0]
        xa = NguonKeHoach.objects.get_or_create(ma="nq-xa", defaults={"ten": "NQ HĐND xã giao", "ten_ngan": "NQ xã",
                                                                       "thu_tu": 30})[0]
        bo = BoChiTieu.objects.create(ten=TEN_BO_XA, tu_nam=NGAY_SAP_XEP.year, cap=DonVi.Cap.XA)
        ChiTieuTrongBo.objects.bulk_create([ChiTieuTrongBo(bo=bo, chi_tieu=ct, thu_tu=ct.thu_tu)
                                            for ct in self.cac_chi_tieu])
        NguonCuaBo.objects.bulk_create([NguonCuaBo(bo=bo, nguon=tinh, thu_tu=10, chinh=True),
                                        NguonCuaBo(bo=bo, nguon=xa, thu_tu=20)])
        return xa

    def _chia(self, tong: int, so_phan: int, toi_da: int | None = None) -> list[int]:
        """`tong` split into `so_phan` counts of at least 1 (and at most `toi_da`)."""
        dem = [1] * so_phan
        for _ in range(tong - so_phan):
            i = self.rng.randrange(so_phan)
            while toi_da is not None and dem[i] >= toi_da:
                i = (i + 1) % so_phan
            dem[i] += 1
        return dem

    def _ty_le(self, so_phan: int) -> list[Decimal]:
        """`so_phan` shares of one old district, 6 decimals, adding up to exactly 1."""
        trong_so = [self.rng.uniform(0.5, 1.5) for _ in range(so_phan)]
        phan = [(Decimal(repr(w / sum(trong_so)))).quantize(Decimal("0.000001")) for w in trong_so[:-1]]
        return [*phan, Decimal(1) - sum(phan, Decimal(0))]

    def _don_vi(self, so_tinh: int, so_huyen: int, so_tinh_moi: int, so_xa: int):
        """The units of both trees and the succession rows: ([old districts], [communes],
        [KeThua])."""
        tinh_cu = DonVi.objects.bulk_create([
            DonVi(ma=f"tinh-{i + 1:02d}", ten=f"Tỉnh mẫu {i + 1:02d}", ten_ngan=f"Tỉnh {i + 1:02d}", cap="tinh",
                  thu_tu=i, ma_dvhc=f"{i + 1:02d}", ngay_ngung_hoat_dong=NGAY_SAP_XEP) for i in range(so_tinh)
        ])
        huyen_cu = DonVi.objects.bulk_create([
            DonVi(ma=f"tinh-{i + 1:02d}-huyen-{j + 1:02d}", ten=f"Huyện mẫu {j + 1:02d} tỉnh {i + 1:02d}",
                  ten_ngan=f"Huyện {j + 1:02d}", cap="huyen", cha=t, thu_tu=j, ma_dvhc=f"{i * so_huyen + j + 1:03d}",
                  ngay_ngung_hoat_dong=NGAY_SAP_XEP)
            for i, t in enumerate(tinh_cu) for j in range(so_huyen)
        ])
        tinh_moi = DonVi.objects.bulk_create([
            DonVi(ma=f"tinh-moi-{p + 1:02d}", ten=f"Tỉnh mới mẫu {p + 1:02d}", ten_ngan=f"Tỉnh mới {p + 1:02d}",
                  cap="tinh", thu_tu=100 + p, ma_dvhc=f"{p + 1:02d}", ngay_thanh_lap=NGAY_SAP_XEP)
            for p in range(so_tinh_moi)
        ])
        # Each new province takes 1–3 consecutive old provinces, and communes in proportion to their districts.
        so_tinh_cu = self._chia(so_tinh, so_tinh_moi, toi_da=3)
        so_huyen_cua = [n * so_huyen for n in so_tinh_cu]
        them = Counter(self.rng.choices(range(so_tinh_moi), weights=[h * self.rng.uniform(0.7, 1.3)
                                                                    for h in so_huyen_cua],
                                        k=so_xa - sum(so_huyen_cua)))
        ke_thua: list[tuple[DonVi, DonVi, Decimal]] = []
        xa_cua: list[tuple[DonVi, list[tuple[DonVi, Decimal]]]] = []  # (new province, [(old district, share)])
        dau = 0
        for p, moi in enumerate(tinh_moi):
            cac_tinh = tinh_cu[dau:dau + so_tinh_cu[p]]
            dau += so_tinh_cu[p]
            ke_thua += [(moi, cu, Decimal(1)) for cu in cac_tinh]
            cac_huyen = [h for h in huyen_cu if h.cha_id in {t.id for t in cac_tinh}]
            # A commune straddles the border of two neighbouring districts at some borders, never at two in a row.
            gop = [False]
            for _ in cac_huyen[1:]:
                gop.append(not gop[-1] and self.rng.random() < 0.4)
            so_manh = self._chia(so_huyen_cua[p] + them[p] + sum(gop), len(cac_huyen))
            for h, (huyen, n) in enumerate(zip(cac_huyen, so_manh)):
                for k, ty_le in enumerate(self._ty_le(n)):
                    if k == 0 and gop[h]:
                        xa_cua[-1][1].append((huyen, ty_le))
                    else:
                        xa_cua.append((moi, [(huyen, ty_le)]))
        cac_xa = DonVi.objects.bulk_create([
            DonVi(ma=f"xa-{k + 1:04d}", ten=f"Xã mẫu {k + 1:04d}", ten_ngan=f"Xã {k + 1:04d}", cap="xa", cha=tinh,
                  thu_tu=k, ma_dvhc=f"{k + 1:05d}", ngay_thanh_lap=NGAY_SAP_XEP)
            for k, (tinh, _) in enumerate(xa_cua)
        ])
        ke_thua += [(xa, huyen, ty_le) for xa, (_, cac_phan) in zip(cac_xa, xa_cua) for huyen, ty_le in cac_phan]
        KeThua.objects.bulk_create([KeThua(don_vi_moi=moi, don_vi_cu=cu, ty_le=ty_le, ngay_hieu_luc=NGAY_SAP_XEP,
                                           can_cu=CAN_CU_MAU) for moi, cu, ty_le in ke_thua])
        return huyen_cu, cac_xa, ke_thua

    def _so_lieu(self, huyen_cu, ky_cu, cac_xa, ky_moi, ke_thua, nguon_xa) -> tuple[int, int]:
        """Plans and monthly actuals of the old districts (to 6 tháng 2025) and of the
        communes (7 tháng 2025 to 12 tháng of the last year); streamed like `Command._so_lieu`."""
        rng, cac_chi_tieu = self.rng, self.cac_chi_tieu
        tinh, huyen = self.cac_nguon
        nam_cu = sorted({k.nam for k in ky_cu})
        nam_moi = sorted({k.nam for k in ky_moi})

        def chi_so(ct: ChiTieu) -> Decimal:
            """A plan that does not scale with the unit: a growth rate, a rate, a level."""
            if ct.loai == ChiTieu.Loai.TANG_TRUONG:
                return Decimal(str(round(rng.uniform(5, 9), 2)))
            return Decimal(str(round(rng.uniform(40, 98), 1))).quantize(Decimal(1).scaleb(-ct.so_le))

        ke_hoach: dict[tuple[int, int, int], Decimal] = {}
        for dv in huyen_cu:
            quy_mo = rng.uniform(0.5, 20)
            for ct in cac_chi_tieu:
                for nam in nam_cu:
                    ke_hoach[(dv.id, ct.id, nam)] = (
                        Decimal(round(rng.uniform(100, 1000) * quy_mo * (1 + (nam - nam_cu[0]) * 0.06)))
                        if cong_don_vi(ct) else chi_so(ct))
        tien_than: dict[int, list[tuple[int, Decimal]]] = {}
        for moi, cu, ty_le in ke_thua:
            if moi.cap == DonVi.Cap.XA:
                tien_than.setdefault(moi.id, []).append((cu.id, ty_le))
        for xa in cac_xa:
            for ct in cac_chi_tieu:
                for nam in nam_moi:
                    ke_hoach[(xa.id, ct.id, nam)] = (
                        Decimal(round(sum(ty_le * ke_hoach[(cu, ct.id, nam_cu[-1])] for cu, ty_le in tien_than[xa.id])
                                      * Decimal(repr(1 + (nam - nam_cu[-1]) * 0.06))))
                        if cong_don_vi(ct) else chi_so(ct))
        mua = mua_vu.SinhMuaVu(rng)
        la_xa = {xa.id for xa in cac_xa}

        def dong_ke_hoach():
            for (dv, ct, nam), kh in ke_hoach.items():
                yield nam, dv, ct, tinh.id, f"{nam}-01-01", kh
                yield (nam, dv, ct, (nguon_xa if dv in la_xa else huyen).id, f"{nam}-01-01",
                       kh if kh < 100 else (kh * Decimal("1.03")).quantize(Decimal(1)))

        # What each row needs of its indicator and period, looked up once (the values and the
        # order of the random draws are those of the plain loop over the model objects).
        theo_chi_tieu = [(ct.id, mua_vu.mau_cua(ct.ma, ct.thu_tu) if cong_don_vi(ct) else None, ct.la_ty_le, ct.so_le,
                          Decimal(1).scaleb(-ct.so_le)) for ct in cac_chi_tieu]
        tram, uniform = Decimal(100), rng.uniform

        def dong_thuc_hien():
            for cac_don_vi, cac_ky in ((huyen_cu, ky_cu), (cac_xa, ky_moi)):
                theo_ky = [(ky.id, ky.nam, ky.so_thang, ky.so_thang in (6, 12)) for ky in cac_ky]
                for dv in cac_don_vi:
                    dv_id = dv.id
                    for ct_id, mau, la_ty_le, so_le, luong_tu in theo_chi_tieu:
                        khoa = (dv_id, ct_id)
                        for ky_id, nam, thang, la_uoc in theo_ky:
                            kh = ke_hoach[(dv_id, ct_id, nam)]
                            if mau is not None:
                                th = mua.luy_ke(mau, khoa, nam, thang, kh, so_le)
                            else:
                                th = kh * Decimal(str(round(uniform(0.85, 1.08), 3)))
                                if la_ty_le:
                                    th = min(th, tram)
                            yield ky_id, dv_id, ct_id, th.quantize(luong_tu), la_uoc

        return Command._ghi(dong_ke_hoach(), dong_thuc_hien())


def cong_don_vi(ct: ChiTieu) -> bool:
    """A cumulative quantity (not a rate): its plans and figures scale with a unit's size."""
    return ct.loai == ChiTieu.Loai.LUY_KE and not ct.la_ty_le
