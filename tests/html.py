"""Reading rendered pages the way a person reads them: the text of table cells."""

import re


def chu(html: str) -> str:
    """Visible text with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def o_cua_dong(html: str, ma: str) -> list[str]:
    """The text of each cell of the table row of indicator `ma` (`<tr id="ct-<ma>">`)."""
    dong = re.search(rf'<tr id="ct-{re.escape(ma)}".*?</tr>', html, re.S)
    assert dong, f"không thấy dòng {ma}"
    return [chu(o) for o in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", dong.group(0), re.S)]
