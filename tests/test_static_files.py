"""Nothing is fetched from outside the site: intranets are often offline."""

import re
from pathlib import Path

import plotly

GOC = Path(__file__).resolve().parent.parent
# An address with a host: http://x, https://x or protocol-relative //x in src, href,
# url(), @import or fetch. Namespace URIs of SVG/XML are not fetched and are allowed.
DIA_CHI_NGOAI = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//""",
                           re.I)


def _tep(thu_muc: str, *duoi: str):
    for tep in (GOC / thu_muc).rglob("*"):
        if tep.suffix in duoi and "vendor" not in tep.parts:
            yield tep


def test_templates_and_our_static_files_reference_no_outside_host():
    tim_thay = [
        f"{tep.relative_to(GOC)}: {khop.group(0)}"
        for tep in [*_tep("templates", ".html", ".txt"), *_tep("static", ".css", ".js", ".html")]
        for khop in DIA_CHI_NGOAI.finditer(tep.read_text(encoding="utf-8"))
    ]
    assert tim_thay == []


def _phien_ban_plotly_js(van_ban: str) -> str:
    return re.search(r"plotly\.js(?: \([a-z -]+\))? v(\d+\.\d+\.\d+)", van_ban[:400]).group(1)


def test_the_vendored_plotly_bundle_is_the_version_the_python_package_draws_for():
    """The partial bundle (plotly.js-basic-dist-min: bar, scatter, pie) is the same
    plotly.js release as the full one inside the pinned Python package, whose figures
    (`baocao/charts.py`, `quytrinh/bieu_do.py`) it draws."""
    cua_goi = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    ban_chia = (GOC / "static/vendor/plotly/plotly-basic.min.js").read_text(encoding="utf-8")
    assert "plotly.js (basic - minified)" in ban_chia[:200]
    assert _phien_ban_plotly_js(ban_chia) == _phien_ban_plotly_js(cua_goi)


def test_every_trace_the_app_draws_is_in_the_basic_bundle():
    from baocao import charts
    from quytrinh import bieu_do

    nguon = Path(charts.__file__).read_text(encoding="utf-8") + Path(bieu_do.__file__).read_text(encoding="utf-8")
    loai = set(re.findall(r"go\.(Bar|Scatter|Pie|Heatmap|Box|Histogram|Indicator|Table|Sunburst|Treemap)\(", nguon))
    loai |= {t.capitalize() for t in re.findall(r"\.add_(\w+)\(", nguon)} - {"Shape", "Annotation", "Trace", "Hline", "Vline",
                                                                       "Hrect", "Vrect", "Layout_image"}
    loai |= {t.capitalize() for t in re.findall(r'["\']type["\']\s*:\s*["\'](\w+)["\']', nguon)} - {"Category", "Linear", "Log", "Date"}
    assert loai and loai <= {"Bar", "Scatter", "Pie"}, loai


def test_vendored_files_come_with_their_licences():
    assert (GOC / "static/vendor/bootstrap/LICENSE").exists()
    assert (GOC / "static/vendor/plotly/LICENSE.txt").exists()
