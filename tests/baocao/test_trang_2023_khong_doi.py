"""The 2023 pages of Bình Định and An Lão are what they were before units could succeed
one another (issue 13): the demo data's unit pages, ranking, trend, reports (page and
.docx text) and overview of 2023, rendered here, say exactly what the files in `golden/`
say, which were rendered the same way on the commit before succession (12e9c18).

What is compared is everything a person reads in the page's content (`<main>`): every
word and figure of every table, sentence, note and link, in order — the .docx text in
full. Left out are the markup (classes and attributes for phone layouts change with the
screens, not with the figures), the charts' scripts (their figures are the tables', which
another test holds them to), buttons (the ranking gained a sort form with its "Xem"),
and the period and unit pickers, which list every period the
database holds: the demo's 2025–2026 periods appear there, as they should, and a province
picker appears where the demo now has a second province in 2023 (the old Gia Lai).

To regenerate the files (only when a 2023 page is meant to change — say why in the
commit), run this module with `TAO_GOLDEN=1` on the commit whose output is the reference:

    git archive 12e9c18 | tar -x -C /tmp/truoc && ln -s $PWD/.venv /tmp/truoc/.venv \\
      && cp tests/baocao/test_trang_2023_khong_doi.py /tmp/truoc/tests/baocao/ \\
      && (cd /tmp/truoc && TAO_GOLDEN=$PWD/tests/baocao/golden \\
          make test TESTS="tests/baocao/test_trang_2023_khong_doi.py -q -p no:randomly")

(`TAO_GOLDEN` is the folder to write to; without it the test compares.)

The overview's file was written again by the commit that added the "Đang chậm" block and
the indicators' short names over the heatmap's columns (issue 16): its text is the text
of 12e9c18 plus that block and those names, nothing removed or changed.
"""

import os
import re
from html import unescape
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from docx import Document

THU_MUC = Path(__file__).resolve().parent / "golden"

TRANG = {
    "don-vi-binh-dinh-2023-6t.html": "/don-vi/binh-dinh/2023-6t/",
    "don-vi-an-lao-2023-6t.html": "/don-vi/an-lao/2023-6t/",
    "don-vi-an-lao-2023-12t.html": "/don-vi/an-lao/2023-12t/",
    "xep-hang-CT01-2023-6t.html": "/chi-tieu/CT01/2023-6t/",
    "xep-hang-CT08-2023-6t.html": "/chi-tieu/CT08/2023-6t/",
    "bao-cao-an-lao-2023-6t.html": "/bao-cao/an-lao/2023-6t/",
    "bao-cao-binh-dinh-2023-6t.html": "/bao-cao/binh-dinh/2023-6t/",
    "tong-quan-2023-6t.html": "/?ky=2023-6t",
}
DOCX = {
    "bao-cao-an-lao-2023-6t.docx.txt": "/bao-cao/an-lao/2023-6t/docx/",
    "bao-cao-binh-dinh-2023-6t.docx.txt": "/bao-cao/binh-dinh/2023-6t/docx/",
}


def _chuan_hoa(html: str) -> str:
    """Only what changes from one request to the next: the CSRF token."""
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1…", html)


def noi_dung_doc(html: str) -> str:
    """The words and figures of a page's content, in order, one block per line (see the
    module's docstring for what is left out)."""
    if "<main" in html:
        html = html[html.index("<main"):html.index("</main>")]
    html = re.sub(r"<(script|style|select|button)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<label[^>]*for="chon-[^"]*"[^>]*>.*?</label>', " ", html, flags=re.S)  # the pickers' names
    html = re.sub(r"<(br|p|div|tr|li|h[1-6]|table|section|dt|dd)\b[^>]*>", "\n", html)
    chu = unescape(re.sub(r"<[^>]+>", " ", html))
    return "\n".join(" ".join(dong.split()) for dong in chu.splitlines() if dong.strip())


def van_ban_docx(noi_dung: bytes) -> str:
    """The text of a .docx, paragraph by paragraph, then its tables cell by cell (the
    file itself carries a creation time)."""
    doc = Document(BytesIO(noi_dung))
    dong = [p.text for p in doc.paragraphs]
    for bang in doc.tables:
        dong.append("— bảng —")
        dong += [" | ".join(o.text for o in hang.cells) for hang in bang.rows]
    return "\n".join(dong) + "\n"


def cac_trang(client) -> dict[str, str]:
    ket_qua = {}
    for ten, url in TRANG.items():
        response = client.get(url)
        assert response.status_code == 200, url
        ket_qua[ten] = _chuan_hoa(response.content.decode())
    for ten, url in DOCX.items():
        response = client.get(url)
        assert response.status_code == 200, url
        ket_qua[ten] = van_ban_docx(response.content)
    return ket_qua


# Pages count days past a deadline from today: the golden files were rendered on this day.
HOM_NAY = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)


@pytest.fixture
def demo(db, client, monkeypatch):
    from django.contrib.auth.models import User

    monkeypatch.setattr(timezone, "now", lambda: HOM_NAY)
    with override_settings(DEBUG=True):
        call_command("nap_du_lieu_demo", verbosity=0, stdout=open(os.devnull, "w"))
    client.force_login(User.objects.get(username="lanh_dao"))
    return client


def test_xu_huong_cua_huyen_cu_dung_o_ky_cuoi_cung_cua_no(demo):
    """The trend is no 2023 page: it shows every year, and An Lão reported 2025's first
    half before it was merged. Its years end there, with its quarterly columns (no month
    of the communes' 2026 periods), and its 2022–2023 figures are those of the golden page."""
    html = demo.get("/xu-huong/an-lao/CT01/").content.decode()
    bang = noi_dung_doc(html)
    assert "Năm Quý I 6 tháng 9 tháng Cả năm" in bang and "2026" not in bang.split("Năm Quý I")[1]
    truoc = noi_dung_doc((THU_MUC / "xu-huong-an-lao-CT01.html").read_text(encoding="utf-8"))
    for nam in ("2022", "2023"):  # the year's row: its figures and % of plan, period by period
        dong_nam = truoc[truoc.index(f"\n{nam}\n"):truoc.index(f"Số liệu {nam}\n")]
        assert dong_nam.count("\n") > 4 and dong_nam in bang, nam


def test_cac_trang_2023_giong_het_truoc_khi_co_ke_thua(demo):
    trang = cac_trang(demo)
    if thu_muc := os.environ.get("TAO_GOLDEN"):
        for ten, noi_dung in trang.items():
            (Path(thu_muc) / ten).write_text(noi_dung, encoding="utf-8")
        pytest.skip(f"đã ghi {len(trang)} tệp vào {thu_muc}")
    for ten, noi_dung in trang.items():
        truoc = (THU_MUC / ten).read_text(encoding="utf-8")
        if ten.endswith(".html"):
            noi_dung, truoc = noi_dung_doc(noi_dung), noi_dung_doc(truoc)
            assert len(noi_dung) > 500, ten  # a page with content, not an error page
        assert noi_dung == truoc, ten
