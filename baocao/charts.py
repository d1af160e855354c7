"""Plotly figures of the dashboards, as plain JSON-ready dicts (`fig.to_json()`).

They draw figures already computed by `chitieu.selectors`; nothing here computes a
percentage or a status. Numbers go out as plain numbers (never localized text);
plotly writes them the Vietnamese way through `separators=",."` — "53,04 %",
"447.142". Every chart has its numbers in a table next to it on the page.

Plotly reads tags (<a href>, <b>, <br>) in labels and hover text; names come from the
catalog, so every name goes out escaped (`_chu`): "<a href=…>" in a name is shown as
those characters, never drawn as a link.
"""

import json
import textwrap
from decimal import Decimal
from html import escape

import plotly.graph_objects as go

from chitieu import dinh_dang, selectors as cs, tinh_toan
from chitieu.models import ten_so_thang_ngan

MAU_TRANG_THAI = {
    "dat": "#1e7b34",
    "cham": "#f0ad00",
    "cham_nhieu": "#b02a37",
    "thieu_so_lieu": "#adb5bd",
}
# One colour per plan source, in the set's order.
# Plan sources: blues, purple, cyan, magenta — never a status colour (green, amber, red,
# grey), so a "KH tỉnh" bar is not read as "chậm nhiều".
MAU_NGUON = ["#2f5d8a", "#6f42c1", "#17a2b8", "#c2549d", "#3d4db7"]
# The trend's years, likewise never a status colour (plotly's own palette has a red and
# a green), the latest year in the first colour.
MAU_NAM = ["#2f5d8a", "#17a2b8", "#6f42c1", "#c2549d", "#e377c2"]
# Target lines: the expected progress, and the plan on the trend.
MAU_DUONG_KY_VONG = "#212529"
CAU_HINH = {"displayModeBar": False, "responsive": True}


def _so(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _chu(ten: str) -> str:
    """A name as plotly must get it: its characters, not markup."""
    return escape(ten, quote=False)


def _xuong_dong(ten: str, rong: int = 22) -> str:
    """A name in full, broken into lines of about `rong` characters at spaces (a word
    longer than that keeps its own line, whole): plotly's "<br>" between escaped lines."""
    return "<br>".join(_chu(dong) for dong in textwrap.wrap(ten, rong, break_long_words=False,
                                                            break_on_hyphens=False) or [""])


def _cot_nhan(fig: go.Figure, *, y: list[str], x: list[float | None], cot_x: float, mau_so: str,
              nhom: str) -> None:
    """The values of one bar series written in a column right of every bar and of the
    target line: a text-only series at x = `cot_x` (≥ every bar and the line, `_cot_x`),
    each text starting right of that point, in the bar's own row (`scattermode="group"`
    with the bars' `offsetgroup`), so a value never sits on the dashed line. The numbers
    go out as numbers (`customdata`); plotly writes them with the page's separators."""
    fig.add_scatter(
        y=y, x=[cot_x if v is not None else None for v in x], customdata=x, orientation="h", mode="text",
        texttemplate=mau_so.replace("%{x", "%{customdata"), textposition="middle right",
        textfont={"color": MAU_DUONG_KY_VONG}, offsetgroup=nhom, cliponaxis=False, showlegend=False,
        hoverinfo="skip", meta="nhan-so",
    )


def _cot_x(cac_so: list[float | None], moc: Decimal) -> float:
    """Where the value column stands: right of the longest bar and of the target line."""
    return max([x for x in cac_so if x is not None] + [float(moc), 0.0])


def _bo_cuc(fig: go.Figure, *, cao: int, **kw) -> None:
    fig.update_layout(
        separators=",.",
        height=cao,
        margin={"l": 8, "r": 12, "t": 28, "b": 24},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 13},
        legend={"orientation": "h", "yanchor": "top", "y": -0.06, "xanchor": "left", "x": 0},
        plot_bgcolor="#fff",
        paper_bgcolor="#fff",
        hoverlabel={"align": "left"},
        **kw,
    )


def _duong_doc(fig: go.Figure, x: Decimal, nhan: str) -> None:
    """A vertical line across the plot at `x` (the expected progress), labelled."""
    fig.add_shape(type="line", xref="x", yref="paper", x0=float(x), x1=float(x), y0=0, y1=1,
                  line={"color": MAU_DUONG_KY_VONG, "width": 2, "dash": "dash"})
    fig.add_annotation(x=float(x), y=1, xref="x", yref="paper", yanchor="bottom", text=nhan, showarrow=False,
                       font={"size": 12, "color": MAU_DUONG_KY_VONG})


def _khoang_x(cac_so: list[float | None], moc: Decimal) -> list[float]:
    """An x range that leaves room for the value written past the end of each bar."""
    co = [x for x in cac_so if x is not None] + [float(moc), 0.0]
    thap, cao = min(co), max(co)
    le = (cao - thap) * 0.6 or 1.0
    return [thap - (le if thap < 0 else 0), cao + le]


def _json(fig: go.Figure) -> dict:
    return {"data_layout": json.loads(fig.to_json()), "config": CAU_HINH}


def dong_luy_ke(bang: cs.BangDonVi) -> list[cs.DongChiTieu]:
    """The rows the unit chart draws: cumulative indicators compared by "% of plan"."""
    return [d for d in bang.dong if d.chi_tieu.loai == "luy_ke" and not d.so_bang_chenh_lech]


def mo_ta_bieu_do_don_vi(bang: cs.BangDonVi) -> str:
    """The chart's text alternative."""
    nguon = " và ".join(f"% {ng.ten}" for ng in bang.cac_nguon) or "% kế hoạch"
    return f"Biểu đồ {nguon} của các chỉ tiêu lũy kế; số liệu ở bảng bên cạnh"


def bieu_do_don_vi(bang: cs.BangDonVi) -> dict:
    """% of each plan source of the unit's set for each cumulative indicator of one unit,
    with the expected progress (n/12) as a line. A missing figure has no bar."""
    dong = dong_luy_ke(bang)
    nhan = [_xuong_dong(f"{d.chi_tieu.ma} {d.chi_tieu.ten}") for d in dong]
    ten_day_du = [[_chu(d.chi_tieu.ten), dinh_dang.TEN_TRANG_THAI[d.trang_thai]] for d in dong]
    # Across a reform (`chitieu.ke_thua`) the hover also says where the same period's
    # figure came from; a chart without such a row stays as it was.
    dia_gioi = any(d.ghi_chu_dia_gioi for d in dong)
    if dia_gioi:
        for o, d in zip(ten_day_du, dong):
            o.append(_ve_cung_ky(d))
    fig = go.Figure()
    ky_vong = bang.tien_do_ky_vong
    theo_nguon = [[_so(so.danh_gia.phan_tram) if (so := d.theo_nguon(ng.ma)) else None for d in dong]
                  for ng in bang.cac_nguon]
    cac_so = [v for x in theo_nguon for v in x]
    for i, (ng, x) in enumerate(zip(bang.cac_nguon, theo_nguon)):
        ten = f"% {_chu(ng.ten)}"
        fig.add_bar(
            name=ten, orientation="h", y=nhan, x=x, offsetgroup=str(i),
            marker_color=MAU_NGUON[i % len(MAU_NGUON)], customdata=ten_day_du,
            hovertemplate="<b>%{customdata[0]}</b><br>" + ten + ": %{x:.2f} %<br>%{customdata[1]}"
                          + ("%{customdata[2]}" if dia_gioi else "") + "<extra></extra>",
        )
    for i, x in enumerate(theo_nguon):
        _cot_nhan(fig, y=nhan, x=x, cot_x=_cot_x(cac_so, ky_vong), mau_so="%{x:.2f} %", nhom=str(i))
    _duong_doc(fig, ky_vong, f"Tiến độ kỳ vọng {dinh_dang.so_van_ban(ky_vong)} %")
    _bo_cuc(fig, cao=110 + 56 * max(len(dong), 1), barmode="group", bargap=0.25, scattermode="group",
            xaxis={"ticksuffix": " %", "range": _khoang_x(cac_so, ky_vong), "nticks": 5,
                   "gridcolor": "#e9ecef", "zeroline": True},
            yaxis={"autorange": "reversed", "automargin": True})
    return _json(fig)


def _ve_cung_ky(d: cs.DongChiTieu) -> str:
    """"<br>TH cùng kỳ: 290 triệu đồng (cùng kỳ tính theo địa giới mới, từ: …)"; "" for a
    row whose comparison does not cross a reform."""
    if not d.ghi_chu_dia_gioi:
        return ""
    ct, ck = d.chi_tieu, d.th_cung_ky
    so = (f"TH cùng kỳ: {dinh_dang.so_van_ban(ck.gia_tri, ct.so_le)} {_chu(ct.don_vi_tinh)} — "
          if ck.gia_tri is not None else "")
    return f"<br>{so}{_chu(d.ghi_chu_dia_gioi)}"


def bieu_do_xep_hang(xh) -> dict:
    """One indicator across units, best first, coloured by status, with the expected
    progress as a line (`baocao.selectors.XepHang`)."""
    dong = xh.xep_duoc
    ct = xh.chi_tieu
    if xh.theo_chenh_lech:
        don_vi = "điểm %" if ct.don_vi_tinh.strip() == "%" else _chu(ct.don_vi_tinh)
        mau_so = f"%{{x:+,.{ct.so_le}f}}"  # the unit is on the axis and in the hover text
        mau_di_chuot = f"{mau_so} {don_vi}"
        ten_kh = _chu(xh.nguon_xep.ten) if xh.nguon_xep else "KH"
        truc = {"title": {"text": f"TH − {ten_kh} ({don_vi})", "font": {"size": 12}}}
        nhan_duong = "Đúng kế hoạch"
    else:
        mau_so = mau_di_chuot = "%{x:.2f} %"
        truc = {"ticksuffix": " %"}
        nhan_duong = f"Tiến độ kỳ vọng {dinh_dang.so_van_ban(xh.muc_ky_vong)} %"
    dia_gioi = any(d.dong.ghi_chu_dia_gioi for d in dong)  # see `bieu_do_don_vi`
    fig = go.Figure()
    nhan = [f"{d.xep_thu}. {_chu(d.don_vi.ten_ngan)}" for d in dong]
    x = [_so(d.gia_tri_xep) for d in dong]
    fig.add_bar(
        orientation="h", y=nhan, x=x, offsetgroup="0",
        marker_color=[MAU_TRANG_THAI[d.dong.trang_thai] for d in dong],
        customdata=[[_chu(d.don_vi.ten), dinh_dang.TEN_TRANG_THAI[d.dong.trang_thai]]
                    + ([_ve_cung_ky(d.dong)] if dia_gioi else []) for d in dong],
        showlegend=False,
        hovertemplate="<b>%{customdata[0]}</b><br>" + mau_di_chuot + "<br>%{customdata[1]}"
                      + ("%{customdata[2]}" if dia_gioi else "") + "<extra></extra>",
    )
    _cot_nhan(fig, y=nhan, x=x, cot_x=_cot_x(x, xh.muc_ky_vong), mau_so=mau_so, nhom="0")
    _duong_doc(fig, xh.muc_ky_vong, nhan_duong)
    _bo_cuc(fig, cao=70 + 30 * max(len(dong), 1), scattermode="group",
            xaxis={**truc, "automargin": True, "nticks": 5,
                   "range": _khoang_x([_so(d.gia_tri_xep) for d in dong], xh.muc_ky_vong),
                   "gridcolor": "#e9ecef", "zeroline": True, "zerolinecolor": "#adb5bd"},
            yaxis={"autorange": "reversed", "automargin": True})
    return _json(fig)


def duong_ke_hoach(xh) -> tuple[int, str, list[float | None]] | None:
    """The plan line of the trend: the latest year with a plan of the source its status
    is measured against, that source's name, and for each month column the number that
    plan asks to meet (`tinh_toan.muc_tieu`: a bound's own end) in the version in force
    at that period's end — a month without a period takes the nearest month's; None when
    no year has a plan."""
    ct = xh.chi_tieu
    for nam in reversed(xh.cac_nam):
        muc: dict[int, float] = {}
        ten = ""
        for t in xh.cac_thang:
            o = xh.cua(nam, t)
            so = o.chinh if o else None
            if so is None:
                continue
            gia_tri, _ = tinh_toan.muc_tieu(chieu=ct.chieu, kieu=so.kh.kieu, kh=so.kh.gia_tri, kh_den=so.kh.gia_tri_den)
            if gia_tri is not None:
                muc[t] = float(gia_tri)
                ten = so.nguon.ten
        if muc:
            return nam, ten, [muc[min(muc, key=lambda m: (abs(m - t), -m))] for t in xh.cac_thang]
    return None


def bieu_do_xu_huong(xh) -> dict:
    """One line per year across the months of its columns (`baocao.selectors.XuHuong`):
    3/6/9/12 and any other month with a period. A period without a figure leaves a gap
    in its line, never a 0. Where a plan exists, a dashed line at the latest year's plan
    (`duong_ke_hoach`)."""
    ct = xh.chi_tieu
    thang = xh.cac_thang
    fig = go.Figure()
    hover = f"<b>{{nam}}</b> · %{{{{x}}}}<br>%{{{{y:,.{ct.so_le}f}}}} {_chu(ct.don_vi_tinh)}"
    cac_nam_ve = [nam for nam in xh.cac_nam if any(xh.cua(nam, t) and xh.cua(nam, t).th.gia_tri is not None
                                                   for t in thang)]
    mau_nam = {nam: MAU_NAM[i % len(MAU_NAM)] for i, nam in enumerate(reversed(cac_nam_ve))}
    for nam in xh.cac_nam:
        y = [_so(o.th.gia_tri) if (o := xh.cua(nam, t)) else None for t in thang]
        if all(v is None for v in y):
            continue
        # Periods before a unit's founding, built from its predecessors (`chitieu.ke_thua`):
        # open markers, a dotted line, and the hover says where the figure came from.
        ghi_chu = [o.th.ghi_chu_truoc_thanh_lap if (o := xh.cua(nam, t)) and o.th.theo_dia_gioi_moi else ""
                   for t in thang]
        them = {}
        if any(ghi_chu):
            them = {"customdata": [_chu(g) for g in ghi_chu],
                    "marker": {"symbol": ["circle-open" if g else "circle" for g in ghi_chu], "size": 9},
                    "line": {"dash": "dot"}}
        them.setdefault("line", {})["color"] = mau_nam[nam]
        them.setdefault("marker", {})["color"] = mau_nam[nam]
        fig.add_scatter(
            name=f"{nam} (tính theo địa giới mới)" if them.get("customdata") else str(nam),
            x=[ten_so_thang_ngan(t) for t in thang], y=y, mode="lines+markers", connectgaps=False,
            hovertemplate=hover.format(nam=nam) + ("<br>%{customdata}" if them.get("customdata") else "")
                          + "<extra></extra>",
            **them,
        )
    if kh := duong_ke_hoach(xh):
        nam, ten, y = kh
        fig.add_scatter(
            name=f"{_chu(ten)} {nam}", x=[ten_so_thang_ngan(t) for t in thang], y=y, mode="lines",
            line={"color": MAU_DUONG_KY_VONG, "dash": "dash", "width": 2}, meta="ke-hoach",
            hovertemplate=f"<b>{_chu(ten)} {nam}</b><br>%{{y:,.{ct.so_le}f}} {_chu(ct.don_vi_tinh)}<extra></extra>",
        )
    _bo_cuc(fig, cao=380, xaxis={"type": "category", "gridcolor": "#e9ecef"},
            yaxis={"title": {"text": _chu(ct.don_vi_tinh)}, "tickformat": f",.{ct.so_le}f", "gridcolor": "#e9ecef",
                   "automargin": True})
    return _json(fig)
