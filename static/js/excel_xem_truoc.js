// The Excel preview: the confirm button waits until every value held back by the
// magnitude rule is acknowledged (the server refuses the confirm otherwise, too).
(function () {
  "use strict";
  var form = document.querySelector("form.form-xac-nhan-nhap");
  if (!form) { return; }
  var hop = Array.prototype.slice.call(form.elements).filter(function (o) { return o.name === "xac_nhan_bac_do"; });
  var nut = form.querySelector(".nut-xac-nhan-nhap");
  if (!hop.length || !nut) { return; }
  function capNhat() { nut.disabled = !hop.every(function (h) { return h.checked; }); }
  hop.forEach(function (h) { h.addEventListener("change", capNhat); });
  capNhat();
})();
