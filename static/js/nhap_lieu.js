// The entry grids (actuals and plans): keyboard moves, pasting a column from Excel,
// a warning before leaving with unsaved input, and — for actuals — the server's
// percentages and warnings for what is typed. No rule is computed here: the numbers
// shown come from the server (/xem-truoc/), which uses tinh_toan.
(function () {
  "use strict";
  var form = document.querySelector("form.luoi-nhap");
  if (!form) { return; }

  var oNhap = Array.prototype.slice.call(form.querySelectorAll("input.o-nhap:not([disabled]), textarea.o-nhap:not([disabled])"));
  var banDau = new Map(oNhap.map(function (o) { return [o, giaTri(o)]; }));
  var dangGui = false;

  function giaTri(o) { return o.type === "checkbox" ? String(o.checked) : o.value; }

  // The inputs of one column, top to bottom (same column, same kind of field).
  function cot(o) {
    return oNhap.filter(function (x) { return x.dataset.cot === o.dataset.cot && x.type === o.type; });
  }

  function di(o, buoc) {
    var cacO = cot(o);
    var dich = cacO[cacO.indexOf(o) + buoc];
    if (dich) { dich.focus(); if (dich.select) { dich.select(); } }
  }

  form.addEventListener("keydown", function (e) {
    var o = e.target;
    if (!o.classList || !o.classList.contains("o-nhap")) { return; }
    if (e.key === "Enter" && !e.isComposing) {
      e.preventDefault();  // Enter moves down a row; saving is the button's job
      di(o, e.shiftKey ? -1 : 1);
    } else if (e.key === "ArrowDown") {
      e.preventDefault(); di(o, 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault(); di(o, -1);
    }
  });

  // A column copied from Excel: one value per line fills this cell and those below.
  form.addEventListener("paste", function (e) {
    var o = e.target;
    if (!o.classList || !o.classList.contains("o-nhap") || o.type === "checkbox") { return; }
    var chu = (e.clipboardData || window.clipboardData).getData("text");
    var dong = chu.replace(/\r/g, "").split("\n");
    if (dong.length && dong[dong.length - 1] === "") { dong.pop(); }
    if (dong.length <= 1 && chu.indexOf("\t") < 0) { return; }  // an ordinary paste
    e.preventDefault();
    var cacO = cot(o);
    var batDau = cacO.indexOf(o);
    dong.forEach(function (dongChu, i) {
      var dich = cacO[batDau + i];
      if (dich) {
        dich.value = dongChu.split("\t")[0].trim();
        dich.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    var cuoi = cacO[Math.min(batDau + dong.length - 1, cacO.length - 1)];
    if (cuoi) { cuoi.focus(); }
  });

  // Leaving with unsaved input asks first.
  function coThayDoi() {
    return oNhap.some(function (o) { return giaTri(o) !== banDau.get(o); });
  }
  window.addEventListener("beforeunload", function (e) {
    if (!dangGui && coThayDoi()) { e.preventDefault(); e.returnValue = ""; }
  });

  form.addEventListener("submit", function (e) {
    var nut = e.submitter;
    if (nut && nut.value === "gui" && form.dataset.xacNhanGui && !window.confirm(form.dataset.xacNhanGui)) {
      e.preventDefault();
      return;
    }
    dangGui = true;
  });

  // Live percentages, status, warnings and errors from the server, as you type.
  var url = form.dataset.xemTruoc;
  if (!url) { return; }
  var hen = null;
  var trangThaiLuu = form.querySelector(".trang-thai-luu");

  function capNhat(ketQua) {
    Object.keys(ketQua).forEach(function (ma) {
      var tr = document.getElementById("ct-" + ma);
      if (!tr) { return; }
      var kq = ketQua[ma];
      // One cell per plan source ("nguon-<code>"), then the same period last year.
      Object.keys(kq).forEach(function (k) {
        if (k.indexOf("nguon-") !== 0 && k !== "cung-ky") { return; }
        var o = tr.querySelector('[data-o="' + k + '"]');
        if (o) { o.textContent = kq[k]; }
      });
      var huyHieu = tr.querySelector('[data-o="trang-thai"]');
      if (huyHieu) {
        huyHieu.textContent = kq["ten-trang-thai"];
        huyHieu.className = "badge trang-thai tt-" + kq["trang-thai"];
      }
      var loi = document.getElementById("loi-" + ma);
      var oTh = tr.querySelector('input[data-cot="th"]');
      if (loi && oTh) {
        loi.textContent = kq.loi;
        oTh.classList.toggle("is-invalid", Boolean(kq.loi));
        if (kq.loi) { oTh.setAttribute("aria-invalid", "true"); } else { oTh.removeAttribute("aria-invalid"); }
      }
      var canhBao = document.getElementById("cb-" + ma);
      if (canhBao) {
        canhBao.replaceChildren.apply(canhBao, kq.canh_bao.map(function (c) {
          var d = document.createElement("div");
          d.textContent = "⚠ " + c;
          return d;
        }));
      }
    });
  }

  function xemTruoc() {
    var duLieu = new FormData(form);
    fetch(url, { method: "POST", body: duLieu, credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (kq) { capNhat(kq); if (trangThaiLuu) { trangThaiLuu.textContent = coThayDoi() ? "Có thay đổi chưa lưu." : ""; } })
      .catch(function () { if (trangThaiLuu) { trangThaiLuu.textContent = "Chưa tính thử được; số liệu vẫn được tính khi lưu."; } });
  }

  form.addEventListener("input", function (e) {
    if (!e.target.classList || !e.target.classList.contains("o-nhap")) { return; }
    window.clearTimeout(hen);
    hen = window.setTimeout(xemTruoc, 400);
  });
})();
