// The full-year entry grid: "Điền ước cả năm từ dự báo" copies each row's forecast (computed
// by the server, in data-du-bao) into the empty TH cells, ticks "Ước" and marks the cell as
// a forecast. Nothing is sent: the person checks, corrects and saves with "Lưu".
(function () {
  "use strict";
  var nut = document.getElementById("dien-du-bao");
  if (!nut) { return; }
  var thongBao = document.getElementById("trang-thai-du-bao");

  function danhDau(o, bat) {
    o.classList.toggle("o-du-bao", bat);
    var nhan = document.getElementById("nhan-du-bao-" + o.dataset.ma);
    if (nhan) { nhan.hidden = !bat; }
  }

  nut.addEventListener("click", function () {
    var soO = 0;
    document.querySelectorAll("input[data-du-bao]").forEach(function (o) {
      if (o.disabled || o.value.trim() !== "") { return; }  // never over a figure someone typed or saved
      o.value = o.dataset.duBao;
      var uoc = o.closest("tr").querySelector('input[data-cot="uoc"]');
      danhDau(o, true);
      o.dispatchEvent(new Event("input", { bubbles: true }));  // the server's preview, the draft, the unsaved warning
      if (uoc && !uoc.disabled && !uoc.checked) {
        uoc.checked = true;
        uoc.dispatchEvent(new Event("input", { bubbles: true }));  // kept in the draft with the value
      }
      soO += 1;
    });
    thongBao.textContent = soO
      ? "Đã điền " + soO + " ô từ dự báo. Kiểm tra, sửa nếu cần, rồi bấm Lưu — chưa có gì được lưu."
      : "Không còn ô trống nào có dự báo để điền.";
  });

  // A cell the person types into is their own figure, no longer the forecast; so is one
  // that a pasted block or a restored draft filled with another value.
  document.addEventListener("input", function (e) {
    var o = e.target;
    if (o.classList && o.classList.contains("o-du-bao") && (e.isTrusted || o.value !== o.dataset.duBao)) {
      danhDau(o, false);
    }
  });
})();
