// Netwerk's page behaviour. Loaded as a file (the CSP forbids inline scripts and eval).
(function () {
  "use strict";

  // Copy buttons: <button data-copy-target="#id">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    var text = source.value !== undefined ? source.value : source.textContent;
    navigator.clipboard.writeText(text).then(function () {
      var done = button.getAttribute("data-copied-text");
      if (done) { button.textContent = done; }
    });
  });

  // Search boxes inside a form that only filter (data-no-submit-on-enter): Enter searches,
  // it does not submit the surrounding form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-no-submit-on-enter]")) {
      event.preventDefault();
    }
  });

  // Confirm before destructive submits: <form data-confirm="Are you sure?">
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
