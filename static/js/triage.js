// Triage of incoming invitations: keyboard shortcuts and htmx niceties.
// a accept, r reply first, d decline, s snooze, j / k next / previous, Esc leaves a field.
// In the reply, Ctrl+Enter (Cmd+Enter) saves it. Accepting someone the member does not know
// opens a confirmation first: y accepts without an answer, r replies first, Esc closes it.
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

  // The reply opens with its placeholder line (the part in square brackets) selected, so
  // typing replaces it; without one, the caret goes to the end.
  function openReply() {
    var field = find("reply");
    if (!field) { return false; }
    var details = field.closest("details");
    if (details && !details.open) { details.open = true; }
    field.scrollIntoView({block: "center"});
    field.focus();
    var start = field.value.indexOf("[");
    var end = start < 0 ? -1 : field.value.indexOf("]", start);
    if (end > start) {
      field.setSelectionRange(start, end + 1);
    } else {
      field.setSelectionRange(field.value.length, field.value.length);
    }
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
    r: openReply,
    d: function () { return focusField("decline"); },
    s: function () { return focusField("snooze"); },
    j: function () { return press("next"); },
    k: function () { return press("previous"); }
  };

  function openDialog() {
    var open = document.querySelector("#triage-card dialog[open]");
    return open && open.matches(":modal") ? open : null;
  }

  function closeAndReply(dialog) {
    dialog.close();
    openReply();
  }

  document.addEventListener("keydown", function (event) {
    var dialog = openDialog();
    if (dialog) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (event.key === "y") {
        event.preventDefault();
        dialog.querySelector("[data-confirm-accept]").click();
      } else if (event.key === "r") {
        event.preventDefault();
        closeAndReply(dialog);
      }
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches('[data-shortcut="reply"]')) {
      event.preventDefault();
      event.target.form.requestSubmit();
      return;
    }
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var action = actions[event.key];
    if (action && action()) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    // Accepting someone unknown: the button opens the confirmation instead of submitting.
    var opener = event.target.closest("[data-opens-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-opens-dialog"));
      if (dialog && dialog.showModal) {
        event.preventDefault();
        if (dialog.open) { dialog.close(); }
        dialog.showModal();
      }
      return;
    }
    var replyInstead = event.target.closest("[data-dialog-reply]");
    if (replyInstead) {
      event.preventDefault();
      closeAndReply(replyInstead.closest("dialog"));
      return;
    }
    // Opening the reply by its summary selects the placeholder too.
    var summary = event.target.closest('[data-shortcut="reply-open"]');
    if (summary && !summary.parentElement.open) {
      event.preventDefault();
      openReply();
    }
  });

  // A refused request (400) carries the card with its reasons: show it instead of dropping it.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function focusCard(preventScroll) {
    var root = card();
    if (!root) { return; }
    var target = root.querySelector("[data-initial-focus]") || root.querySelector("h2[tabindex]");
    if (target) { target.focus({preventScroll: preventScroll}); }
  }

  // After a new card arrives, the focus goes to where the member starts: "Reply first" for
  // someone unknown, else the heading, so screen readers and keys follow.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id && target.id.indexOf("reply-check-") === 0) { return; }
    if (openDialog() || (document.activeElement && document.activeElement.hasAttribute("autofocus"))) { return; }
    focusCard(false);
  });

  if (card() && card().querySelector("[data-initial-focus]")) { focusCard(true); }
})();
