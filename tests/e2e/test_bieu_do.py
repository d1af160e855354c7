"""A leader on a phone before a meeting: the overview, a unit's chart, the .xlsx — and
every dashboard page drawn under the Content-Security-Policy at both widths."""

import re
from decimal import Decimal

from openpyxl import load_workbook
from playwright.sync_api import expect

from chitieu import dinh_dang
from tests.e2e.conftest import DIEN_THOAI, MAY_TINH, chup, dang_nhap

CHUA_CO = "chưa có số liệu"


def _theo_doi_csp(trang, goc: str) -> list[str]:
    """Collects the browser's Content-Security-Policy complaints, script errors, and any
    request that leaves this site (`goc`), on this page."""
    loi: list[str] = []
    trang.on("console", lambda tin: loi.append(tin.text) if "Content Security Policy" in tin.text else None)
    trang.on("pageerror", lambda e: loi.append(str(e)))
    trang.on("request", lambda yc: None if yc.url.startswith((goc, "data:", "blob:")) else loi.append(yc.url))
    return loi


def _cho_bieu_do(trang, id_: str) -> None:
    khung = trang.locator(f"#{id_}")
    expect(khung).to_have_attribute("data-da-ve", "1")
    expect(khung.locator("svg.main-svg").first).to_be_attached()


def test_the_leader_taps_an_lao_sees_the_chart_and_downloads_the_same_numbers(mo_trang, du_lieu_demo, tmp_path,
                                                                             live_server):
    trang = mo_trang(DIEN_THOAI)
    loi_csp = _theo_doi_csp(trang, live_server.url)
    dang_nhap(trang, "lanh_dao", "LanhDao@2023")
    trang.goto("/?ky=2023-6t")  # the home page opens on 2026, the new province's latest period
    expect(trang.get_by_role("heading", name=re.compile("Tổng quan · 6 tháng đầu năm 2023"))).to_be_visible()
    chup(trang, "bieu-do-tong-quan-dien-thoai")

    trang.locator("#bang-nhiet").get_by_role("link", name="Huyện An Lão").click()
    expect(trang).to_have_url(re.compile(r"/don-vi/an-lao/2023-6t/$"))
    _cho_bieu_do(trang, "bieu-do-don-vi")
    assert trang.evaluate("document.documentElement.scrollWidth") <= DIEN_THOAI["width"]
    chup(trang, "bieu-do-an-lao-dien-thoai")

    # The bars plotly drew carry the same numbers as the table beside the chart, in order.
    bang = trang.locator("#bang-bieu-do-don-vi tbody tr")
    cac_ma = bang.evaluate_all("dong => dong.map(d => d.dataset.ma)")
    o_bang = {
        cot: [t.strip() for t in bang.locator(f"td.{cot}").all_inner_texts()] for cot in ("pt-kh-tinh", "pt-kh-huyen")
    }
    cot_ve = trang.locator("#bieu-do-don-vi g.trace.bars")
    expect(cot_ve).to_have_count(2)
    nhan_ve = trang.locator("#bieu-do-don-vi g.scatterlayer g.trace")  # each series' value column
    expect(nhan_ve).to_have_count(2)
    for i, cot in enumerate(("pt-kh-tinh", "pt-kh-huyen")):
        ve = nhan_ve.nth(i).locator("g.textpoint text").all_text_contents()
        co_so = [t for t in o_bang[cot] if t != CHUA_CO]
        assert ve == co_so, (cot, ve, co_so)
        # …and the bars' lengths are those values (plotly's computed data).
        do_dai = trang.evaluate(f"Array.from(document.getElementById('bieu-do-don-vi').calcdata[{i}])"
                                ".map(p => p.s)")
        assert [dinh_dang.phan_tram(Decimal(str(x))) for x in do_dai if x is not None] == co_so
    # Drawn, every value stands right of the dashed expected-progress line, never on it.
    duong = trang.locator("#bieu-do-don-vi g.shapelayer path").first.bounding_box()
    for hop in (t.bounding_box() for t in nhan_ve.locator("g.textpoint text").all()):
        assert hop["x"] > duong["x"] + duong["width"], (hop, duong)
    assert o_bang["pt-kh-tinh"][cac_ma.index("CT01")] == "53,04 %"
    assert o_bang["pt-kh-huyen"][cac_ma.index("CT01")] == "52,69 %"

    with trang.expect_download() as tai:
        trang.get_by_role("link", name="Tải bảng .xlsx").click()
    tep = tmp_path / tai.value.suggested_filename
    tai.value.save_as(tep)
    assert tep.name == "an-lao-2023-6t.xlsx"
    trang_tinh = load_workbook(tep).active
    tieu_de = [o.value for o in trang_tinh[2]]
    dong_xlsx = {r[0]: dict(zip(tieu_de, r)) for r in trang_tinh.iter_rows(min_row=3, values_only=True)}
    for j, ma in enumerate(cac_ma):
        for cot, ten_cot in (("pt-kh-tinh", "% KH tỉnh giao"), ("pt-kh-huyen", "% KH huyện giao")):
            gia_tri = dong_xlsx[ma][ten_cot]
            if o_bang[cot][j] == CHUA_CO:
                assert gia_tri == CHUA_CO, (ma, cot)
            else:
                assert isinstance(gia_tri, (int, float)), (ma, cot, gia_tri)  # a number, not text
                assert dinh_dang.phan_tram(Decimal(str(gia_tri))) == o_bang[cot][j], (ma, cot)
    th_trang = trang.locator("#ct-CT01 td.th").inner_text().strip().removesuffix("ư").strip()
    assert dong_xlsx["CT01"]["TH kỳ này"] == 447142 and th_trang == "447.142"
    assert loi_csp == []


def test_every_dashboard_page_draws_under_the_csp_at_both_widths(mo_trang, du_lieu_demo, live_server):
    trang_can_xem = [
        ("tong-quan", "/", None),
        ("tong-quan-kinh-te", "/?ky=2022-12t&linh_vuc=kinh_te", None),
        ("don-vi-tinh", "/don-vi/binh-dinh/2023-6t/", "bieu-do-don-vi"),
        ("chi-tieu-ct01", "/chi-tieu/CT01/2023-6t/", "bieu-do-xep-hang"),
        ("chi-tieu-ct08", "/chi-tieu/CT08/2023-6t/", "bieu-do-xep-hang"),
        ("xu-huong", "/xu-huong/an-lao/CT01/", "bieu-do-xu-huong"),
    ]
    for ten_co, kich_thuoc in (("may-tinh", MAY_TINH), ("dien-thoai", DIEN_THOAI)):
        trang = mo_trang(kich_thuoc)
        loi_csp = _theo_doi_csp(trang, live_server.url)
        dang_nhap(trang, "lanh_dao", "LanhDao@2023")
        for ten, url, bieu_do in trang_can_xem:
            tra_loi = trang.goto(url)
            assert "script-src 'self'" in tra_loi.headers["content-security-policy"]
            if bieu_do:
                _cho_bieu_do(trang, bieu_do)
            assert trang.evaluate("document.documentElement.scrollWidth") <= kich_thuoc["width"], (url, ten_co)
            chup(trang, f"bieu-do-{ten}-{ten_co}")
        assert loi_csp == [], ten_co


def test_the_ranking_chart_shows_the_tables_order_and_values(mo_trang, du_lieu_demo):
    trang = mo_trang(MAY_TINH)
    dang_nhap(trang, "lanh_dao", "LanhDao@2023")
    trang.goto("/chi-tieu/CT01/2023-6t/")
    _cho_bieu_do(trang, "bieu-do-xep-hang")
    dong = trang.locator("#bang-xep-hang tbody:not(.table-group-divider) tr")
    bang = [(x.strip(), v.strip()) for x, v in zip(dong.locator("td.xep-thu").all_inner_texts(),
                                                    dong.locator("td.so-chinh").all_inner_texts())]
    xep = [v for x, v in bang if x.isdigit()]
    assert xep and trang.locator("#bieu-do-xep-hang g.scatterlayer g.textpoint text").all_text_contents() == xep


def test_html_in_a_name_is_drawn_as_text_never_as_a_link(mo_trang, du_lieu_demo, live_server):
    from chitieu.models import ChiTieu, DonVi

    DonVi.objects.filter(ma="an-lao").update(ten_ngan='<a href="https://x.example/">bấm</a>')
    ChiTieu.objects.filter(ma="CT01.1").update(ten='<b>Nông</b> <a href="https://x.example/">lâm</a>')
    trang = mo_trang(MAY_TINH)
    loi_csp = _theo_doi_csp(trang, live_server.url)
    dang_nhap(trang, "lanh_dao", "LanhDao@2023")
    for url, bieu_do, chu in (("/chi-tieu/CT01/2023-6t/", "bieu-do-xep-hang", '<a href="https://x.example/">bấm</a>'),
                              ("/don-vi/an-lao/2023-6t/", "bieu-do-don-vi", "<b>Nông</b>")):
        trang.goto(url)
        _cho_bieu_do(trang, bieu_do)
        svg = trang.locator(f"#{bieu_do} svg.main-svg").first
        expect(svg.locator("a")).to_have_count(0)
        assert chu in svg.text_content(), url  # the characters, as written
        chup(trang, f"bieu-do-ten-html-{bieu_do}")
    assert loi_csp == []


def test_select_all_on_the_admins_export_page_works_under_the_csp(mo_trang, du_lieu_demo, live_server):
    trang = mo_trang(MAY_TINH)
    loi_csp = _theo_doi_csp(trang, live_server.url)
    dang_nhap(trang, "quan_tri", "QuanTri@2023")
    trang.goto("/admin/chitieu/thuchien/export/")
    cac_o = trang.locator('.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)')
    expect(cac_o).to_have_count(6)
    tat_ca = trang.locator("input.select-toggle")
    tat_ca.uncheck()
    assert cac_o.evaluate_all("o => o.map(x => x.checked)") == [False] * 6
    tat_ca.check()
    assert cac_o.evaluate_all("o => o.map(x => x.checked)") == [True] * 6
    chup(trang, "admin-xuat-chon-tat-ca")
    assert loi_csp == []


def test_the_unit_page_is_usable_while_plotly_is_still_on_its_way(mo_trang, du_lieu_demo, live_server):
    """plotly is not in the page: held back on the wire, the page still reaches
    DOMContentLoaded and shows its table; released, the chart is drawn."""
    trang = mo_trang(DIEN_THOAI)
    loi_csp = _theo_doi_csp(trang, live_server.url)
    dang_nhap(trang, "lanh_dao", "LanhDao@2023")
    giu: list = []
    trang.route(re.compile(r".*/plotly-basic\.min\.js$"), lambda route: giu.append(route))
    trang.goto("/don-vi/an-lao/2023-6t/", wait_until="domcontentloaded")
    expect(trang.locator("#ct-CT01")).to_be_visible()
    trang.wait_for_function("document.readyState !== 'loading'")
    trang.wait_for_timeout(300)
    assert len(giu) == 1  # asked for once the page was parsed, and still held
    assert trang.evaluate("typeof Plotly") == "undefined"
    expect(trang.locator("#bieu-do-don-vi")).not_to_have_attribute("data-da-ve", "1")
    giu[0].continue_()
    _cho_bieu_do(trang, "bieu-do-don-vi")
    assert loi_csp == []
