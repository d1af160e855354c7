"""No page or static file references an outside host: district intranets are often
offline, and the Content-Security-Policy (`default-src 'self'`) would block it anyway.

What counts as "referencing": anything that makes a browser fetch or navigate — an
address in a src/href/action attribute, a CSS url() or @import, a script's fetch /
XMLHttpRequest / import / WebSocket target. Our own templates, CSS and JS may not even
contain an outside address (XML namespace names such as http://www.w3.org/2000/svg are
identifiers, never fetched, and are allowed).

The vendored plotly-basic.min.js holds addresses in its code: map tiles and fonts of its map
traces, the topojson of its geo traces, "Edit in Chart Studio"/logo links of its mode bar,
licence comments and error messages. None is fetched unless a chart uses those traces
or that mode bar: ours draw bars and lines only, with the mode bar off (checked here),
and the browser test records every request a chart page makes (tests/e2e/test_bieu_do.py).
Every host in the vendored files is listed below with why it is harmless, so an upgrade
that adds one fails here and gets looked at.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from baocao import charts, selectors as bc
from chitieu import selectors
from chitieu.models import ChiTieu, DonVi, KyBaoCao

GOC = Path(__file__).resolve().parent.parent

DIA_CHI = re.compile(r"(?:https?:)?//[a-z0-9][a-z0-9.-]*\.[a-z]{2,}", re.I)
KHONG_GIAN_TEN = re.compile(r"https?://www\.w3\.org/", re.I)
# Fetching or navigating to an outside address, in HTML, CSS or JS.
THAM_CHIEU_NGOAI = re.compile(
    r"""(?:\b(?:src|href|action|formaction|poster|srcset)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+(?:url\()?\s*["']?(?:https?:)?//)"""
    r"""|(?:\b(?:fetch|import|open|WebSocket|EventSource)\s*\(\s*"""
    r"""(?:["'][A-Z]+["']\s*,\s*)?["'`](?:https?:|wss?:)?//)""",
    re.I,
)

# Hosts written in the vendored files, and why no page of ours ever reaches them.
HOST_TRONG_THU_VIEN = {
    "www.w3.org": "XML/SVG namespace names, never fetched",
    "getbootstrap.com": "licence comment",
    "github.com": "licence comments and links in error messages",
    "plotly.com": "mode-bar logo link (mode bar off)",
    "cloud.plotly.com": "'Edit in Chart Studio' link (showLink/showSendToCloud off by default)",
    "cdn.plot.ly": "topojson of geo traces (not used)",
    "cdn.jsdelivr.net": "map-trace worker/fonts (not used)",
    "basemaps.cartocdn.com": "map-trace tiles (not used)",
    "tiles.basemaps.cartocdn.com": "map-trace tiles (not used)",
    "fonts.openmaptiles.org": "map-trace fonts (not used)",
    "geoserveis.icgc.cat": "map-trace tiles (not used)",
    "tilemaps.icgc.cat": "map-trace tiles (not used)",
    "server.arcgisonline.com": "map-trace tiles (not used)",
    "www.esri.com": "map attribution text (not used)",
    "tile.openstreetmap.org": "map-trace tiles (not used)",
    "www.openstreetmap.org": "map attribution text (not used)",
    "wiki.openstreetmap.org": "map attribution text (not used)",
    "maplibre.org": "map-trace error message",
    "get.webgl.org": "WebGL error message text",
    "feross.org": "licence comment of a bundled library",
    "syntheti.cc": "licence comment of a bundled library",
    "getify.mit-license.org": "licence comment of a bundled library",
}
LOAI_KHONG_TAI_GI = {"bar", "scatter"}  # SVG traces that never fetch anything


def _tep_cua_minh():
    for thu_muc, duoi in (("templates", {".html", ".txt"}), ("static", {".css", ".js", ".html", ".svg"})):
        for tep in sorted((GOC / thu_muc).rglob("*")):
            if tep.suffix in duoi and "vendor" not in tep.relative_to(GOC).parts:
                yield tep


def test_our_templates_css_and_js_contain_no_outside_address():
    tim_thay = []
    for tep in _tep_cua_minh():
        van_ban = tep.read_text(encoding="utf-8")
        for khop in DIA_CHI.finditer(van_ban):
            if not KHONG_GIAN_TEN.match(van_ban, khop.start()):
                tim_thay.append(f"{tep.relative_to(GOC)}: {khop.group(0)}")
    assert tim_thay == []


def test_the_vendored_files_fetch_nothing_outside_and_every_host_in_them_is_known():
    thu_vien = sorted((GOC / "static" / "vendor").rglob("*.*"))
    assert {t.name for t in thu_vien} >= {"plotly-basic.min.js", "bootstrap.min.css", "bootstrap.bundle.min.js"}
    tham_chieu, host_la = [], set()
    for tep in thu_vien:
        if tep.suffix not in {".js", ".css"}:
            continue
        van_ban = tep.read_text(encoding="utf-8", errors="replace")
        if tep.suffix == ".css":  # a stylesheet fetches whatever its url() and @import name
            tham_chieu += [f"{tep.name}: {k.group(0)}" for k in THAM_CHIEU_NGOAI.finditer(van_ban)]
        host_la |= {h.lower() for h in re.findall(r"https?://([a-z0-9][a-z0-9.-]*\.[a-z]{2,})", van_ban, re.I)}
    assert tham_chieu == []
    assert host_la - set(HOST_TRONG_THU_VIEN) == set(), "địa chỉ mới trong thư viện: xem nó có được tải không"


def test_the_patterns_find_outside_references_and_only_those():
    """The patterns of this file find what they must (a test that cannot fail is a defect)."""
    for co in ('<script src="https://cdn.example.com/x.js">', "<link href='//fonts.example.org/a.css'>",
               "background: url(https://example.com/a.png)", '@import "https://example.com/a.css";',
               'fetch("https://example.com/api")', "xhr.open('GET', 'https://example.com/x')"):
        assert THAM_CHIEU_NGOAI.search(co), co
    for khong in ('<a href="/don-vi/an-lao/">', "url(data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'",
                  'src="{% static \'js/bieu_do.js\' %}"'):
        assert not THAM_CHIEU_NGOAI.search(khong), khong


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True), open(os.devnull, "w") as im_lang:
        call_command("nap_du_lieu_demo", stdout=im_lang)


def test_our_charts_use_only_traces_that_fetch_nothing_with_the_mode_bar_off(demo):
    ky = KyBaoCao.objects.get(nam=2023, so_thang=6)
    an_lao = DonVi.objects.get(ma="an-lao")
    ct01 = ChiTieu.objects.get(ma="CT01")
    cac_bieu_do = [
        charts.bieu_do_don_vi(selectors.bang_don_vi(an_lao, ky)),
        charts.bieu_do_xep_hang(bc.xep_hang(ct01, ky, list(DonVi.objects.all()))),
        charts.bieu_do_xu_huong(bc.xu_huong(an_lao, ct01)),
    ]
    for bieu_do in cac_bieu_do:
        assert {vet["type"] for vet in bieu_do["data_layout"]["data"]} <= LOAI_KHONG_TAI_GI
        assert bieu_do["config"]["displayModeBar"] is False
        assert not {"showLink", "showSendToCloud", "topojsonURL", "mapboxAccessToken"} & set(bieu_do["config"])
        assert not DIA_CHI.search(str(bieu_do).replace("http://www.w3.org/", ""))


@pytest.mark.parametrize("ten, urls", [
    ("lanh_dao", ["/", "/?ky=2022-12t&linh_vuc=kinh_te", "/don-vi/an-lao/2023-6t/", "/don-vi/binh-dinh/2023-6t/",
                  "/chi-tieu/CT01/2023-6t/", "/chi-tieu/CT08/2023-6t/", "/xu-huong/an-lao/CT01/"]),
    ("nhap_lieu_an_lao", ["/nhap-lieu/", "/nhap-lieu/an-lao/2023-6t/", "/ke-hoach/an-lao/2023/",
                          "/lich-su/an-lao/2023-6t/"]),
    ("tong_hop", ["/tinh-trang-nop/2023-6t/"]),
    (None, ["/dang-nhap/"]),
])
def test_rendered_pages_load_everything_from_this_site(client, demo, ten, urls):
    from django.contrib.auth.models import User

    if ten:
        client.force_login(User.objects.get(username=ten))
    for url in urls:
        tra_loi = client.get(url)
        assert tra_loi.status_code == 200, url
        html = tra_loi.content.decode()
        assert not THAM_CHIEU_NGOAI.search(html), (url, THAM_CHIEU_NGOAI.search(html).group(0))
        # Every address the page names is on this site: relative, never another host.
        for dia_chi in re.findall(r"""\b(?:src|href|action)\s*=\s*["']([^"']*)["']""", html):
            assert dia_chi == "" or dia_chi.startswith(("/", "?", "#")) and not dia_chi.startswith("//"), (
                url, dia_chi)
        assert "<script>" not in html and not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))",
                                                         html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url  # no inline event handlers
