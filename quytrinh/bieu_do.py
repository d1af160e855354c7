"""The reporting-rate chart of the overview: a plotly figure built here, drawn by the
vendored plotly through static/js/bieu_do.js like every chart (no inline script).
The rates come from `quy_tac`; numbers go out unlocalized, plotly writes "87,5 %"."""

import json

import plotly.graph_objects as go

from .selectors import TongQuanNop

MAU_NOP = "#4a7fb5"
MAU_DUNG_HAN = "#1e7b34"


def ty_le_theo_ky(nop: TongQuanNop) -> dict:
    """Reporting rate and on-time rate of each period, in percent (0–100)."""
    ten = [k.ten_ngan for k, _ in nop.cac_ky]
    fig = go.Figure()
    for nhan, cot, mau in (("Tỷ lệ báo cáo", "ty_le_nop", MAU_NOP), ("Tỷ lệ đúng hạn", "ty_le_dung_han", MAU_DUNG_HAN)):
        so = [None if getattr(t, cot) is None else float(getattr(t, cot)) for _, t in nop.cac_ky]
        fig.add_trace(go.Scatter(x=ten, y=so, name=nhan, mode="lines+markers", line={"color": mau, "width": 2},
                                 hovertemplate="%{x}: %{y:.2f} %<extra>" + nhan + "</extra>"))
    fig.update_layout(
        separators=",.", height=240, margin={"l": 8, "r": 12, "t": 36, "b": 24}, plot_bgcolor="#fff",
        paper_bgcolor="#fff", font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
                                    "size": 13},
        # The legend above the plot: below it, the period names turned on a phone ran over it.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        yaxis={"range": [0, 105], "ticksuffix": " %", "gridcolor": "#e9ecef"},
        xaxis={"type": "category", "automargin": True},
    )
    return {"data_layout": json.loads(fig.to_json()), "config": {"displayModeBar": False, "responsive": True}}
