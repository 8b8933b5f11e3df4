// The review queue: decide fast with the keyboard. Loaded as a file (strict CSP).
// j / ArrowDown: next card, k / ArrowUp: previous card, b: keep, r: remove (focus the
// reason), s: snooze. Keys are ignored while typing in a field.
(function () {
  "use strict";

  function cards() { return Array.prototype.slice.call(document.querySelectorAll(".review-card")); }

  function current() {
    var active = document.activeElement && document.activeElement.closest(".review-card");
    return active || cards()[0] || null;
  }

  function move(step) {
    var list = cards();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    var next = list[Math.max(0, Math.min(list.length - 1, index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.target.isContentEditable) { return; }
    var card = current();
    if (!card) { return; }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { move(1); event.preventDefault(); return; }
    if (key === "k" || key === "ArrowUp") { move(-1); event.preventDefault(); return; }
    var control = card.querySelector('[data-review-key="' + key + '"]');
    if (!control) { return; }
    event.preventDefault();
    if (control.tagName === "SELECT") { control.focus(); } else { control.click(); }
  });

  // Refusals (400/409) replace the card with their message instead of failing silently.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 409) && event.detail.target.id.indexOf("review-") === 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a decision, focus moves to the next card still waiting.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var decided = document.getElementById(event.detail.target.id);
    if (!decided || !decided.classList.contains("review-decided")) { return; }
    var next = decided.nextElementSibling;
    while (next && !next.classList.contains("review-card")) { next = next.nextElementSibling; }
    (next || decided).focus();
    var count = document.getElementById("review-count");
    if (count) { count.textContent = String(cards().length); }
  });
})();
