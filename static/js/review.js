// The review queue: decide fast with the keyboard. Loaded as a file (strict CSP).
// j / ArrowDown: next card, k / ArrowUp: previous card, b: keep, s: snooze,
// r then 1-4: remove with that reason (r puts the focus on the reasons; Enter on a reason
// or its digit submits; the arrow keys move between reasons). Keys are ignored while
// typing in a field; Enter in the removal note goes to the reasons instead of submitting.
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

  function reasonButtons(element) {
    var list = element && element.closest(".review-card") && element.closest(".review-card").querySelector(".review-reasons");
    return list ? Array.prototype.slice.call(list.querySelectorAll("button[data-reason-digit]")) : [];
  }

  function inReasons(element) { return Boolean(element && element.closest && element.closest(".review-reasons")); }

  // Keys on the reason list: a digit picks and submits, arrows move, Escape goes back to the card.
  function reasonKey(event) {
    var buttons = reasonButtons(event.target);
    var digit = buttons.filter(function (b) { return b.getAttribute("data-reason-digit") === event.key; })[0];
    if (digit) { event.preventDefault(); digit.click(); return true; }
    var index = buttons.indexOf(event.target);
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step && index >= 0) {
      event.preventDefault();
      buttons[(index + step + buttons.length) % buttons.length].focus();
      return true;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      event.target.closest(".review-card").focus({ preventScroll: true });
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.tagName === "INPUT" && target.name === "note" && target.closest(".review-remove") && event.key === "Enter") {
      event.preventDefault();
      var first = reasonButtons(target)[0];
      if (first) { first.focus(); }
      return;
    }
    var tag = target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) { return; }
    if (inReasons(target) && reasonKey(event)) { return; }
    var card = current();
    if (!card) { return; }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { move(1); event.preventDefault(); return; }
    if (key === "k" || key === "ArrowUp") { move(-1); event.preventDefault(); return; }
    var control = card.querySelector('[data-review-key="' + key + '"]');
    if (!control) { return; }
    event.preventDefault();
    if (control.classList.contains("review-reasons")) {
      var reason = control.querySelector("button[data-reason-digit]");
      if (reason) { reason.focus(); }
    } else {
      control.click();
    }
  });

  // Refusals (400/409) replace the card with their message instead of failing silently.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var id = event.detail.target.id || "";
    if ((status === 400 || status === 409) && (id.indexOf("review-") === 0 || id.indexOf("suggestion-") === 0)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A decided card leaves the page; the focus goes to the card that takes its place (or
  // the one before it at the end of the queue), without scrolling the page.
  var following = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var decided = event.detail.target;
    following = null;
    if (!decided.classList || !decided.classList.contains("review-card")) { return; }
    var list = cards();
    var index = list.indexOf(decided);
    following = list[index + 1] || list[index - 1] || null;
  });
  // The decided card is detached by the swap, so its own events never reach the page:
  // the status line's out-of-band swap (just before the card leaves) is the moment.
  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    if (event.detail.target.id !== "review-status") { return; }
    if (following && following.isConnected) { following.focus({ preventScroll: true }); }
    following = null;
  });
})();
