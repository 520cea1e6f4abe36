// Behaviours of every page, each one optional: without this script the menu and folded panels stay open.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The header's menu button shows and hides the navigation on narrow screens (CSS hides it there).
  function setUpMenu(button) {
    var nav = document.getElementById(button.getAttribute("aria-controls"));
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  }

  // A <details data-fold-below="(media query)"> is closed while the query matches, open otherwise.
  function setUpFolding(details) {
    var narrow = window.matchMedia(details.dataset.foldBelow);
    function fit() { details.open = !narrow.matches; }
    fit();
    narrow.addEventListener("change", fit);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-menu-button]").forEach(setUpMenu);
    document.querySelectorAll("details[data-fold-below]").forEach(setUpFolding);
  });
})();
