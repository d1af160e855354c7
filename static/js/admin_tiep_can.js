// Accessible names for widgets the admin's own scripts draw, which axe-core finds
// nameless or mis-labelled: the select2 boxes of autocomplete fields (a combobox and a
// textbox with no name) and the search icons of the many-to-many filter boxes (an
// aria-label on a span without a role). They are drawn after the page loads and again
// for every inline row added, so every change to the page is looked at.
(function () {
  "use strict";

  function tenCua(chon) {
    var nhan = chon.id && document.querySelector('label[for="' + chon.id + '"]');
    if (nhan) {
      if (!nhan.id) {
        nhan.id = "nhan-" + chon.id;
      }
      return {id: nhan.id};
    }
    // A tabular inline row has no label: the column's header names the field.
    var o = chon.closest("td");
    var bang = o && o.closest("table");
    var tieuDe = bang && bang.querySelectorAll("thead th")[o.cellIndex];
    return {chu: tieuDe ? tieuDe.textContent.trim() : ""};
  }

  function datTen(phanTu, ten) {
    if (ten.id) {
      phanTu.setAttribute("aria-labelledby", ten.id);
    } else if (ten.chu) {
      phanTu.removeAttribute("aria-labelledby");
      phanTu.setAttribute("aria-label", ten.chu);
    }
  }

  function sua() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (chon) {
      var vo = chon.nextElementSibling;
      if (!vo || !vo.classList.contains("select2")) {
        return;
      }
      var ten = tenCua(chon);
      vo.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (o) {
        datTen(o, ten);
      });
      // The combobox reads its field's name, then the option chosen.
      var hop = vo.querySelector('[role="combobox"]'), daChon = vo.querySelector('[role="textbox"]');
      if (ten.id && hop && daChon && daChon.id) {
        hop.setAttribute("aria-labelledby", ten.id + " " + daChon.id);
      }
    });
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (bieuTuong) {
      bieuTuong.setAttribute("role", "img");
    });
  }

  new MutationObserver(sua).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", sua);
  window.addEventListener("load", sua);
})();
