"""Python's cyclic garbage collector, tuned for the app servers.

Computing a dashboard of a province of 130 communes builds a few hundred thousand objects
(figures, plans, rows with every comparison) that all live until the response is written.
CPython starts a collection each time 700 more container objects have been allocated than
freed, so such a request runs the collector thousands of times, each time walking objects
that are not garbage. Raising that first threshold lets the request finish with a handful of
collections; reference counting still frees everything that is not in a cycle at once, and
cycles are still collected, later. `gc.freeze()` once the application is loaded moves the
modules, templates and URL patterns out of the collector's sight, so a full collection does
not walk them again.

`bench/thu_gom_rac.py` measures the pages at national size with CPython's thresholds and
with these, alternately in one process (README, Benchmarks).
"""

import gc
import os

from django.core.exceptions import ImproperlyConfigured

MAC_DINH = (50_000, 10, 10)


def nguong() -> tuple[int, int, int]:
    """The three thresholds of `gc.set_threshold`, from `GC_NGUONG` ("50000,10,10")."""
    van_ban = os.environ.get("GC_NGUONG", "").strip()
    if not van_ban:
        return MAC_DINH
    phan = [p.strip() for p in van_ban.split(",")]
    if len(phan) != 3 or not all(p.isdecimal() and int(p) > 0 for p in phan):
        raise ImproperlyConfigured(
            f"GC_NGUONG phải là ba số nguyên dương cách nhau bởi dấu phẩy, ví dụ 50000,10,10 (đang là {van_ban!r}).")
    return int(phan[0]), int(phan[1]), int(phan[2])


def chinh() -> None:
    """Applies the thresholds and freezes what is loaded: call once the application is set up."""
    gc.set_threshold(*nguong())
    gc.collect()
    gc.freeze()
