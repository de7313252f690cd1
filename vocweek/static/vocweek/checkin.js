/* Check-in by camera: the phone's back camera reads the visitor's QR code and sends the code
   through the page's own form, so typing a code works the same with or without a camera.
   BarcodeDetector where the browser has it; otherwise frames are drawn to a canvas and read by
   jsQR (vendor/jsqr/jsQR.js, loaded only when needed). */
(function () {
  "use strict";

  var CODE = /^[A-Z0-9]{8}$/;
  var REPEAT_MS = 4000; // the same code seen again within this time is the same visitor
  var SCAN_EVERY_MS = 150;

  function codeFrom(text) {
    // The QR holds the bare code; a registration link with ?code= is read too.
    var plain = (text || "").toUpperCase().replace(/[\s-]/g, "");
    if (CODE.test(plain)) return plain;
    try {
      var url = new URL(text);
      var code = url.searchParams.get("code");
      if (code) return code;
    } catch (error) {
      /* not a link */
    }
    return text.trim();
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve();
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function makeDetector(root) {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") === -1) throw new Error("no qr_code");
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return function (video) {
          return detector.detect(video).then(function (found) {
            return found.length ? found[0].rawValue : null;
          });
        };
      }).catch(function () { return canvasDetector(root); });
    }
    return canvasDetector(root);
  }

  function canvasDetector(root) {
    return loadScript(root.dataset.jsqr).then(function () {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (video) {
        var width = video.videoWidth;
        var height = video.videoHeight;
        if (!width || !height) return Promise.resolve(null);
        var scale = Math.min(1, 640 / Math.max(width, height));
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, {
          inversionAttempts: "dontInvert",
        });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  function setUp(root) {
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=code]");
    var button = root.querySelector("[data-scan]");
    var box = root.querySelector("[data-camera]");
    var video = root.querySelector("[data-video]");
    var status = root.querySelector("[data-camera-status]");
    var stream = null;
    var timer = null;
    var last = { code: "", at: 0 };
    var busy = false;

    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    button.hidden = false;

    function say(text) { status.textContent = text; }

    function stop() {
      if (timer) window.clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.srcObject = null;
      box.hidden = true;
      button.textContent = button.dataset.startLabel;
      button.setAttribute("aria-pressed", "false");
    }

    function send(code) {
      var now = Date.now();
      if (code === last.code && now - last.at < REPEAT_MS) return;
      last = { code: code, at: now };
      input.value = code;
      say(button.dataset.read.replace("%(code)s", code));
      if (navigator.vibrate) navigator.vibrate(80);
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }

    function start() {
      box.hidden = false;
      say(button.dataset.starting);
      button.textContent = button.dataset.stopLabel;
      button.setAttribute("aria-pressed", "true");
      Promise.all([
        navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        }),
        makeDetector(root),
      ]).then(function (results) {
        stream = results[0];
        var detect = results[1];
        video.srcObject = stream;
        return video.play().then(function () {
          say(button.dataset.aim);
          function tick() {
            if (!stream) return;
            if (busy || video.readyState < 2) {
              timer = window.setTimeout(tick, SCAN_EVERY_MS);
              return;
            }
            busy = true;
            detect(video).then(function (text) {
              busy = false;
              if (text) send(codeFrom(text));
            }, function () {
              busy = false;
            }).then(function () {
              if (stream) timer = window.setTimeout(tick, SCAN_EVERY_MS);
            });
          }
          tick();
        });
      }).catch(function () {
        stop();
        box.hidden = false;
        say(button.dataset.denied);
        input.focus();
      });
    }

    button.addEventListener("click", function () {
      if (stream) stop();
      else start();
    });

    // After each answer the field is ready for the next code; a refused code stays, selected,
    // so that a typing slip is fixed in place.
    form.addEventListener("htmx:afterRequest", function () {
      var outcome = root.querySelector("[data-outcome]");
      if (outcome && outcome.dataset.outcome === "error") {
        if (!stream) input.select();
      } else {
        input.value = "";
        if (!stream) input.focus();
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.hidden && stream) stop();
    });
  }

  function init() {
    document.querySelectorAll("[data-check-in]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
