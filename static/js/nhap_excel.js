// The Excel import as a person lives it: while the file goes up, a bar with the share
// sent; while the server reads and checks it, and later while it writes the confirmed
// changes, a moving bar with the seconds spent — so a large file never looks like a
// page that hangs. On the preview, the confirm button waits until every value held back
// by the magnitude rule is acknowledged (the server refuses the confirm otherwise, too).
// Without this script both forms still work as plain forms.
(function () {
  "use strict";

  function tienTrinh(vung) {
    var thanh = vung.querySelector(".progress-bar");
    var nhan = vung.querySelector(".nhan");
    var giay = vung.querySelector(".giay");
    var batDau = Date.now();
    var dem = null;
    vung.hidden = false;
    return {
      // share: 0–100 for a known share, null for work whose length is unknown
      dat: function (chu, share) {
        nhan.textContent = chu;
        if (share === null) {
          thanh.classList.add("progress-bar-striped", "progress-bar-animated");
          thanh.style.width = "100%";
          thanh.textContent = "";
        } else {
          thanh.classList.remove("progress-bar-striped", "progress-bar-animated");
          thanh.style.width = share + "%";
          thanh.textContent = share + " %";
        }
        vung.scrollIntoView({block: "nearest"});
      },
      demGiay: function () {
        batDau = Date.now();
        if (dem) { return; }
        dem = window.setInterval(function () {
          giay.textContent = "(" + Math.round((Date.now() - batDau) / 1000) + " giây)";
        }, 1000);
      },
      dung: function () { window.clearInterval(dem); dem = null; vung.hidden = true; }
    };
  }

  // Upload: sent with XMLHttpRequest for its upload progress. The server answers with
  // the preview (after a redirect: go there) or with the upload page and its error
  // (show that page's content in place).
  var formTai = document.getElementById("form-nhap-excel");
  if (formTai && window.XMLHttpRequest && window.FormData && window.DOMParser) {
    formTai.addEventListener("submit", function (e) {
      var tep = formTai.querySelector("input[type=file]");
      if (!tep.files.length) { return; }
      e.preventDefault();
      var nut = formTai.querySelector("button[type=submit]");
      nut.disabled = true;
      var tt = tienTrinh(formTai.querySelector(".tien-trinh"));
      tt.dat(formTai.dataset.dangTai, 0);
      var yc = new XMLHttpRequest();
      yc.open("POST", formTai.action || window.location.href);
      yc.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) { tt.dat(formTai.dataset.dangTai, Math.round(ev.loaded * 100 / ev.total)); }
      });
      yc.upload.addEventListener("load", function () {
        tt.dat(formTai.dataset.dangDoc, null);
        tt.demGiay();
      });
      yc.addEventListener("load", function () {
        var trang = new DOMParser().parseFromString(yc.responseText, "text/html");
        var noiDung = trang.getElementById("noi-dung");
        if (yc.status === 200 && yc.responseURL && yc.responseURL.indexOf("/excel/nhap/") !== -1
            && noiDung && noiDung.querySelector("#tom-tat")) {
          window.location.assign(yc.responseURL);  // the preview has its own address
          return;
        }
        tt.dung();
        nut.disabled = false;
        if (noiDung) {
          document.getElementById("noi-dung").replaceWith(document.adoptNode(noiDung));
          document.title = trang.title;
          var moi = document.getElementById("form-nhap-excel");
          if (moi) { moi.replaceWith(formTai); }  // keep this form (and its listener)
          tep.value = "";
        } else {
          formTai.submit();
        }
      });
      yc.addEventListener("error", function () { tt.dung(); nut.disabled = false; formTai.submit(); });
      yc.send(new FormData(formTai));
    });
  }

  // Confirm: a plain form post; the bar and the seconds show while the server writes.
  var formXacNhan = document.getElementById("form-xac-nhan");
  if (formXacNhan) {
    var hop = Array.prototype.slice.call(formXacNhan.elements).filter(function (o) {
      return o.name === "xac_nhan_bac_do";
    });
    var nutXacNhan = document.getElementById("nut-xac-nhan");
    if (hop.length && nutXacNhan) {
      var capNhat = function () { nutXacNhan.disabled = !hop.every(function (h) { return h.checked; }); };
      hop.forEach(function (h) { h.addEventListener("change", capNhat); });
      capNhat();
    }
    formXacNhan.addEventListener("submit", function () {
      formXacNhan.querySelector("button[type=submit]").disabled = true;
      var tt = tienTrinh(document.getElementById("tien-trinh"));
      tt.dat(formXacNhan.dataset.dangLam, null);
      tt.demGiay();
    });
  }
}());
