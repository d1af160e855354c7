// Period (or year) selector: go to the same page for the chosen value. The URL pattern is
// in data-url-mau with a placeholder (data-thay, "__ky__" by default).
document.querySelectorAll("select.chon-ky").forEach(function (chon) {
  chon.addEventListener("change", function () {
    var choTrong = chon.dataset.thay || "__ky__";
    window.location.href = chon.dataset.urlMau.replace(choTrong, encodeURIComponent(chon.value));
  });
});
