// Capability-area picker: a filter box over the checkbox tree. Without this script every area is listed.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(picker) {
    var box = picker.querySelector("[data-area-filter]");
    var input = box.querySelector("input");
    var count = box.querySelector("[data-area-count]");
    var items = Array.prototype.slice.call(picker.querySelectorAll(".area-tree li"));
    box.hidden = false;

    function apply() {
      var words = normalise(input.value).split(/\s+/).filter(Boolean);
      var ancestors = [];
      var shown = 0;
      items.forEach(function (item) {
        var depth = Number(item.dataset.depth);
        ancestors.length = depth;
        var terms = normalise(item.dataset.terms);
        var match = words.every(function (word) { return terms.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) {
          shown += 1;
          ancestors.forEach(function (parent) { parent.hidden = false; });
        }
        ancestors.push(item);
      });
      count.textContent = words.length ? picker.dataset.countTemplate.replace("%s", shown) : "";
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  document.querySelectorAll(".area-picker").forEach(setUp);
})();
