"""Content-Security-Policy on every response: everything from this site only, and no
inline script at all (pages load one small file from static/js/; chart data travels in
<script type="application/json">, which is data, not script).

style-src keeps 'unsafe-inline' for plotly.js: while drawing it writes `style="…"`
attributes into its SVG (fonts, colours, pointer events) and injects a <style>
element for its hover labels and mode bar; without it charts come out unstyled.
Inline styles cannot run code, so the XSS protection that matters — script-src — stays
strict. `img-src data:` lets plotly and Bootstrap use their embedded data: images."""

CHINH_SACH = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class CspMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tra_loi = self.get_response(request)
        tra_loi.headers.setdefault("Content-Security-Policy", CHINH_SACH)
        return tra_loi
