// Draws the page's plotly charts. Each <div data-bieu-do="ID"> names a
// <script type="application/json" id="ID"> holding {data_layout: fig.to_json(), config}.
// No inline script: the page's Content-Security-Policy forbids them.
// plotly itself is not in the page: this file (deferred) adds it as an async script
// only when the page has a chart, so DOMContentLoaded and the tables never wait for it.
(function () {
  var cac_khung = document.querySelectorAll("[data-bieu-do]");
  var dia_chi = document.currentScript && document.currentScript.dataset.plotly;
  if (!cac_khung.length || !dia_chi) {
    return;
  }

  function ve() {
    cac_khung.forEach(function (khung) {
      var nguon = document.getElementById(khung.dataset.bieuDo);
      if (!nguon || typeof Plotly === "undefined") {
        return;
      }
      var hinh = JSON.parse(nguon.textContent);
      Plotly.newPlot(khung, hinh.data_layout.data, hinh.data_layout.layout || {}, hinh.config || {}).then(function () {
        khung.dataset.daVe = "1";
      });
    });
  }

  if (typeof Plotly !== "undefined") {
    ve();
    return;
  }
  var the = document.createElement("script");
  the.src = dia_chi;
  the.async = true;
  the.addEventListener("load", ve);
  document.head.appendChild(the);
})();
