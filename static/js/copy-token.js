// Copy buttons: each copies the value of the field its data-copy-from names and says so in the element its
// data-copy-status names. Without this script (or a clipboard) the field itself is there to select and copy.
(function () {
  "use strict";

  function setUp(button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !status) {
      return;
    }
    field.addEventListener("focus", function () {
      field.select();
    });
    button.hidden = false;
    button.addEventListener("click", function () {
      function failed() {
        field.focus();
        field.select();
        status.textContent = button.getAttribute("data-copy-failed");
      }
      status.textContent = "";
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        failed();
        return;
      }
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, failed);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-from]"), setUp);
})();
