"""The charts' figures (issue 16): indicator names whole, value labels in a column clear
of the dashed target line, plan series never in a status colour, a plan line on the trend."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from baocao import charts
from chitieu.models import KeHoach
from tests import factories
from tests.factories import dat_ke_hoach, dat_thuc_hien

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"


def _hinh(html: str, ten: str) -> dict:
    return json.loads(re.search(rf'<script id="{ten}-du-lieu" type="application/json">(.*?)</script>',
                                html, re.S).group(1))["data_layout"]


def _rgb(mau: str) -> tuple[int, int, int]:
    return tuple(int(mau[i:i + 2], 16) for i in (1, 3, 5))


def _khoang_cach(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(_rgb(a), _rgb(b))) ** 0.5


def _mau_trang_thai_css() -> dict[str, str]:
    """The status colours the pages paint (`.tt-dat { background-color: … }` …)."""
    return {m.group(1): m.group(2).lower() for m in re.finditer(
        r"^\.tt-(\w+) \{ background-color: (#[0-9a-fA-F]{6});", CSS.read_text(encoding="utf-8"), re.M)}


@pytest.fixture
def an_lao(client, danh_muc, lanh_dao):
    factories.so_lieu_an_lao_2023(danh_muc)
    client.force_login(lanh_dao)
    return danh_muc


def test_unit_chart_names_are_whole_and_wrapped_at_spaces(client, an_lao):
    hinh = _hinh(client.get("/don-vi/an-lao/2023-6t/").content.decode(), "bieu-do-don-vi")
    nhan = hinh["data"][0]["y"]
    assert nhan[0] == "CT01 Tổng giá trị sản<br>phẩm (giá so sánh<br>2010)"
    ten = {ct.ma: ct.ten for ct in an_lao.chi_tieu()}
    for y in nhan:
        ma = y.split(" ")[0]
        assert y.replace("<br>", " ") == f"{ma} {ten[ma]}"  # nothing cut, no "…"
        assert all(len(dong) <= 22 or " " not in dong for dong in y.split("<br>"))


def test_a_wrapped_name_is_still_escaped():
    assert charts._xuong_dong("<b>Nông</b> <a href='x'>lâm</a> nghiệp", 12) == (
        "&lt;b&gt;Nông&lt;/b&gt;<br>&lt;a<br>href='x'&gt;lâm&lt;/a&gt;<br>nghiệp")


def _nhan_va_duong(hinh: dict) -> tuple[list[dict], list[dict], float]:
    cot = [t for t in hinh["data"] if t["type"] == "bar"]
    nhan = [t for t in hinh["data"] if t.get("meta") == "nhan-so"]
    (duong,) = [s for s in hinh["layout"]["shapes"] if s["line"].get("dash") == "dash"]
    assert duong["x0"] == duong["x1"]
    return cot, nhan, duong["x0"]


def _la_cot_so_ben_phai(hinh: dict) -> None:
    """Every value is written at one x right of the dashed line and of every bar, its text
    starting right of that point, in its bar's row; the bars carry no text of their own."""
    cot, nhan, x_duong = _nhan_va_duong(hinh)
    assert len(nhan) == len(cot) and hinh["layout"]["scattermode"] == "group"
    dai_nhat = max(v for t in cot for v in t["x"] if v is not None)
    for c, n in zip(cot, nhan):
        assert "texttemplate" not in c and "text" not in c
        assert (n["mode"], n["textposition"], n["orientation"]) == ("text", "middle right", "h")
        assert n["offsetgroup"] == c["offsetgroup"] and n["y"] == c["y"]
        assert n["customdata"] == c["x"]  # the bar's own numbers, formatted by plotly
        co_so = [x for x, v in zip(n["x"], c["x"]) if v is not None]
        assert co_so and set(co_so) == {max(dai_nhat, x_duong)}
        assert all(x is None for x, v in zip(n["x"], c["x"]) if v is None)  # no bar, no label
        assert n["hoverinfo"] == "skip" and n["showlegend"] is False


def test_unit_chart_values_stand_clear_of_the_expected_progress_line(client, an_lao):
    hinh = _hinh(client.get("/don-vi/an-lao/2023-6t/").content.decode(), "bieu-do-don-vi")
    _la_cot_so_ben_phai(hinh)
    _, nhan, x_duong = _nhan_va_duong(hinh)
    assert x_duong == 50.0 and nhan[0]["x"][0] == 125.0  # CT03.1 reached 125 % of KH tỉnh


def test_a_value_column_stays_right_of_a_line_no_bar_reaches(client, danh_muc, lanh_dao):
    """Every bar short of the line: the values are written just right of the line."""
    dat_ke_hoach(danh_muc.an_lao, danh_muc.ct01, 2023, tinh="1000", huyen="1000")
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct01, danh_muc.ky_2023_6t, "480")  # 48 %: just short of 50 %
    client.force_login(lanh_dao)
    hinh = _hinh(client.get("/don-vi/an-lao/2023-6t/").content.decode(), "bieu-do-don-vi")
    _la_cot_so_ben_phai(hinh)
    assert [t["x"][0] for t in hinh["data"] if t.get("meta") == "nhan-so"] == [50.0, 50.0]


def test_ranking_chart_values_stand_clear_of_the_line_also_by_gap(client, an_lao):
    for dv, kh, th in ((an_lao.an_lao, "12", "11.5"), (an_lao.tuy_phuoc, "10", "10.2")):
        dat_ke_hoach(dv, an_lao.ct08, 2023, tinh=kh)
        dat_thuc_hien(dv, an_lao.ct08, an_lao.ky_2023_6t, th)
    for url in ("/chi-tieu/CT01/2023-6t/", "/chi-tieu/CT08/2023-6t/"):
        _la_cot_so_ben_phai(_hinh(client.get(url).content.decode(), "bieu-do-xep-hang"))


def test_plan_and_year_colours_never_reuse_a_status_colour_of_the_charts_or_the_pages():
    css = _mau_trang_thai_css()
    # The charts paint statuses as the pages do.
    assert {k: v.lower() for k, v in charts.MAU_TRANG_THAI.items() if k != "thieu_so_lieu"} == {
        k: v for k, v in css.items() if k != "thieu_so_lieu"}
    trang_thai = set(charts.MAU_TRANG_THAI.values()) | set(css.values())
    for mau in [*charts.MAU_NGUON, *charts.MAU_NAM, charts.MAU_DUONG_KY_VONG]:
        for tt in trang_thai:
            assert _khoang_cach(mau, tt) > 80, (mau, tt)


def test_the_trend_draws_years_in_its_own_colours_and_the_latest_plan_as_a_dashed_line(client, an_lao):
    dm = an_lao
    dat_thuc_hien(dm.an_lao, dm.ct01, dm.ky_2022_6t, "420000")
    dat_ke_hoach(dm.an_lao, dm.ct01, 2022, tinh="800000")
    hinh = _hinh(client.get("/xu-huong/an-lao/CT01/").content.decode(), "bieu-do-xu-huong")
    nam = [t for t in hinh["data"] if t.get("meta") != "ke-hoach"]
    assert [t["name"] for t in nam] == ["2022", "2023"]
    assert [t["line"]["color"] for t in nam] == [charts.MAU_NAM[1], charts.MAU_NAM[0]]  # the latest first colour
    (kh,) = [t for t in hinh["data"] if t.get("meta") == "ke-hoach"]
    # 2023's plan (KH tỉnh giao 843.000), not 2022's, across every month column.
    assert kh["name"] == "KH tỉnh giao 2023" and kh["y"] == [843000.0] * 4 and kh["x"] == nam[0]["x"]
    assert kh["line"] == {"color": charts.MAU_DUONG_KY_VONG, "dash": "dash", "width": 2}
    assert kh["mode"] == "lines" and "843" not in kh["hovertemplate"]  # a number, formatted by plotly


def test_the_trend_plan_line_follows_a_revision_and_a_bound(client, an_lao):
    dm = an_lao
    kh = KeHoach.objects.get(don_vi=dm.an_lao, chi_tieu=dm.ct01, nam=2023, nguon__ma="kh-tinh")
    # A revision in force from 1 August: the 9- and 12-month periods are compared with it.
    factories.dat_ke_hoach_nguon(dm.an_lao, dm.ct01, 2023, kh.nguon, "900000", hieu_luc_tu=date(2023, 8, 1))
    hinh = _hinh(client.get("/xu-huong/an-lao/CT01/").content.decode(), "bieu-do-xu-huong")
    (duong,) = [t for t in hinh["data"] if t.get("meta") == "ke-hoach"]
    assert duong["y"] == [843000.0, 843000.0, 900000.0, 900000.0]
    # A bound ("≥ 40") asks for its own end.
    dat_thuc_hien(dm.an_lao, dm.ct05, dm.ky_2023_6t, "38")
    factories.dat_ke_hoach_nguon(dm.an_lao, dm.ct05, 2023, kh.nguon, "40", kieu="toi_thieu")
    hinh = _hinh(client.get("/xu-huong/an-lao/CT05/").content.decode(), "bieu-do-xu-huong")
    assert [t["y"] for t in hinh["data"] if t.get("meta") == "ke-hoach"] == [[40.0] * 4]


def test_the_trend_has_no_plan_line_without_a_plan(client, danh_muc, lanh_dao):
    dat_thuc_hien(danh_muc.an_lao, danh_muc.ct05, danh_muc.ky_2023_6t, "38")
    client.force_login(lanh_dao)
    hinh = _hinh(client.get("/xu-huong/an-lao/CT05/").content.decode(), "bieu-do-xu-huong")
    assert [t["name"] for t in hinh["data"]] == ["2023"]
