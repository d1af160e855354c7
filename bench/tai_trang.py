"""First load of the unit page on a slow connection, in Chromium with an empty cache.

Serves the demo as production does (DEBUG=0, `collectstatic` into WhiteNoise's compressed
manifest storage, gunicorn) from a throwaway SQLite copy, logs in, empties the browser
cache, then opens /don-vi/an-lao/2023-6t/ through Chromium's network emulation (default
1.6 Mbps down, 750 kbps up, 150 ms round trip) and reports the bytes transferred and the
time until the page is usable — DOMContentLoaded fired and the indicator table visible —
apart from the load event and the chart drawn (plotly arrives after the page is usable).

    .venv/bin/python bench/tai_trang.py [--mbps 1.6] [--rtt 150]

Exits with 1 when the page needs more than 3 s to be usable or 600 KB.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOC = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
URL = "/don-vi/an-lao/2023-6t/"


def _cong_trong() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chay(lenh: list[str], env: dict) -> None:
    subprocess.run(lenh, cwd=GOC, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    tham_so = argparse.ArgumentParser()
    tham_so.add_argument("--mbps", type=float, default=1.6)
    tham_so.add_argument("--rtt", type=float, default=150)
    tham_so = tham_so.parse_args()

    tam = Path(tempfile.mkdtemp(prefix="tai-trang-"))
    cong = _cong_trong()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tam / 'demo.sqlite3'}", "SECRET_KEY": "chi-dung-cho-do-tai-trang",
           "HTTPS": "0", "ALLOWED_HOSTS": "127.0.0.1"}
    demo = {**env, "DEBUG": "1"}
    _chay([PY, "manage.py", "migrate", "--noinput"], demo)
    _chay([PY, "manage.py", "nap_du_lieu_demo"], demo)
    san_xuat = {**env, "DEBUG": "0"}
    _chay([PY, "manage.py", "collectstatic", "--noinput"], san_xuat)
    may_chu = subprocess.Popen([str(Path(PY).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{cong}", "-w", "2"],
                               cwd=GOC, env=san_xuat, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", cong), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        return _do(f"http://127.0.0.1:{cong}", tham_so.mbps, tham_so.rtt)
    finally:
        may_chu.terminate()
        may_chu.wait()
        shutil.rmtree(tam, ignore_errors=True)


def _do(goc: str, mbps: float, rtt: float) -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        trinh_duyet = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        trang = trinh_duyet.new_context(viewport={"width": 390, "height": 844}, base_url=goc).new_page()
        trang.goto("/dang-nhap/")
        trang.fill("#id_username", "lanh_dao")
        trang.fill("#id_password", "LanhDao@2023")
        trang.click("button[type=submit]")
        trang.wait_for_url(lambda url: "/dang-nhap/" not in url, wait_until="commit")
        # Leave the page login lands on: its own chart script would still be arriving
        # while this page loads, and be counted with it.
        trang.goto("about:blank")
        cdp = trang.context.new_cdp_session(trang)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": rtt, "downloadThroughput": mbps * 1e6 / 8,
            "uploadThroughput": 0.75e6 / 8})
        byte_theo_yeu_cau: dict[str, float] = {}
        dia_chi: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", lambda e: dia_chi.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: byte_theo_yeu_cau.__setitem__(e["requestId"], e["encodedDataLength"]))
        bat_dau = time.perf_counter()
        trang.goto(URL, wait_until="domcontentloaded", timeout=120000)
        trang.wait_for_selector("#ct-CT01", state="visible", timeout=120000)
        hien_bang = trang.evaluate("performance.now()")  # ms since the navigation began
        trang.wait_for_selector("#bieu-do-don-vi .main-svg", timeout=120000)
        ve_xong = time.perf_counter() - bat_dau
        trang.wait_for_load_state("load")
        moc = trang.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, fcp: fcp ? fcp.startTime : NaN}; }""")
        dung_duoc = max(moc["dcl"], hien_bang) / 1000
        trang.wait_for_timeout(500)
        tong = sum(byte_theo_yeu_cau.values())
        trinh_duyet.close()
    goc = goc.rstrip("/")
    print(f"Trang đơn vị {URL}, bộ nhớ đệm trống, {mbps} Mbps / {rtt:.0f} ms:")
    print(f"  dùng được (DOMContentLoaded và bảng chỉ tiêu hiện ra) {dung_duoc:.2f} s")
    print(f"    first contentful paint {moc['fcp'] / 1000:.2f} s · DOMContentLoaded {moc['dcl'] / 1000:.2f} s · "
          f"bảng hiện ra {hien_bang / 1000:.2f} s")
    print(f"  biểu đồ vẽ xong {ve_xong:.2f} s · load {moc['load'] / 1000:.2f} s")
    print(f"  đã tải {tong / 1024:.0f} KB qua {len(byte_theo_yeu_cau)} yêu cầu:")
    for ma, so_byte in sorted(byte_theo_yeu_cau.items(), key=lambda x: -x[1]):
        print(f"    {so_byte / 1024:6.0f} KB  {dia_chi.get(ma, '?').removeprefix(goc)}")
    return 0 if dung_duoc <= 3 and tong <= 600 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
