// Capability-area picker: a filter box over the checkbox tree, and the tree as one stop in the tab order with
// the arrow keys moving inside it (a roving tabindex). Without this script every area is listed and tabbable.
(function () {
  "use strict";

  var MOVES = {
    ArrowDown: function (index) { return index + 1; },
    ArrowUp: function (index) { return index - 1; },
    Home: function () { return 0; },
    End: function (index, count) { return count - 1; },
  };

  function normalise(text) {
    return text.toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(picker) {
    var box = picker.querySelector("[data-area-filter]");
    var input = box.querySelector("input");
    var count = box.querySelector("[data-area-count]");
    var tree = picker.querySelector(".area-tree");
    var items = Array.prototype.slice.call(tree.querySelectorAll("li"));
    var checkboxes = items.map(function (item) { return item.querySelector("input[type=checkbox]"); });
    box.hidden = false;

    function shown() {
      return checkboxes.filter(function (checkbox) { return !checkbox.closest("li").hidden; });
    }

    function makeStop(stop) {
      checkboxes.forEach(function (checkbox) { checkbox.tabIndex = checkbox === stop ? 0 : -1; });
    }

    function apply() {
      var words = normalise(input.value).split(/\s+/).filter(Boolean);
      var ancestors = [];
      var matching = 0;
      items.forEach(function (item) {
        var depth = Number(item.dataset.depth);
        ancestors.length = depth;
        var terms = normalise(item.dataset.terms);
        var match = words.every(function (word) { return terms.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) {
          matching += 1;
          ancestors.forEach(function (parent) { parent.hidden = false; });
        }
        ancestors.push(item);
      });
      count.textContent = words.length ? picker.dataset.countTemplate.replace("%s", matching) : "";
      var visible = shown();
      var checked = visible.filter(function (checkbox) { return checkbox.checked; });
      makeStop(checked[0] || visible[0]);
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    tree.addEventListener("focusin", function (event) {
      if (checkboxes.indexOf(event.target) !== -1) { makeStop(event.target); }
    });
    tree.addEventListener("keydown", function (event) {
      var visible = shown();
      var index = visible.indexOf(event.target);
      if (index === -1 || !MOVES[event.key]) { return; }
      event.preventDefault();
      var next = visible[Math.max(0, Math.min(visible.length - 1, MOVES[event.key](index, visible.length)))];
      makeStop(next);
      next.focus();
    });
    apply();
  }

  document.querySelectorAll(".area-picker").forEach(setUp);
})();
