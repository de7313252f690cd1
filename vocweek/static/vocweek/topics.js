// Interactive topics (topics/public/topic.html): a like is sent without leaving the page and the
// count shown is the server's; without JavaScript the form posts and the page comes back. In the
// moderation queue (topics/manage/topic.html) one box ticks every answer of the page.
(function () {
  "use strict";

  document.querySelectorAll("form[data-like]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = form.querySelector("button");
      if (!window.fetch || !button) {
        return;
      }
      event.preventDefault();
      if (button.disabled) {
        return;
      }
      button.disabled = true;
      window
        .fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (typeof result.data.likes === "number") {
            form.querySelector("[data-likes]").textContent = String(result.data.likes);
          }
          if (result.ok) {
            button.setAttribute("aria-pressed", "true");
          } else {
            button.disabled = false;
            if (result.data.error) {
              button.title = result.data.error;
            }
          }
        })
        .catch(function () {
          button.disabled = false;
        });
    });
  });

  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      all.form.querySelectorAll('input[name="answers"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
})();
