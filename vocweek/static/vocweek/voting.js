// Online voting (voting/public/*.html): a vote button is disabled once tapped, so a double tap
// sends one request (the server counts a repeated ballot once anyway), and "send the code again"
// waits out the minute the server asks for.
(function () {
  "use strict";

  document.querySelectorAll("form[data-voting-vote]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      var button = form.querySelector("button");
      if (button) {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("is-sending");
      }
    });
  });

  document.querySelectorAll("button[data-wait-seconds]").forEach(function (button) {
    var left = parseInt(button.dataset.waitSeconds, 10) || 0;
    var label = button.textContent;
    var template = button.dataset.waitLabel || "%(seconds)s";
    function tick() {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = template.replace("%(seconds)s", String(left));
      left -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  });
})();
