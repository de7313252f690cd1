// Pledge signing: the live counter of a pledge's page, and the certificate saved as an image.
// The image is drawn in the browser with the browser's own fonts (the server ships no CJK font).
// No framework.
(function () {
  "use strict";

  // --- The live counter: ask for the counts every few seconds while the page is visible. ---

  function startCounter(box) {
    var url = box.getAttribute("data-counts-url");
    var every = parseInt(box.getAttribute("data-poll"), 10) || 5000;
    var total = box.querySelector("[data-total]");
    var timer = null;

    function show(counts) {
      if (total && String(counts.total) !== total.textContent) total.textContent = counts.total;
      (counts.cities || []).forEach(function (city) {
        var item = box.querySelector('[data-city="' + city.id + '"] [data-city-count]');
        if (item) item.textContent = city.signers;
      });
      if (counts.open === false) stop();
    }

    function poll() {
      if (document.hidden) return;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (counts) { if (counts) show(counts); })
        .catch(function () { /* offline for a moment: the next poll tries again */ });
    }

    function stop() {
      if (timer) window.clearInterval(timer);
      timer = null;
    }

    timer = window.setInterval(poll, every);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  }

  // --- The certificate as an image. ---

  var FONT = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", ' +
    '"Source Han Sans SC", system-ui, sans-serif';
  var SERIF = '"Songti SC", "STSong", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", serif';
  var WIDTH = 1080;
  var HEIGHT = 1500;

  function fitText(context, text, x, y, maxWidth, size, weight, family) {
    var fontSize = size;
    do {
      context.font = weight + " " + fontSize + "px " + family;
      fontSize -= 2;
    } while (context.measureText(text).width > maxWidth && fontSize > 16);
    context.fillText(text, x, y);
  }

  function drawQr(context, bits, x, y, size) {
    var rows = bits.split("/");
    var quiet = 2;
    var cell = size / (rows.length + 2 * quiet);
    context.fillStyle = "#ffffff";
    context.fillRect(x, y, size, size);
    context.fillStyle = "#211c19";
    rows.forEach(function (row, rowIndex) {
      for (var column = 0; column < row.length; column += 1) {
        if (row.charAt(column) === "1") {
          context.fillRect(
            Math.floor(x + (column + quiet) * cell),
            Math.floor(y + (rowIndex + quiet) * cell),
            Math.ceil(cell),
            Math.ceil(cell)
          );
        }
      }
    });
  }

  function drawCertificate(data) {
    var canvas = document.createElement("canvas");
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    var context = canvas.getContext("2d");
    var middle = WIDTH / 2;
    var inner = WIDTH - 200;

    context.fillStyle = "#fdf7e6";
    context.fillRect(0, 0, WIDTH, HEIGHT);
    context.strokeStyle = "#e0b548";
    context.lineWidth = 10;
    context.strokeRect(30, 30, WIDTH - 60, HEIGHT - 60);
    context.strokeStyle = "#f3dc9b";
    context.lineWidth = 3;
    context.strokeRect(56, 56, WIDTH - 112, HEIGHT - 112);

    context.textAlign = "center";
    context.textBaseline = "alphabetic";
    context.fillStyle = "#7d5b0c";
    fitText(context, data.campaign, middle, 170, inner, 34, "normal", FONT);
    context.fillStyle = "#9f1d20";
    // Spaced out like a printed certificate when it is Chinese; as it is otherwise.
    var heading = /[A-Za-z]/.test(data.heading) ? data.heading : data.heading.split("").join(" ");
    fitText(context, heading, middle, 290, inner, 84, "bold", SERIF);

    context.fillStyle = "#211c19";
    fitText(context, data.name, middle, 470, inner, 110, "bold", SERIF);
    context.fillStyle = "#9f1d20";
    fitText(context, data.number, middle, 560, inner, 54, "bold", FONT);
    context.fillStyle = "#7a1417";
    fitText(context, "《" + data.title + "》", middle, 670, inner, 46, "normal", SERIF);

    context.fillStyle = "#5a514b";
    fitText(context, data.school, middle, 770, inner, 38, "normal", FONT);
    fitText(context, data.date, middle, 830, inner, 34, "normal", FONT);

    var qrSize = 380;
    drawQr(context, data.qr, middle - qrSize / 2, 900, qrSize);
    context.fillStyle = "#5a514b";
    fitText(context, data.scan, middle, 1340, inner, 32, "normal", FONT);
    return canvas;
  }

  function startCertificate(card) {
    var button = document.querySelector("[data-save-certificate]");
    var preview = document.querySelector(".certificate-preview");
    if (!button || !document.createElement("canvas").getContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var data = {
        heading: card.getAttribute("data-heading"),
        name: card.getAttribute("data-name"),
        number: card.getAttribute("data-number"),
        title: card.getAttribute("data-title"),
        school: card.getAttribute("data-school"),
        date: card.getAttribute("data-date"),
        campaign: card.getAttribute("data-campaign"),
        scan: card.getAttribute("data-scan"),
        qr: card.getAttribute("data-qr")
      };
      var canvas = drawCertificate(data);
      var url = canvas.toDataURL("image/png");
      if (preview) {
        preview.querySelector("img").src = url;
        preview.hidden = false;
      }
      var link = document.createElement("a");
      link.href = url;
      link.download = card.getAttribute("data-file") || "certificate.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-counts-url]");
    if (box && window.fetch) startCounter(box);
    var card = document.querySelector("[data-certificate]");
    if (card) startCertificate(card);
  });
})();
