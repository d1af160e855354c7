// The entry grids (actuals and plans): keyboard moves, pasting a block from Excel onto
// the rows it belongs to, what is typed kept in this browser until it is saved, a
// warning before the session ends, the list of soft warnings before sending, and — for
// actuals — the server's percentages, warnings and checks for what is typed. No rule is
// computed here: the numbers and messages shown come from the server (/xem-truoc/).
(function () {
  "use strict";
  var form = document.querySelector("form.luoi-nhap");
  if (!form) { return; }

  var oNhap = Array.prototype.slice.call(form.querySelectorAll("input.o-nhap:not([disabled]), textarea.o-nhap:not([disabled])"));
  var banDau = new Map(oNhap.map(function (o) { return [o, giaTri(o)]; }));
  var dangGui = false;

  function giaTri(o) { return o.type === "checkbox" ? (o.checked ? "1" : "") : o.value; }
  function datGiaTri(o, v) { if (o.type === "checkbox") { o.checked = v === "1"; } else { o.value = v; } }
  function bao(o) { o.dispatchEvent(new Event("input", { bubbles: true })); }

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
      if (o.tagName === "TEXTAREA" && e.altKey) { return; }  // a line break inside a note
      e.preventDefault();  // Enter moves down a row; saving is the button's job
      di(o, e.shiftKey ? -1 : 1);
    } else if (e.key === "ArrowDown") {
      e.preventDefault(); di(o, 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault(); di(o, -1);
    }
  });

  // -- pasting a block copied from Excel ------------------------------------------------
  // Every row of the grid, in the order shown, consumes one line — a computed row too
  // (its pasted value is compared with the computed one, never written elsewhere). A
  // block with a column of indicator codes (or names) is matched by them instead. A
  // block that does not fit fills nothing.
  var thongBaoDan = document.getElementById("thong-bao-dan");
  var danTuTinh = {};  // code of a computed row → the text pasted on it

  function chuanHoa(s) { return (s || "").normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim(); }

  var cacDong = Array.prototype.slice.call(form.querySelectorAll("tr[data-ma]")).map(function (tr) {
    var ten = document.getElementById("ten-" + tr.dataset.ma);
    return { tr: tr, ma: tr.dataset.ma, maChuan: chuanHoa(tr.dataset.ma), ten: chuanHoa(ten ? ten.textContent : "") };
  });

  function dongKhop(chu) {
    var c = chuanHoa(chu);
    if (!c) { return null; }
    for (var i = 0; i < cacDong.length; i++) {
      if (cacDong[i].maChuan === c || cacDong[i].ten === c) { return cacDong[i]; }
    }
    return null;
  }

  function baoDan(chu, loi) {
    if (!thongBaoDan) { return; }
    thongBaoDan.textContent = chu;
    thongBaoDan.className = "small thong-bao-dan w-100 mb-0 " + (loi ? "alert alert-danger py-1" : "alert alert-success py-1");
  }

  function tuChoi(ly_do) {
    baoDan("Không dán: " + ly_do + " Không ô nào bị thay đổi.", true);
  }

  // Which rows the lines of the block go to: [[row, text], …], or a refusal (string).
  function xepDong(dong, oDau) {
    var soCot = dong.reduce(function (m, d) { return Math.max(m, d.length); }, 0);
    var cotMa = -1;
    for (var c = 0; c < soCot && cotMa < 0; c++) {
      if (dong.some(function (d) { return dongKhop(d[c]); })) { cotMa = c; }
    }
    if (cotMa < 0) {
      if (soCot > 1) {
        return "khối có " + soCot + " cột nhưng không có cột mã hay tên chỉ tiêu để đối chiếu. " +
          "Hãy chép một cột số liệu, hoặc chép kèm cột mã chỉ tiêu.";
      }
      var batDau = cacDong.findIndex(function (d) { return d.tr.contains(oDau); });
      if (batDau + dong.length > cacDong.length) {
        return "khối có " + dong.length + " dòng nhưng từ dòng " + cacDong[batDau].ma + " xuống bảng chỉ còn " +
          (cacDong.length - batDau) + " dòng.";
      }
      return dong.map(function (d, i) { return [cacDong[batDau + i], d[0] || ""]; });
    }
    // Keyed by code or name: the other columns, less those that are codes or names too.
    var cotSo = [];
    for (var k = 0; k < soCot; k++) {
      if (k === cotMa) { continue; }
      var laTen = dong.every(function (d) { return !(d[k] || "").trim() || dongKhop(d[k]); });
      if (!laTen) { cotSo.push(k); }
    }
    if (cotSo.length !== 1) {
      return "khối có " + (cotSo.length || "không có") + " cột số liệu bên cạnh cột mã; hãy chép cột mã (hoặc tên) " +
        "chỉ tiêu và đúng một cột số liệu.";
    }
    var ket = [], khongKhop = [], trung = [], daGap = {};
    dong.forEach(function (d, i) {
      var khoa = (d[cotMa] || "").trim();
      if (!khoa && !(d[cotSo[0]] || "").trim()) { return; }  // a blank line
      var dich = dongKhop(khoa);
      if (!dich) {
        if (i === 0 && ["mã", "mã chỉ tiêu", "chỉ tiêu", "tên chỉ tiêu"].indexOf(chuanHoa(khoa)) >= 0) { return; }
        khongKhop.push("dòng " + (i + 1) + " (“" + khoa + "”)");
        return;
      }
      if (daGap[dich.ma]) {
        trung.push(dich.ma + " có hai lần (dòng " + daGap[dich.ma] + " và " + (i + 1) + ")");
        return;
      }
      daGap[dich.ma] = i + 1;
      ket.push([dich, d[cotSo[0]] || ""]);
    });
    if (khongKhop.length || trung.length) {
      return [khongKhop.length ? khongKhop.join(", ") + " không khớp mã hay tên chỉ tiêu nào của bảng" : "",
              trung.join(", ")].filter(Boolean).join("; ") + ".";
    }
    return ket.sort(function (a, b) { return cacDong.indexOf(a[0]) - cacDong.indexOf(b[0]); });
  }

  form.addEventListener("paste", function (e) {
    var o = e.target;
    if (!o.classList || !o.classList.contains("o-nhap") || o.tagName !== "INPUT" || o.type !== "text") { return; }
    var chu = (e.clipboardData || window.clipboardData).getData("text");
    var dong = chu.replace(/\r\n?/g, "\n").split("\n");
    if (dong.length && dong[dong.length - 1] === "") { dong.pop(); }
    if (dong.length <= 1 && chu.indexOf("\t") < 0) { return; }  // an ordinary paste
    e.preventDefault();
    var xep = xepDong(dong.map(function (d) { return d.split("\t"); }), o);
    if (typeof xep === "string") { tuChoi(xep); return; }
    var dien = [], oDien = [], tuTinh = [];
    xep.forEach(function (cap) {
      var dich = cap[0].tr.querySelector('input.o-nhap[data-cot="' + o.dataset.cot + '"]:not([disabled])');
      var chuO = cap[1].trim();
      if (dich) {
        dich.value = chuO;
        bao(dich);
        dien.push(cap[0].ma);
        oDien.push(dich);
      } else {
        danTuTinh[cap[0].ma] = chuO;
        tuTinh.push(cap[0].ma);
      }
    });
    var chuBao = "Đã dán " + xep.length + " dòng: điền " + dien.length + " ô" +
      (dien.length ? ", từ dòng " + dien[0] + " đến dòng " + dien[dien.length - 1] : "") + ".";
    if (tuTinh.length) {
      chuBao += " " + tuTinh.join(", ") + " tự tính nên không ghi số dán (so sánh ở ngay dòng đó).";
    }
    baoDan(chuBao, false);
    if (tuTinh.length) { henXemTruoc(); }
    if (oDien.length) { oDien[oDien.length - 1].focus(); }
  });

  // -- what is typed, kept in this browser until it is saved -----------------------------
  // Per user, unit and period (the key comes from the page). Each cell keeps the text
  // typed and the stored value it was typed over, with that cell's version (its hidden
  // cu-pb-… field), so a restored cell that someone else changed meanwhile — even changed
  // and changed back — is reported as a conflict by the server, not overwritten.
  var khoaBanNhap = form.dataset.banNhap;
  var kho = null;
  try { kho = khoaBanNhap ? window.localStorage : null; } catch (loi) { kho = null; }
  var GIU_TOI_DA = 30 * 24 * 3600 * 1000;

  function cuCua(o) {
    var cu = form.elements.namedItem("cu-" + o.name);
    return cu ? cu.value : "";
  }

  // The version field of the cell an input belongs to: th-CT01 → cu-pb-CT01,
  // kh-kh-tinh__CT01 → cu-pb-kh-tinh__CT01 (a value, its note and its "ước" share one).
  function oPhienBan(o) {
    return form.elements.namedItem("cu-pb-" + o.name.replace(/^[a-z]+-/, ""));
  }

  // Whether a kept text is what the page now holds: the server shows a saved number
  // grouped and without trailing zeros ("184510" is stored and shown as "184.510").
  var SO_VIET = /^(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;
  function dangChuan(s) {
    var t = (s || "").trim(), k = SO_VIET.exec(t);
    if (!k) { return t; }
    var le = (k[3] || "").replace(/0+$/, "");
    return k[1] + k[2].replace(/\./g, "") + (le ? "," + le : "");
  }
  function giongNhau(a, b) { return dangChuan(a) === dangChuan(b); }

  function docBanNhap() {
    if (!kho) { return { luc: 0, o: {} }; }
    try {
      var b = JSON.parse(kho.getItem(khoaBanNhap) || "null");
      if (b && b.o && Date.now() - b.luc < GIU_TOI_DA) { return b; }
    } catch (loi) { /* a damaged entry is dropped below */ }
    return { luc: 0, o: {} };
  }

  function ghiBanNhap(b) {
    if (!kho) { return; }
    try {
      if (Object.keys(b.o).length) { kho.setItem(khoaBanNhap, JSON.stringify(b)); } else { kho.removeItem(khoaBanNhap); }
    } catch (loi) { /* storage full or refused: the grid still works */ }
  }

  function nhoO(o) {
    if (!kho || !o.name) { return; }
    var b = docBanNhap();
    var pb = oPhienBan(o);
    if (giongNhau(giaTri(o), cuCua(o))) {
      delete b.o[o.name];
    } else {
      b.o[o.name] = { v: giaTri(o), cu: cuCua(o), pb: pb ? pb.value : undefined };
    }
    b.luc = Date.now();
    ghiBanNhap(b);
  }

  var hopBanNhap = document.getElementById("ban-nhap");
  (function deNghiKhoiPhuc() {
    if (!kho) { return; }
    var b = docBanNhap(), canKhoiPhuc = [];
    Object.keys(b.o).forEach(function (ten) {
      var o = form.elements.namedItem(ten);
      var muc = b.o[ten];
      if (!o || !o.classList || !o.classList.contains("o-nhap") || o.disabled || giongNhau(muc.v, cuCua(o))) {
        delete b.o[ten];  // saved meanwhile, or no longer on this page
      } else if (!giongNhau(muc.v, giaTri(o))) {
        canKhoiPhuc.push([o, muc]);
      }
    });
    ghiBanNhap(b);
    if (!canKhoiPhuc.length || !hopBanNhap) { return; }
    var luc = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit",
                                                   day: "2-digit", month: "2-digit", year: "numeric" }).format(b.luc);
    var soO = canKhoiPhuc.length;
    hopBanNhap.querySelector(".noi-dung-ban-nhap").textContent = "Khôi phục " + soO + " ô chưa lưu? Trình duyệt này " +
      "còn giữ những gì bạn đã gõ (lần cuối lúc " + luc + ") mà chưa được lưu.";
    hopBanNhap.hidden = false;
    hopBanNhap.querySelector(".khoi-phuc").addEventListener("click", function () {
      canKhoiPhuc.forEach(function (c) {
        var cu = form.elements.namedItem("cu-" + c[0].name);
        if (cu) { cu.value = c[1].cu; }
        var pb = oPhienBan(c[0]);
        if (pb && c[1].pb !== undefined) { pb.value = c[1].pb; }
        datGiaTri(c[0], c[1].v);
        bao(c[0]);
      });
      hopBanNhap.querySelector(".noi-dung-ban-nhap").textContent = "Đã khôi phục " + soO + " ô. Bấm Lưu để lưu.";
      hopBanNhap.querySelectorAll("button").forEach(function (n) { n.hidden = true; });
      canKhoiPhuc[0][0].focus();
    });
    hopBanNhap.querySelector(".bo-ban-nhap").addEventListener("click", function () {
      var moi = docBanNhap();
      canKhoiPhuc.forEach(function (c) { delete moi.o[c[0].name]; });
      ghiBanNhap(moi);
      hopBanNhap.hidden = true;
    });
  })();

  // -- the end of the session --------------------------------------------------------------
  var hopHetPhien = document.getElementById("het-phien");
  var conLai = parseInt(form.dataset.conLaiGiay, 10);
  var batDauDem = Date.now();
  var CANH_BAO_TRUOC_GIAY = 5 * 60;
  var daHetPhien = false;

  function baoHetPhien() {
    daHetPhien = true;
    if (!hopHetPhien) { return; }
    hopHetPhien.textContent = "Phiên đăng nhập đã hết" + (form.dataset.hetHanLuc ? " lúc " + form.dataset.hetHanLuc : "") +
      ". Những gì bạn đã gõ vẫn được giữ trong trình duyệt này: đăng nhập lại rồi bấm Khôi phục để lưu.";
    hopHetPhien.hidden = false;
  }

  function kiemPhien() {
    if (isNaN(conLai) || daHetPhien) { return; }
    var con = conLai - (Date.now() - batDauDem) / 1000;
    if (con <= 0) { baoHetPhien(); return; }
    if (con <= CANH_BAO_TRUOC_GIAY && hopHetPhien) {
      hopHetPhien.textContent = "Phiên đăng nhập sẽ hết lúc " + form.dataset.hetHanLuc + " (còn khoảng " +
        Math.max(1, Math.round(con / 60)) + " phút). Hãy bấm Lưu; những gì chưa lưu vẫn được giữ trong trình " +
        "duyệt này và được đề nghị khôi phục khi bạn đăng nhập lại.";
      hopHetPhien.hidden = false;
    }
  }
  if (hopHetPhien && !isNaN(conLai)) {
    kiemPhien();
    window.setInterval(kiemPhien, 15000);
  }

  // -- leaving, saving, sending --------------------------------------------------------
  function coThayDoi() {
    return oNhap.some(function (o) { return giaTri(o) !== banDau.get(o); });
  }
  window.addEventListener("beforeunload", function (e) {
    if (!dangGui && coThayDoi()) { e.preventDefault(); e.returnValue = ""; }
  });

  // Links to the cells that were not saved put the cursor in them.
  document.addEventListener("click", function (e) {
    var lienKet = e.target.closest ? e.target.closest("a[data-tap-trung]") : null;
    if (!lienKet) { return; }
    var o = document.getElementById(lienKet.dataset.tapTrung);
    if (!o) { return; }
    e.preventDefault();
    o.scrollIntoView({ block: "center" });
    o.focus();
    if (o.select) { o.select(); }
  });

  // Before sending: the soft warnings still showing are listed in the confirmation.
  var hopGui = document.getElementById("hop-xac-nhan-gui");
  var daXacNhanGui = false;

  function canhBaoConLai() {
    var ds = [];
    form.querySelectorAll("tr[data-ma] .canh-bao").forEach(function (cb) {
      var ma = cb.closest("tr").dataset.ma;
      cb.querySelectorAll("div").forEach(function (d) { ds.push(ma + ": " + d.textContent.replace(/^⚠\s*/, "")); });
    });
    return ds;
  }

  form.addEventListener("submit", function (e) {
    var nut = e.submitter;
    if (nut && nut.value === "gui" && !daXacNhanGui) {
      e.preventDefault();
      var ds = canhBaoConLai();
      if (!hopGui || typeof hopGui.showModal !== "function") {
        var chu = form.dataset.xacNhanGui + (ds.length ? "\n\nCảnh báo chưa xử lý:\n- " + ds.join("\n- ") : "");
        if (window.confirm(chu)) { daXacNhanGui = true; form.requestSubmit(nut); }
        return;
      }
      var khung = hopGui.querySelector(".canh-bao-gui");
      var danhSach = hopGui.querySelector(".danh-sach-canh-bao-gui");
      danhSach.replaceChildren.apply(danhSach, ds.map(function (c) {
        var li = document.createElement("li");
        li.textContent = c;
        return li;
      }));
      hopGui.querySelector(".so-canh-bao").textContent = String(ds.length);
      khung.hidden = ds.length === 0;
      hopGui.returnValue = "";
      hopGui.onclose = function () {
        if (hopGui.returnValue === "gui") { daXacNhanGui = true; form.requestSubmit(nut); }
      };
      hopGui.showModal();
      return;
    }
    dangGui = true;
  });

  // -- the live check from the server ----------------------------------------------------
  var url = form.dataset.xemTruoc;
  var hen = null;
  var trangThaiLuu = form.querySelector(".trang-thai-luu");

  function henXemTruoc() {
    if (!url) { return; }
    window.clearTimeout(hen);
    hen = window.setTimeout(xemTruoc, 400);
  }

  function oXacNhan(ma, kq) {
    var hop = document.getElementById("bd-" + ma);
    if (!hop) { return; }
    var cu = hop.querySelector('input[name="xn-' + ma + '"]');
    if (!kq.bac_do) { hop.replaceChildren(); return; }
    if (cu && cu.value === kq.xac_nhan && hop.querySelector("span").textContent === kq.bac_do) { return; }
    var khung = document.createElement("div");
    khung.className = "alert alert-danger p-1 mb-0 mt-1";
    var chu = document.createElement("span");
    chu.textContent = kq.bac_do;
    var nhan = document.createElement("label");
    nhan.className = "d-block mt-1";
    var hop_chon = document.createElement("input");
    hop_chon.type = "checkbox";
    hop_chon.className = "form-check-input me-1";
    hop_chon.name = "xn-" + ma;
    hop_chon.value = kq.xac_nhan;
    hop_chon.checked = kq.da_xac_nhan;
    nhan.append(hop_chon, kq.nhan_xac_nhan);
    khung.append(chu, nhan);
    hop.replaceChildren(khung);
  }

  function capNhat(ketQua) {
    Object.keys(ketQua).forEach(function (ma) {
      var tr = document.getElementById("ct-" + ma);
      if (!tr) { return; }
      var kq = ketQua[ma];
      // One cell per plan source ("nguon-<code>"), the same period last year, and the
      // value of a computed row.
      Object.keys(kq).forEach(function (k) {
        if (k.indexOf("nguon-") !== 0 && k !== "cung-ky" && k !== "th") { return; }
        var o = tr.querySelector('[data-o="' + k + '"]');
        if (o) { o.textContent = kq[k]; }
      });
      var huyHieu = tr.querySelector('[data-o="trang-thai"]');
      if (huyHieu) {
        huyHieu.textContent = kq["ten-trang-thai"];
        huyHieu.className = "badge trang-thai tt-" + kq["trang-thai"];
        huyHieu.hidden = !kq["trang-thai"];
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
      oXacNhan(ma, kq);
      var dan = document.getElementById("dan-" + ma);
      if (dan) { dan.textContent = kq.dan; }
      tr.classList.toggle("dong-loi", Boolean(kq.loi || kq.bac_do));
    });
  }

  function xemTruoc() {
    var duLieu = new FormData(form);
    Object.keys(danTuTinh).forEach(function (ma) { duLieu.append("dan-" + ma, danTuTinh[ma]); });
    fetch(url, { method: "POST", body: duLieu, credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        if (r.redirected && r.url.indexOf("/dang-nhap/") >= 0) { baoHetPhien(); throw new Error("het-phien"); }
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      })
      .then(function (kq) { capNhat(kq); if (trangThaiLuu) { trangThaiLuu.textContent = coThayDoi() ? "Có thay đổi chưa lưu." : ""; } })
      .catch(function () { if (trangThaiLuu) { trangThaiLuu.textContent = "Chưa tính thử được; số liệu vẫn được tính khi lưu."; } });
  }

  form.addEventListener("input", function (e) {
    if (!e.target.classList || !e.target.classList.contains("o-nhap")) {
      if (e.target.name && e.target.name.indexOf("xn-") === 0) { henXemTruoc(); }
      return;
    }
    nhoO(e.target);
    henXemTruoc();
  });
})();
