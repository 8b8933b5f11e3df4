// Searchable <select>: the box above the list hides the options (and empty groups) that do
// not contain every typed word, ignoring case and accents, and selects the first match.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filter(input, select) {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var haystack = fold(option.textContent + " " + option.value);
      var match = words.every(function (word) { return haystack.indexOf(word) !== -1; });
      option.hidden = !match;
      if (match && !first) { first = option; }
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (option) { return !option.hidden; });
    });
    if (first && words.length) { select.value = first.value; }
  }

  function setUp(root) {
    var input = root.querySelector("[data-searchable-select-input]");
    var select = root.querySelector("select");
    if (!input || !select) { return; }
    input.hidden = false;
    input.addEventListener("input", function () { filter(input, select); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  }

  document.querySelectorAll("[data-searchable-select]").forEach(setUp);
})();
