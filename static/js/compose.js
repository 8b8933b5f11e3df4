// Live character count on the compose page: counts what LinkedIn counts (code points).
(function () {
  "use strict";
  var counter = document.getElementById("char-count");
  var field = document.getElementById("id_text");
  if (!counter || !field) { return; }
  var limit = parseInt(counter.getAttribute("data-limit"), 10);
  function update() {
    var length = Array.from(field.value.trim()).length;
    counter.textContent = String(length);
    counter.classList.toggle("text-danger", length > limit);
    counter.classList.toggle("fw-semibold", length > limit);
  }
  field.addEventListener("input", update);
  update();
})();

// The live check answers 400 for a text too long to check: show that message too.
document.body.addEventListener("htmx:beforeSwap", function (event) {
  "use strict";
  var target = event.detail.target;
  if (event.detail.xhr.status === 400 && target && target.id === "personalization") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
