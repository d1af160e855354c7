// The admin's export page: "Select all" ticks or clears every field of the export.
// django-import-export wires it with an inline onchange, which the Content-Security-Policy
// blocks; templates/admin/import_export/export.html drops that attribute and this adds
// the handler.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("input.select-toggle").forEach(function (hop) {
    hop.addEventListener("change", function () {
      document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach(function (o) {
        o.checked = hop.checked;
      });
    });
  });
});
