// Contacts pages: select-all on the list, and form errors (422) shown in place by htmx.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var master = event.target.closest("[data-select-all]");
    if (!master) { return; }
    var name = master.getAttribute("data-select-all") + "s";
    document.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
      box.checked = master.checked;
    });
  });

  // A form with errors comes back as 422 Unprocessable Content; swap it in so the member sees why.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
