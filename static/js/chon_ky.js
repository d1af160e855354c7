// Period selector: go to the same page for the chosen period (URL pattern in data-url-mau).
document.querySelectorAll("select.chon-ky").forEach(function (chon) {
  chon.addEventListener("change", function () {
    window.location.href = chon.dataset.urlMau.replace("__ky__", encodeURIComponent(chon.value));
  });
});
