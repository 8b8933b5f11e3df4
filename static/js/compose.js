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
