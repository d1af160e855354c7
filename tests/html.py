"""Reading rendered pages the way a person reads them: the text of table cells."""

import re
from html import unescape


def chu(html: str) -> str:
    """Visible text with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def o_cua_dong(html: str, ma: str) -> list[str]:
    """The text of each cell of the table row of indicator `ma` (`<tr id="ct-<ma>">`)."""
    dong = re.search(rf'<tr id="ct-{re.escape(ma)}".*?</tr>', html, re.S)
    assert dong, f"không thấy dòng {ma}"
    return [chu(o) for o in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", dong.group(0), re.S)]


def du_lieu_form(html: str) -> dict:
    """The fields a browser would post from the page's forms (inputs, checked boxes,
    textareas, selected options — a list for a multiple select), values unescaped — for
    tests that submit a page as a person would."""
    du_lieu = {}
    for the in re.findall(r"<input[^>]*>", html):
        ten = re.search(r'name="([^"]+)"', the)
        if not ten or ten.group(1) == "csrfmiddlewaretoken" or " disabled" in the:
            continue
        if 'type="checkbox"' in the and "checked" not in the:
            continue
        gia_tri = re.search(r'value="([^"]*)"', the)
        du_lieu[ten.group(1)] = unescape(gia_tri.group(1)) if gia_tri else ("1" if 'type="checkbox"' in the else "")
    for ten, gia_tri in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        du_lieu[ten] = unescape(gia_tri)
    for the, ben_trong in re.findall(r"<select([^>]*)>(.*?)</select>", html, re.S):
        ten = re.search(r'name="([^"]+)"', the)
        if not ten or " disabled" in the:
            continue
        chon = [unescape(v) for v in re.findall(r'<option[^>]*value="([^"]*)"[^>]*\sselected', ben_trong)]
        if " multiple" in the:
            du_lieu[ten.group(1)] = chon
        elif chon:
            du_lieu[ten.group(1)] = chon[0]
    return du_lieu
