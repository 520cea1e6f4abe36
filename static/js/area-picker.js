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

  // Suggested areas: a pause in typing the fields named by data-fields asks the server for the three areas the
  // text reads as; each comes as a toggle button that ticks (or unticks) its checkbox and shows whether it is
  // ticked. The list is a live region that is always there, so that the first suggestions are announced too.
  function setUpSuggestions(picker) {
    var box = picker.querySelector("[data-area-suggestions]");
    var form = picker.closest("form");
    if (!box || !form || !window.fetch) { return; }
    var fields = box.dataset.fields.split(" ").map(function (name) { return form.elements[name]; }).filter(Boolean);
    var label = box.querySelector("[data-suggestion-label]");
    var list = box.querySelector("[data-suggestion-list]");
    var tree = picker.querySelector(".area-tree");
    var timer = null;
    var asked = "";
    var shown = "";

    function checkboxOf(id) { return tree.querySelector('input[value="' + id + '"]'); }

    function mark(button) {
      var checkbox = checkboxOf(button.dataset.area);
      var ticked = Boolean(checkbox && checkbox.checked);
      button.setAttribute("aria-pressed", ticked ? "true" : "false");
      button.querySelector("[data-sign]").textContent = ticked ? "\u2713 " : "+ ";
    }

    function render(areas) {
      areas = areas.filter(function (area) { return checkboxOf(area.id); });
      var ids = areas.map(function (area) { return area.id; }).join(" ");
      if (ids === shown) { return; }
      shown = ids;
      var hadFocus = list.contains(document.activeElement);
      list.textContent = "";
      areas.forEach(function (area) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        var sign = document.createElement("span");
        button.type = "button";
        button.className = "chip";
        button.dataset.area = area.id;
        sign.dataset.sign = "";
        sign.setAttribute("aria-hidden", "true");
        button.appendChild(sign);
        button.appendChild(document.createTextNode(area.name));
        mark(button);
        item.appendChild(button);
        list.appendChild(item);
      });
      label.hidden = areas.length === 0;
      if (hadFocus && list.querySelector("button")) { list.querySelector("button").focus(); }
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-area]");
      var checkbox = button && checkboxOf(button.dataset.area);
      if (!checkbox) { return; }
      checkbox.checked = !checkbox.checked;
      checkbox.dispatchEvent(new Event("change", { bubbles: true }));
    });
    tree.addEventListener("change", function () {
      list.querySelectorAll("button[data-area]").forEach(mark);
    });

    function ask() {
      var text = fields.map(function (field) { return field.value; }).join("\n").trim();
      if (text.length < 20 || text === asked) { return; }
      asked = text;
      var body = new FormData();
      body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      fields.forEach(function (field) { body.append(field.name, field.value); });
      fetch(box.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) { if (text === asked) { render(data.areas || []); } })
        // A refusal or a lost connection keeps what is shown; the next pause in typing asks again.
        .catch(function () { if (text === asked) { asked = ""; } });
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 700);
      });
    });
    ask();
  }

  document.querySelectorAll(".area-picker").forEach(setUp);
  document.querySelectorAll(".area-picker").forEach(setUpSuggestions);
})();
