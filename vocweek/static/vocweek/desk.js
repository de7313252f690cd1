/* The review desk's keyboard: j/k move between reports, x ticks, o or Enter opens, a adopts,
   r returns (after a note), f features, c passes city review, ? shows the help.
   Plain JS; the page works without it. Rows may be replaced by htmx, so everything is delegated. */
(function () {
  "use strict";

  var TEXT_TYPES = ["text", "search", "email", "number", "date", "url", "tel", "password"];

  function typing(element) {
    if (!element || element === document.body) return false;
    if (element.isContentEditable) return true;
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    return tag === "INPUT" && TEXT_TYPES.indexOf(element.type) !== -1;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-desk-row]"));
  }

  function currentRow() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-desk-row]") : null;
  }

  function picks() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-desk-pick]"));
  }

  function ticked() {
    return picks().filter(function (box) { return box.checked; });
  }

  function bulkForm() {
    return document.querySelector("[data-desk-bulk]");
  }

  function announce(text) {
    var out = document.querySelector("[data-desk-selected]");
    if (out) out.textContent = text;
  }

  function refresh() {
    var form = bulkForm();
    if (!form) return;
    var count = ticked().length;
    var template = form.getAttribute("data-selected-text") || "{n}";
    announce(count ? template.replace("{n}", count) : "");
    rows().forEach(function (row) {
      var box = row.querySelector("[data-desk-pick]");
      row.classList.toggle("is-ticked", !!(box && box.checked));
    });
    var all = document.querySelector("[data-desk-all]");
    if (all) {
      var boxes = picks();
      all.hidden = boxes.length === 0;
      all.checked = boxes.length > 0 && count === boxes.length;
      all.indeterminate = count > 0 && count < boxes.length;
    }
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var index = list.indexOf(currentRow());
    var next = index === -1 ? (step > 0 ? 0 : list.length - 1) : index + step;
    next = Math.max(0, Math.min(list.length - 1, next));
    list[next].focus();
    list[next].scrollIntoView({ block: "nearest" });
  }

  function toggleCurrent() {
    var row = currentRow();
    var box = row && row.querySelector("[data-desk-pick]");
    if (!box) return;
    box.checked = !box.checked;
    refresh();
  }

  function press(action) {
    var form = bulkForm();
    var button = form && form.querySelector('[data-desk-action="' + action + '"]');
    if (!button) return;
    if (!ticked().length) {
      announce(form.getAttribute("data-none-text") || "");
      return;
    }
    if (action === "return") {
      var note = form.querySelector("[data-desk-note]");
      if (note && !note.value.trim()) {
        note.focus();
        return;
      }
    }
    button.click();
  }

  function showHelp() {
    var dialog = document.getElementById("desk-help");
    if (dialog && typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("[data-desk-table], [data-desk-bulk]")) return;
    var target = event.target;
    if (target && target.matches && target.matches("[data-desk-note]")) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        press("return");
      } else if (event.key === "Escape") {
        target.blur();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(target)) {
      if (event.key === "Escape" && typing(target)) target.blur();
      return;
    }
    if (document.querySelector("dialog[open]")) return;
    var handled = true;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "x": toggleCurrent(); break;
      case "o":
      case "Enter": {
        var row = currentRow();
        if (row && row === target && row.dataset.reviewUrl) window.location = row.dataset.reviewUrl;
        else handled = false;
        break;
      }
      case "a": press("adopt"); break;
      case "r": press("return"); break;
      case "f": press("feature"); break;
      case "c": press("city_approve"); break;
      case "?": showHelp(); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-desk-all]")) {
      picks().forEach(function (box) { box.checked = target.checked; });
      refresh();
    } else if (target.matches("[data-desk-pick]")) {
      refresh();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-desk-help]")) {
      showHelp();
      return;
    }
    // Returning needs a note: point at the note field instead of sending an empty one.
    var button = target.closest('[data-desk-action="return"]');
    if (button) {
      var note = button.form && button.form.querySelector("[data-desk-note]");
      if (note && !note.value.trim()) {
        event.preventDefault();
        note.focus();
        note.setAttribute("aria-invalid", "true");
      }
    }
  });

  function start() {
    var help = document.querySelector("[data-desk-help]");
    if (help) help.hidden = false;
    refresh();
  }

  document.addEventListener("htmx:afterSwap", refresh);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
