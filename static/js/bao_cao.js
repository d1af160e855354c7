// Report page: the "In" button prints the page (the print stylesheet keeps only the document).
document.querySelectorAll(".nut-in").forEach(function (nut) {
  nut.addEventListener("click", function () { window.print(); });
});
