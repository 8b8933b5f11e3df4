// Triage of incoming invitations: keyboard shortcuts and htmx niceties.
// a accept, r reply first, d decline, s snooze, j / k next / previous, Esc leaves a field.
(function () {
  "use strict";

  function card() { return document.getElementById("triage-card"); }

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function find(name) {
    var root = card();
    if (!root) { return null; }
    // A key pressed the instant a card arrives must not beat htmx to it (a full page load).
    if (window.htmx) { window.htmx.process(root); }
    return root.querySelector('[data-shortcut="' + name + '"]');
  }

  function focusField(name) {
    var field = find(name);
    if (!field) { return false; }
    field.scrollIntoView({block: "center"});
    field.focus();
    if (field.select && field.tagName.toLowerCase() === "textarea") { field.select(); }
    return true;
  }

  function press(name) {
    var element = find(name);
    if (!element) { return false; }
    element.click();
    return true;
  }

  var actions = {
    a: function () { return press("accept"); },
    r: function () { return focusField("reply"); },
    d: function () { return focusField("decline"); },
    s: function () { return focusField("snooze"); },
    j: function () { return press("next"); },
    k: function () { return press("previous"); }
  };

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var action = actions[event.key];
    if (action && action()) { event.preventDefault(); }
  });

  // A refused request (400) carries the card with its reasons: show it instead of dropping it.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a new card arrives, put the focus on its heading so screen readers and keys follow.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id && target.id.indexOf("reply-check-") === 0) { return; }
    var root = card();
    if (!root) { return; }
    var heading = root.querySelector("h2[tabindex]");
    if (heading) { heading.focus(); }
  });
})();
