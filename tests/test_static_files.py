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


def test_the_vendored_plotly_is_the_one_the_python_package_ships():
    cua_goi = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert (GOC / "static/vendor/plotly/plotly.min.js").read_bytes() == cua_goi.read_bytes()


def test_vendored_files_come_with_their_licences():
    assert (GOC / "static/vendor/bootstrap/LICENSE").exists()
    assert (GOC / "static/vendor/plotly/LICENSE.txt").exists()
