// Asks pages: an ask's people, the contact picker and the favour form answer a refused
// submission with 422 and the form showing why; htmx is told to swap those in.
(function () {
  "use strict";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
