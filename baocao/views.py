"""Pages that show the data. Views stay thin: access through `chitieu.quyen`, figures
from `chitieu.selectors` (which call `tinh_toan`) and `baocao.selectors`, then render
— or, with `?dang=xlsx`, the same tables as an .xlsx download (`baocao.xuat_bang`)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chitieu import du_bao, ke_thua, loc_don_vi, quyen, selectors
from chitieu.models import ChiTieu, DonVi, KyBaoCao, ten_so_thang_ngan
from chitieu.quyen import DANG_NHAP, XEM, truy_cap

from quytrinh import bieu_do as bieu_do_nop
from quytrinh import selectors as qs

from . import bo_dem, charts, xuat_bang
from . import selectors as bc


XEM_DU_BAO = "du_bao"


def _dang(request: HttpRequest) -> str:
    """"" for the page, "xlsx" for its tables as a download."""
    dang = request.GET.get("dang", "")
    if dang not in ("", "xlsx"):
        raise Http404("Định dạng tải về không hợp lệ (chỉ có xlsx).")
    return dang


def _cac_ky():
    return list(KyBaoCao.objects.order_by("-nam", "-so_thang"))


def chi_da_duyet(request: HttpRequest) -> bool:
    """Whether the dashboards count only approved figures ("chỉ số liệu đã duyệt"):
    `?duyet=1` switches it on and `?duyet=0` off, and the choice stays in the session
    for every dashboard until switched again (a link with `?duyet=1` shows the same
    figures to whoever opens it)."""
    chon = request.GET.get("duyet")
    if chon in ("0", "1") and request.session.get("chi_da_duyet", False) != (chon == "1"):
        request.session["chi_da_duyet"] = chon == "1"
    return bool(request.session.get("chi_da_duyet", False))


@dataclass
class PhamVi:
    """What a page that lists units shows: the roots the user may see that existed in the
    period, the chosen one (`?tinh=`), the units of its tree in that period, and — when
    `?tinh=` named a province that did not exist then — that province (`thay_cho`)."""

    cac_goc: list[DonVi]
    goc: DonVi | None
    cac_don_vi: list[DonVi]
    co_don_vi: bool  # the user may see some unit (in some period)
    thay_cho: DonVi | None = None


class _XemDuoc(loc_don_vi.CacDonVi):
    """The units the user may see, in display order, as rows (one query): someone who
    sees the country's 4,000 units gets model instances only for the roots and the one
    tree the page shows."""

    def __init__(self, request: HttpRequest):
        super().__init__(quyen.don_vi_xem_duoc(request.user))

    def goc_va_pham_vi(self, ma_goc: str = "", ky: KyBaoCao | None = None):
        """`bc.goc_va_pham_vi` over these units, with model instances."""
        goc, chon, pham_vi = bc.goc_va_pham_vi(self.dong, ma_goc, ky)
        return [self.tao(d) for d in goc], self.tao(chon), [self.tao(d) for d in pham_vi]


def _pham_vi(request: HttpRequest, ky: KyBaoCao | None, xem_duoc: _XemDuoc | None = None) -> PhamVi:
    """The tree of `ky` the page shows (see `bc.goc_va_pham_vi`), among the units the user
    may see (`xem_duoc`, read when not given). A province named by `?tinh=` that did not
    exist in `ky` gives way to the one it became or came from (one query, only then),
    else to the first; a name the user may not see is a 404."""
    if xem_duoc is None:
        xem_duoc = _XemDuoc(request)
    ma = request.GET.get("tinh", "")
    goc, chon, pham_vi = xem_duoc.goc_va_pham_vi(ma, ky)
    thay_cho = None
    if ma and chon is None:
        tat_ca_goc = bc.goc_va_pham_vi(xem_duoc.dong)[0]
        thay_cho = xem_duoc.tao(next((dv for dv in tat_ca_goc if dv.ma == ma), None))
        if thay_cho is None:
            raise Http404("Không có đơn vị này trong phạm vi bạn được xem.")
        if goc:
            moi = bc.don_vi_tuong_ung(thay_cho, goc) or goc[0]
            goc, chon, pham_vi = xem_duoc.goc_va_pham_vi(moi.ma, ky)
    return PhamVi(cac_goc=goc, goc=chon, cac_don_vi=pham_vi, co_don_vi=bool(xem_duoc.dong), thay_cho=thay_cho)


def _ky_va_pham_vi(request: HttpRequest) -> tuple[KyBaoCao | None, PhamVi]:
    """The period asked for (`?ky=`), or the one the chosen tree opens on (the province
    named by `?tinh=`, else the first that still exists: `selectors.ky_mac_dinh`), and
    the tree of that period."""
    if request.GET.get("ky"):
        ky = selectors.lay_ky(request.GET["ky"])
        return ky, _pham_vi(request, ky)
    xem_duoc = _XemDuoc(request)
    pv = _pham_vi(request, None, xem_duoc)
    ky = selectors.ky_mac_dinh(pv.cac_don_vi) if pv.cac_don_vi else None
    return (ky, _pham_vi(request, ky, xem_duoc)) if ky else (None, pv)


def _nhom_va_sap_xep(request: HttpRequest) -> tuple[str, str]:
    """`?nhom=` (one group of units by former district) and `?sap_xep=` of the overview
    and the ranking (`bc.CAC_SAP_XEP`); anything else is a 404 that says so."""
    nhom, sap_xep = request.GET.get("nhom", ""), request.GET.get("sap_xep", "")
    if sap_xep not in ("", *bc.CAC_SAP_XEP):
        raise Http404("Cách sắp xếp không hợp lệ (trang_thai, chenh_lech hoặc ten).")
    return nhom, sap_xep


@truy_cap(DANG_NHAP)
@bo_dem.giu_trang(chi_da_duyet)
def tong_quan(request: HttpRequest) -> HttpResponse:
    """The province overview for the latest period with data (or `?ky=`), optionally
    one lĩnh vực (`?linh_vuc=`): headlines, and units × indicators coloured by status —
    or, with `?xem=du_bao` before month 12, by the verdict of the year-end forecast.
    One province at a time (`?tinh=`, when the user sees several)."""
    dang = _dang(request)
    linh_vuc = request.GET.get("linh_vuc", "")
    if linh_vuc and linh_vuc not in ChiTieu.LinhVuc.values:
        raise Http404("Lĩnh vực không hợp lệ.")
    xem = request.GET.get("xem", "")
    if xem not in ("", XEM_DU_BAO):
        raise Http404("Cách xem không hợp lệ (trạng thái, hoặc xem=du_bao).")
    nhom, sap_xep = _nhom_va_sap_xep(request)
    ky, pv = _ky_va_pham_vi(request)
    cac_don_vi, chon = pv.cac_don_vi, pv.goc
    tq = (bc.tong_quan(ky, cac_don_vi, linh_vuc, chi_da_duyet(request), du_bao=xem == XEM_DU_BAO and dang == "",
                       nhom=nhom if dang == "" else None, sap_xep=sap_xep)
          if ky and cac_don_vi else None)
    if dang == "xlsx":
        if tq is None:
            raise Http404("Chưa có số liệu để tải về.")
        return xuat_bang.tep_xlsx(f"tong-quan-{chon.ma}-{ky.slug}", [xuat_bang.bang_tong_quan(tq)])
    nop = None
    if tq is not None and (quyen.co_the_duyet(request.user) or quyen.LANH_DAO in quyen.vai_tro(request.user)):
        nop = qs.tong_quan_nop(ky, {dv.id for dv in cac_don_vi}, qs.hom_nay())
    return render(request, "baocao/tong_quan.html", {
        "ky": ky, "cac_don_vi": cac_don_vi, "cac_goc": pv.cac_goc, "goc": chon, "tq": tq, "cac_ky": _cac_ky(),
        "co_don_vi": pv.co_don_vi, "thay_cho": pv.thay_cho,
        "q_nhom": "?" + urlencode({k: v for k, v in (("ky", ky.slug if ky else ""), ("linh_vuc", linh_vuc),
                                                     ("tinh", chon.ma if chon and len(pv.cac_goc) > 1 else ""),
                                                     ("sap_xep", sap_xep), ("xem", xem)) if v}),
        "linh_vuc": linh_vuc, "cac_linh_vuc": ChiTieu.LinhVuc.choices, "xem": xem,
        "nguon_danh_gia": tq.nguon_danh_gia if tq else [],
        "nop": nop, "bieu_do_nop": bieu_do_nop.ty_le_theo_ky(nop) if nop else None,
    })


@truy_cap(XEM)
def don_vi_moi_nhat(request: HttpRequest, ma_don_vi: str) -> HttpResponse:
    """A unit's page for the default period of its tree as the user sees it (the one the
    overview of that province opens on, `selectors.ky_mac_dinh`), or the latest period."""
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    xem_duoc = _XemDuoc(request)
    theo_id = {dv.id: dv for dv in xem_duoc.dong}
    goc = theo_id.get(don_vi.id, don_vi)
    while goc.cha_id in theo_id:
        goc = theo_id[goc.cha_id]
    ky = (selectors.ky_mac_dinh(xem_duoc.goc_va_pham_vi(goc.ma)[2])
          or KyBaoCao.objects.order_by("-nam", "-so_thang").first())
    if ky is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    return redirect("baocao-don-vi", ma_don_vi=don_vi.ma, ky=ky.slug)


@truy_cap(XEM)
@bo_dem.giu_trang(chi_da_duyet)
def don_vi(request: HttpRequest, ma_don_vi: str, ky: str) -> HttpResponse:
    """One unit, all indicators, for one period, with the chart of its cumulative
    indicators against its plan sources, and — before month 12 — the forecast of the
    year with its verdicts and track record."""
    dang = _dang(request)
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    ky_bao_cao = selectors.lay_ky(ky)
    duyet = chi_da_duyet(request)
    bang = selectors.bang_don_vi(don_vi, ky_bao_cao, chi_da_duyet=duyet)
    if dang == "xlsx":
        return xuat_bang.tep_xlsx(f"{don_vi.ma}-{ky_bao_cao.slug}", [xuat_bang.bang_don_vi(bang, duyet)])
    du_bao.gan_du_bao(ky_bao_cao, [(don_vi, d) for d in bang.dong], chi_da_duyet=duyet)
    rieng, cap_duoi = selectors.trang_thai_nop_va_cap_duoi(don_vi, ky_bao_cao, quyen.id_don_vi_xem_duoc(request.user))
    return render(
        request,
        "baocao/don_vi.html",
        {
            "don_vi": don_vi,
            "ky": ky_bao_cao,
            "bang": bang,
            "cac_nguon": bang.cac_nguon,
            "so_cot": 6 + 2 * len(bang.cac_nguon),
            "mo_ta_bieu_do": charts.mo_ta_bieu_do_don_vi(bang),
            "so_chi_tieu": bang.so_chi_tieu,
            "dong_bieu_do": charts.dong_luy_ke(bang),
            "bieu_do": charts.bieu_do_don_vi(bang),
            "cac_ky": _cac_ky(),
            "co_the_nhap": quyen.co_quyen_nhap(request.user, don_vi),
            "chi_da_duyet": duyet,
            "trang_thai_nop": rieng,
            "dem_trang_thai_con": selectors.dem_trang_thai_nop(cap_duoi),
            "giai_trinh": list(qs.giai_trinh_mo(don_vi, ky_bao_cao).values()),
            "hoi_duoc": quyen.co_the_hoi(request.user),
            "du_bao": [d for d in bang.dong if d.du_bao is not None],
            "nguon_goc": _nguon_goc(don_vi, ky_bao_cao),
        },
    )


def _nguon_goc(don_vi, ky: KyBaoCao) -> ke_thua.NguonGoc | None:
    """Where a unit founded in a reform came from, on every period of its page; what
    succeeded an old unit, on the pages of its last years (the year it ended and after).
    None — and no query — for every other page, so an old unit's earlier pages stay as
    they were."""
    ngung = don_vi.ngay_ngung_hoat_dong
    if don_vi.ngay_thanh_lap is None and (ngung is None or ky.nam < ngung.year):
        return None
    return ke_thua.nguon_goc(don_vi)


@truy_cap(XEM)
@bo_dem.giu_trang(chi_da_duyet)
def chi_tieu(request: HttpRequest, ma_chi_tieu: str, ky: str) -> HttpResponse:
    """One indicator across the units the user may see, one province at a time
    (`?tinh=`): ranked, charted, and the province total where the indicator sums."""
    dang = _dang(request)
    ct = selectors.lay_chi_tieu(ma_chi_tieu)
    ky_bao_cao = selectors.lay_ky(ky)
    pv = _pham_vi(request, ky_bao_cao)
    goc, chon, cac_don_vi = pv.cac_goc, pv.goc, pv.cac_don_vi
    nhom, sap_xep = _nhom_va_sap_xep(request)
    xh = bc.xep_hang(ct, ky_bao_cao, cac_don_vi, chi_da_duyet(request), du_bao=dang == "",
                     nhom=nhom if dang == "" else None, sap_xep=sap_xep)
    if dang == "xlsx":
        ten = f"{ct.ma}-{chon.ma}-{ky_bao_cao.slug}" if chon else f"{ct.ma}-{ky_bao_cao.slug}"
        return xuat_bang.tep_xlsx(ten, [xuat_bang.bang_xep_hang(xh)])
    return render(request, "baocao/chi_tieu.html", {
        "ct": xh.chi_tieu, "ky": ky_bao_cao, "xh": xh, "bieu_do": charts.bieu_do_xep_hang(xh),
        "cac_nguon": xh.cac_nguon,
        "cac_ky": _cac_ky(), "cac_chi_tieu": xh.cac_chi_tieu, "cac_goc": goc, "goc": chon,
        "tham_so_tinh": f"?tinh={chon.ma}" if len(goc) > 1 else "", "thay_cho": pv.thay_cho,
        "so_cot": 6 + 2 * len(xh.cac_nguon) + (ky_bao_cao.so_thang < 12),
        "q_nhom": "?" + "".join(f"{k}={v}&" for k, v in (("tinh", chon.ma if chon and len(goc) > 1 else ""),
                                                         ("sap_xep", sap_xep)) if v),
    })


@truy_cap(XEM)
@bo_dem.giu_trang(chi_da_duyet)
def xu_huong(request: HttpRequest, ma_don_vi: str, ma_chi_tieu: str) -> HttpResponse:
    """One unit's indicator year over year: one line per year across its periods' months."""
    dang = _dang(request)
    don_vi = quyen.lay_don_vi(request.user, ma_don_vi)
    xh = bc.xu_huong(don_vi, selectors.lay_chi_tieu(ma_chi_tieu), chi_da_duyet(request))
    if dang == "xlsx":
        return xuat_bang.tep_xlsx(f"xu-huong-{don_vi.ma}-{xh.chi_tieu.ma}", [xuat_bang.bang_xu_huong(xh)])
    return render(request, "baocao/xu_huong.html", {
        "don_vi": don_vi, "ct": xh.chi_tieu, "xh": xh, "bieu_do": charts.bieu_do_xu_huong(xh),
        "cac_thang": [(t, ten_so_thang_ngan(t)) for t in xh.cac_thang],
        "qua_cac_ky": ", ".join(ten_so_thang_ngan(t)[:1].lower() + ten_so_thang_ngan(t)[1:] for t in xh.cac_thang),
        "bang": [(nam, [(t, xh.cua(nam, t), xh.trang_thai(nam, t)) for t in xh.cac_thang])
                 for nam in reversed(xh.cac_nam)],
        "cac_chi_tieu": xh.cac_chi_tieu,
    })
