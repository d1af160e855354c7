// Draws the page's plotly charts. Each <div data-bieu-do="ID"> names a
// <script type="application/json" id="ID"> holding {data_layout: fig.to_json(), config}.
// No inline script: the page's Content-Security-Policy forbids them.
document.querySelectorAll("[data-bieu-do]").forEach(function (khung) {
  var nguon = document.getElementById(khung.dataset.bieuDo);
  if (!nguon || typeof Plotly === "undefined") {
    return;
  }
  var hinh = JSON.parse(nguon.textContent);
  Plotly.newPlot(khung, hinh.data_layout.data, hinh.data_layout.layout || {}, hinh.config || {}).then(function () {
    khung.dataset.daVe = "1";
  });
});
