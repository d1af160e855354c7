"""Template helpers of the dashboards."""

import re
from html import escape as _escape_html

from django import template
from django.conf import settings
from django.template.defaultfilters import date as _bo_loc_ngay
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from chitieu import dinh_dang, hien_thi, tinh_toan

register = template.Library()


@register.simple_tag(takes_context=True)
def thay_tham_so(context, **tham_so) -> str:
    """The current page's query string with some parameters replaced (and never the
    download switch `dang`): {% thay_tham_so duyet=1 %} → "?ky=2023-6t&duyet=1"."""
    cac = context["request"].GET.copy()
    cac.pop("dang", None)
    for ten, gia_tri in tham_so.items():
        cac[ten] = str(gia_tri)
    return "?" + cac.urlencode()


# -- the overview's rows, written here instead of by an {% include %} per row and cell ---------
#
# At 130 communes × 25 indicators the includes and filters of one cell, repeated 3,000
# times, were most of the page's time. These tags write the same bytes the templates
# `_dong_tong_quan.html`, `_don_vi_cham.html` and `_chi_tieu_cham.html` wrote until
# commit 32d73b2 (held by tests/baocao: the golden 2023 overview, the heatmap's and
# "Đang chậm" tests), every value escaped as a template would, the text that only
# depends on an indicator and a status made once per page.

_KY_HIEU_TRANG_THAI = {tinh_toan.DAT: "Đ", tinh_toan.CHAM: "C", tinh_toan.CHAM_NHIEU: "CN"}
_O_NGOAI_BO = ('<td class="o-ngoai-bo" title="Không thuộc bộ chỉ tiêu của đơn vị này">'
               '<span class="visually-hidden">không thuộc bộ chỉ tiêu</span></td>')


def _chu(gia_tri) -> str:
    """A value as `{{ gia_tri }}` writes it: localized, then escaped. A plain string is
    only escaped and an int written as is (what `localize` gives without thousands
    separators), without Django's slower generic path."""
    loai = type(gia_tri)
    if loai is str:
        return _escape_html(gia_tri)
    if loai is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(gia_tri)
    return conditional_escape(localize(gia_tri))


def _nhan_nop(tt, nhan: dict[str, str] | None = None) -> str:
    """`_nhan_nop.html`. `nhan`: the badges already written on the page, by status (a
    status always reads the same)."""
    if nhan is not None:
        if tt.trang_thai not in nhan:
            nhan[tt.trang_thai] = _nhan_nop(tt)
        return nhan[tt.trang_thai]
    return (f'<span class="badge nop-{_chu(tt.trang_thai)} nhan-nop" title="Trạng thái nộp số liệu">'
            f'{_chu(tt.get_trang_thai_display())}</span>\n')


_CHO_MA = "ma-don-vi-o-day"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _url_don_vi(ky):
    """The (escaped) address of a unit's page of `ky`, by the unit's code: resolved once,
    the code put in its place (a slug is written into a URL as it is; anything else is
    resolved on its own)."""
    mau = reverse("baocao-don-vi", args=[_CHO_MA, ky.slug])

    def url(ma_don_vi: str) -> str:
        if type(ma_don_vi) is str and _SLUG.fullmatch(ma_don_vi):
            return _escape_html(mau.replace(_CHO_MA, ma_don_vi, 1))
        return conditional_escape(reverse("baocao-don-vi", args=[ma_don_vi, ky.slug]))

    return url


@register.simple_tag(takes_context=True)
def dong_tong_quan(context, cac_dong) -> str:
    """The heatmap rows of `cac_dong` (`DongTongQuan`): {% dong_tong_quan tq.dong %}. Needs tq, ky."""
    tq, ky = context["tq"], context["ky"]
    url_don_vi = _url_don_vi(ky)
    o_trang_thai: dict[tuple[str, str], tuple[str, str]] = {}
    phan = []
    for d in cac_dong:
        url = url_don_vi(d.don_vi.ma)
        phan.append(f'\n      <tr id="dv-{_chu(d.don_vi.ma)}">\n'
                    f'        <th scope="row" class="cot-don-vi cap-{_chu(d.cap)} fw-normal"><a href="{url}">'
                    f'{_chu(d.don_vi.ten)}</a> {_nhan_nop(d.trang_thai_nop)}</th>\n'
                    f'        <td class="so so-dat">{_chu(d.so_du_kien_dat if tq.du_bao else d.so_dat)}/'
                    f'{_chu(d.so_chi_tieu)}</td>\n        ')
        for o in d.o:
            if o is None:
                phan.append(_O_NGOAI_BO)
            elif tq.du_bao:
                phan.append(_o_du_bao(o, url))
            else:
                khoa = (o.chi_tieu.ma, o.trang_thai)
                if khoa not in o_trang_thai:
                    ma, tt = _chu(o.chi_tieu.ma), _chu(o.trang_thai)
                    o_trang_thai[khoa] = (
                        f'<td><a class="o-nhiet tt-{tt}" href="',
                        f'#ct-{ma}" title="{ma} · {_chu(dinh_dang.TEN_TRANG_THAI.get(o.trang_thai, o.trang_thai))}">'
                        f'{_KY_HIEU_TRANG_THAI.get(o.trang_thai, "–")}</a></td>')
                dau, cuoi = o_trang_thai[khoa]
                phan.append(f"{dau}{url}{cuoi}")
        phan.append("\n      </tr>\n")
    return mark_safe("".join(phan))


def _o_du_bao(o, url: str) -> str:
    """A cell of the forecast view (`?xem=du_bao`): its verdict's symbol, linked to the forecast."""
    du_bao = o.du_bao
    kl = du_bao.chinh if du_bao is not None else None
    ket_luan = kl.ket_luan if kl is not None else ""  # a template's missing value is ""
    ma = _chu(o.chi_tieu.ma)
    gia_tri = getattr(getattr(du_bao, "du_bao", None), "gia_tri", None)
    khoang = (f" · dự báo {_chu(hien_thi.khoang_du_bao(du_bao, True) if du_bao else '')}"
              if gia_tri is not None else "")
    return (f'<td><a class="o-nhiet kl-{_chu(ket_luan or "khong")}" data-ket-luan="{_chu(ket_luan or "")}" '
            f'href="{url}#du-bao-{ma}" title="{ma} · {_chu(hien_thi.TEN_KET_LUAN.get(ket_luan, "Chưa đánh giá"))}'
            f'{khoang}">{_chu(hien_thi.KY_HIEU_KET_LUAN.get(ket_luan, "–"))}</a></td>')


@register.simple_tag(takes_context=True)
def don_vi_cham(context, cac) -> str:
    """The units of "Đang chậm" (`DonViCham`), each with its cells behind plan (four, then
    the others folded): {% don_vi_cham cac %}. Needs ky."""
    url_don_vi = _url_don_vi(context["ky"])
    phan = []
    mau: dict[tuple, tuple[str, str]] = {}
    for c in cac:
        url = url_don_vi(c.dong.don_vi.ma)
        so_cham_nhieu = c.so_cham_nhieu
        phan.append(f'\n    <li class="don-vi-cham" data-ma="{_chu(c.dong.don_vi.ma)}">\n'
                    f'      <a class="ten-don-vi-cham" href="{url}">{_chu(c.dong.don_vi.ten)}</a>\n'
                    f'      <span class="small text-secondary">· {_chu(len(c.o))} chỉ tiêu chậm'
                    f'{f", {_chu(so_cham_nhieu)} chậm nhiều" if so_cham_nhieu else ""}</span>\n'
                    f'      <ul class="list-unstyled mb-0 chi-tieu-cham">\n        ')
        phan += [_chi_tieu_cham(o, url, mau) for o in c.o[:4]]
        phan.append("\n      </ul>\n      ")
        if len(c.o) > 4:
            phan.append(f'\n      <details class="xem-them-cham">\n'
                        f'        <summary>và {_chu(len(c.o) - 4)} chỉ tiêu chậm khác</summary>\n'
                        f'        <ul class="list-unstyled mb-0 chi-tieu-cham">\n          ')
            phan += [_chi_tieu_cham(o, url, mau) for o in c.o[4:]]
            phan.append("\n        </ul>\n      </details>\n      ")
        phan.append("\n    </li>\n")
    return mark_safe("".join(phan))


def _chi_tieu_cham(o, url: str, mau: dict[tuple, tuple[str, str]]) -> str:
    """One cell behind plan of a unit of "Đang chậm". `mau`: the markup around the URL and
    the number, by what it is made of (the same for every unit late on an indicator)."""
    chinh = o.chinh
    so_bang_chenh_lech = chinh is not None and chinh.danh_gia.so_bang_chenh_lech
    ct = o.chi_tieu
    khoa = (ct.ma, ct.ten, ct.nhan_ngan, o.trang_thai, so_bang_chenh_lech,
            chinh.nguon.ten if chinh is not None else None)
    if khoa not in mau:
        so_voi = "so với " if so_bang_chenh_lech else ""
        nguon = _chu(chinh.nguon.ten) if chinh is not None else ""
        ma = _chu(ct.ma)
        ten_tt = _chu(dinh_dang.TEN_TRANG_THAI.get(o.trang_thai, o.trang_thai).lower())
        mau[khoa] = (f'#ct-{ma}" data-ma="{ma}" title="{ma} · {_chu(ct.ten)} · {so_voi}{nguon} · '
                     f'{ten_tt}"><span class="o-nhiet tt-{_chu(o.trang_thai)}" aria-hidden="true">'
                     f'{"CN" if o.trang_thai == tinh_toan.CHAM_NHIEU else "C"}</span> '
                     f'<span class="ten-ct-cham">{_chu(ct.nhan_ngan)}</span> '
                     f'<strong class="pt-cham">',
                     f'</strong><span class="visually-hidden"> {so_voi}{nguon}, {ten_tt}</span></a></li>\n')
    giua, cuoi = mau[khoa]
    return f'<li><a href="{url}{giua}{_chu(hien_thi.voi_ke_hoach(o, chinh))}{cuoi}'


# -- the report's comparison of units (`_bao_cao_so_sanh.html`) --------------------------------


@register.simple_tag
def o_so_sanh_don_vi(cac_dong) -> str:
    """The cells of one indicator's row for each unit below (`DongChiTieu`, None where the
    unit's set lacks it): % of plan (or the gap) coloured by status — the markup the
    template wrote with a `{% with %}` and two filters per cell until commit 32d73b2."""
    phan = []
    quanh_o: dict[str, tuple[str, str]] = {}  # status → the markup before and after the number
    for d in cac_dong:
        if d is None:
            phan.append('<td class="so text-secondary" title="Không thuộc bộ chỉ tiêu của đơn vị">·</td>')
            continue
        if d.trang_thai not in quanh_o:
            ten = _chu(dinh_dang.TEN_TRANG_THAI[d.trang_thai])
            quanh_o[d.trang_thai] = (f'<td class="so o-tt o-tt-{_chu(d.trang_thai)}" title="{ten}">',
                                     f'<span class="visually-hidden"> ({ten})</span></td>')
        dau, cuoi = quanh_o[d.trang_thai]
        phan.append(f"{dau}{_chu(hien_thi.voi_ke_hoach(d, d.chinh))}{cuoi}")
    return mark_safe("".join(phan))


# -- the ranking's rows (`chi_tieu.html`) ------------------------------------------------------
#
# The same bytes `_dong_xep_hang.html` wrote with its five includes per row (`_o_ke_hoach`,
# `_o_th`, `_o_so_sanh`, `_nhan_nop`, `_ket_luan`), which at 130 communes were about half
# of the page's time. The cells' opening markup depends only on the table's plan sources
# and is made once per page.


def _cac_o_nguon(cac_nguon) -> tuple[list[str], list[tuple[str, str]]]:
    """The opening of each plan source's cells: its plan (`_o_ke_hoach.html`) and its
    comparison (`_o_so_sanh.html`, without and with "so-chinh")."""
    dau_kh, dau_ss = [], []
    for ng in cac_nguon:
        ma, ten_ngan = _chu(ng.ma), _chu(ng.ten_ngan)
        dau_kh.append(f'<td class="so kh-{ma}" data-nhan="{ten_ngan}">')
        dau_ss.append((f'<td class="so pt-{ma}" data-nhan="So {ten_ngan}">',
                       f'<td class="so pt-{ma} so-chinh" data-nhan="So {ten_ngan}">'))
    return dau_kh, dau_ss


def _o_ke_hoach(dong, cac_nguon, dau_kh: list[str]) -> str:
    """`_o_ke_hoach.html`: the plan of each source, "đc" on a revision."""
    phan = []
    so_le = int(dong.chi_tieu.so_le)
    for ng, dau in zip(cac_nguon, dau_kh):
        so = dong.theo_nguon(ng.ma)
        kh = so.kh if so is not None else None
        if not kh:
            chu = dinh_dang.KHONG_CO
        else:
            chu = dinh_dang.ke_hoach(kh.kieu, kh.gia_tri, kh.gia_tri_den, so_le)
        phan.append(f"{dau}{_chu(chu)}")
        if kh is not None and kh.dieu_chinh:
            theo = f" theo {_chu(kh.can_cu)}" if kh.can_cu else ""
            phan.append(f'<sup class="text-secondary" title="Kế hoạch điều chỉnh{theo}, hiệu lực từ '
                        f'{_chu(_bo_loc_ngay(kh.hieu_luc_tu, "d/m/Y"))}">đc</sup>')
        phan.append("</td>\n")
    return "".join(phan)


def _o_th(dong) -> str:
    """`_o_th.html`: the figure of the period (an estimate marked "ư")."""
    th = dong.th
    if th.gia_tri is None:
        if th.so_don_vi_thieu:
            trong = (f'<span class="text-secondary small">thiếu {_chu(th.so_don_vi_thieu)}/'
                     f'{_chu(th.so_don_vi_con)} đơn vị</span>')
        else:
            trong = '<span class="text-secondary small">chưa có số liệu</span>'
        return f'<td class="so fw-semibold th" data-nhan="Thực hiện">\n  \n    {trong}\n  \n</td>\n'
    uoc = '<sup class="text-secondary" title="Số ước tính">ư</sup>' if th.la_uoc else ""
    return (f'<td class="so fw-semibold th" data-nhan="Thực hiện">\n  '
            f'{_chu(dinh_dang.so(th.gia_tri, int(dong.chi_tieu.so_le)))}{uoc}\n</td>\n')


def _o_so_sanh(dong, cac_nguon, dau_ss: list[tuple[str, str]]) -> str:
    """`_o_so_sanh.html`: against each source, against the same period, the status."""
    phan = []
    for ng, (dau, dau_chinh) in zip(cac_nguon, dau_ss):
        so = dong.theo_nguon(ng.ma)
        phan.append(f"{dau_chinh if so is not None and so.chinh else dau}"
                    f"{_chu(hien_thi.voi_ke_hoach(dong, so))}</td>\n")
    ct, cung_ky = dong.chi_tieu, dong.so_cung_ky
    chu_cung_ky = (dinh_dang.chenh_lech(cung_ky.chenh_lech, ct.so_le, ct.don_vi_tinh) if cung_ky.bang_chenh_lech
                   else dinh_dang.phan_tram(cung_ky.phan_tram))
    ghi_chu = (f'<span class="d-block small text-secondary ghi-chu-dia-gioi">{_chu(dong.ghi_chu_dia_gioi)}</span>'
               if dong.ghi_chu_dia_gioi else "")
    phan.append(f'<td class="so" data-nhan="So cùng kỳ">{_chu(chu_cung_ky)}{ghi_chu}</td>\n'
                f'<td class="o-trang-thai" data-nhan="Đánh giá"><span class="badge trang-thai '
                f'tt-{_chu(dong.trang_thai)}">{_chu(dinh_dang.TEN_TRANG_THAI[dong.trang_thai])}</span></td>\n')
    return "".join(phan)


def _ket_luan(kl) -> str:
    """`_ket_luan.html`: a forecast's verdict against one source."""
    if kl.ket_luan:
        return (f'<span class="badge ket-luan kl-{_chu(kl.ket_luan)}" data-ket-luan="{_chu(kl.ket_luan)}">'
                f'{_chu(hien_thi.TEN_KET_LUAN.get(kl.ket_luan, "Chưa đánh giá"))}</span>\n')
    kh = getattr(getattr(kl, "so", None), "kh", None)
    khong_kh = getattr(kh, "gia_tri", None) is None
    return (f'<span class="small text-secondary" data-ket-luan="">'
            f'{"chưa có kế hoạch" if khong_kh else "chưa đánh giá"}</span>\n')


def _o_du_bao_xep(d) -> str:
    """The ranking's year-end forecast cell (periods shorter than a year)."""
    dong, kl = d.dong, d.du_bao_xep
    du_bao = dong.du_bao
    phan = [f'<td class="o-du-bao" data-nhan="Dự báo cả năm" '
            f'data-ket-luan="{_chu(getattr(kl, "ket_luan", None) or "")}">']
    if getattr(getattr(du_bao, "du_bao", None), "gia_tri", None) is None:
        phan.append('<span class="text-secondary small">không dự báo</span>')
    else:
        phan.append(f'<span class="so d-inline-block">'
                    f'{_chu(hien_thi.khoang_du_bao(du_bao, False) if du_bao else "")}</span>')
        if kl:
            phan.append(f" {_ket_luan(kl)}")
            pt = hien_thi.phan_tram_du_bao(kl)
            if pt:
                phan.append(f' <span class="small text-nowrap">{_chu(pt)}</span>')
        phan.append(f'\n    <div class="small text-secondary">'
                    f'{_chu(hien_thi.kiem_dinh(du_bao) if du_bao else "")}</div>')
    phan.append("</td>")
    return "".join(phan)


@register.simple_tag(takes_context=True)
def dong_xep_hang(context, cac_dong, tong=False) -> str:
    """The ranking's rows of `cac_dong` (`DongXepHang`): {% dong_xep_hang xh.dong %}
    ({% dong_xep_hang xh.tong True %} for the totals). Needs ky, cac_nguon."""
    ky, cac_nguon = context["ky"], context["cac_nguon"]
    url_don_vi = _url_don_vi(ky)
    dau_kh, dau_ss = _cac_o_nguon(cac_nguon)
    co_du_bao = ky.so_thang < 12
    lop_tong = ' class="dong-tong"' if tong else ""
    nhan: dict[str, str] = {}
    phan = []
    for d in cac_dong:
        dong = d.dong
        ma = _chu(d.don_vi.ma)
        if tong:
            thu = "Tổng"
        elif d.xep_thu:
            thu = _chu(d.xep_thu)
        else:
            thu = '<span class="text-secondary">–</span>'
        phan.append(f'\n<tr id="dv-{ma}" data-ma="{ma}"{lop_tong}>\n'
                    f'  <td class="so xep-thu" data-nhan="Xếp thứ">{thu}</td>\n'
                    f'  <th scope="row" class="cot-ten fw-normal"><a href="{url_don_vi(d.don_vi.ma)}'
                    f'#ct-{_chu(dong.chi_tieu.ma)}">{_chu(d.don_vi.ten)}</a></th>\n  '
                    f'{_o_ke_hoach(dong, cac_nguon, dau_kh)}\n  {_o_th(dong)}\n  '
                    f'{_o_so_sanh(dong, cac_nguon, dau_ss)}\n  '
                    f'<td class="text-nowrap" data-nhan="Số liệu">{_nhan_nop(d.trang_thai_nop, nhan)}</td>\n  '
                    f'{_o_du_bao_xep(d) if co_du_bao else ""}\n</tr>\n\n')
    return mark_safe("".join(phan))


# -- the report's tables (`_bao_cao_bang.html`, `_bao_cao_so_sanh.html`) -------------------------


@register.simple_tag(takes_context=True)
def dong_bao_cao(context, cac_dong) -> str:
    """The rows of one field of the report's table (`DongChiTieu`), the bytes the template
    wrote with three includes per row: {% dong_bao_cao cac_dong %}. Needs cac_nguon."""
    cac_nguon = context["cac_nguon"]
    dau_kh, dau_ss = _cac_o_nguon(cac_nguon)
    phan = []
    for dong in cac_dong:
        ct = dong.chi_tieu
        ma = _chu(ct.ma)
        cung_ky = dong.th_cung_ky
        dg = (f'<sup class="text-secondary" title="{_chu(cung_ky.ghi_chu_dia_gioi)}">đg</sup>'
              if cung_ky.theo_dia_gioi_moi else "")
        phan.append(f'\n    <tr id="ct-{ma}" data-ma="{ma}">\n'
                    f'      <th scope="row" class="cot-ten cap-{_chu(dong.cap)} fw-normal">'
                    f'<span class="ma-ct">{ma}</span> {_chu(ct.ten)}</th>\n'
                    f'      <td class="text-nowrap" data-nhan="ĐVT">{_chu(ct.don_vi_tinh)}</td>\n      '
                    f'{_o_ke_hoach(dong, cac_nguon, dau_kh)}\n'
                    f'      <td class="so" data-nhan="TH cùng kỳ">'
                    f'{_chu(dinh_dang.so(cung_ky.gia_tri, int(ct.so_le)))}{dg}</td>\n'
                    f'      {_o_th(dong)}\n      {_o_so_sanh(dong, cac_nguon, dau_ss)}\n    </tr>\n    ')
    return mark_safe("".join(phan))


@register.simple_tag
def cot_so_sanh_don_vi(cac) -> str:
    """The head cells of the report's comparison, one per unit below with where its figures
    are (`(DonVi, TrangThaiNop)`): {% cot_so_sanh_don_vi bc.don_vi_con_va_trang_thai %}."""
    nhan: dict[str, str] = {}
    return mark_safe("".join(f'<th scope="col" class="text-end" id="ss-dv-{_chu(dv.ma)}">{_chu(dv.ten_ngan)}<br>'
                             f'{_nhan_nop(tt, nhan)}</th>' for dv, tt in cac))
