// Works collections: on the entry form, show only what the chosen category takes (an essay,
// photos or a video); on the score sheet, add up the points as they are typed. Without script
// every field shows and the server checks everything.
(function () {
  "use strict";

  function showKind(form) {
    var chosen = form.querySelector('input[name="category"]:checked');
    var kind = chosen ? chosen.getAttribute("data-kind") : "";
    form.querySelectorAll(".works-kind").forEach(function (block) {
      block.hidden = Boolean(kind) && !block.classList.contains("works-kind-" + kind);
    });
  }

  document.querySelectorAll("[data-works-entry]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.name === "category") showKind(form);
    });
    showKind(form);
    form.addEventListener("submit", function () {
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true; // one tap, one entry (the token makes a repeat harmless)
    });
  });

  document.querySelectorAll("[data-works-sheet]").forEach(function (form) {
    var output = form.querySelector("[data-works-total]");
    function add() {
      var total = 0;
      var complete = true;
      form.querySelectorAll("input.works-points").forEach(function (input) {
        var value = parseFloat(input.value.replace("，", ".").replace(",", "."));
        if (isNaN(value)) complete = false;
        else total += value;
      });
      if (output) output.textContent = complete ? total.toFixed(1).replace(/\.0$/, "") : "—";
    }
    form.addEventListener("input", add);
    add();
  });
})();
