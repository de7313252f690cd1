// Share block of a public page: copy the page's address, print. No framework.
(function () {
  "use strict";

  function say(button, text) {
    var status = button.closest(".share").querySelector(".share-status");
    if (status) status.textContent = text;
  }

  function fallbackCopy(button) {
    var input = button.closest(".share").querySelector(".share-url");
    if (!input) return false;
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy-link]");
    if (copy) {
      var url = copy.getAttribute("data-copy-link");
      var done = function () { say(copy, copy.getAttribute("data-copied")); };
      var failed = function () {
        if (fallbackCopy(copy)) done();
        else say(copy, copy.getAttribute("data-failed"));
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, failed);
      } else {
        failed();
      }
      return;
    }
    if (event.target.closest("[data-print]")) window.print();
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
  });
})();
