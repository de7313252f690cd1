// The 360° panoramas of a hall page (reports/halls/public/hall.html): one Pannellum viewer, and
// buttons that switch its scene. Everything comes from data attributes; without JavaScript,
// WebGL or the library, the flat views in [data-panorama-fallback] simply stay. No framework.
(function () {
  "use strict";

  function webglWorks() {
    try {
      var canvas = document.createElement("canvas");
      return !!(window.WebGLRenderingContext &&
        (canvas.getContext("webgl") || canvas.getContext("experimental-webgl")));
    } catch (error) {
      return false;
    }
  }

  function start(box) {
    var stage = box.querySelector(".panorama-stage");
    var fallback = box.querySelector("[data-panorama-fallback]");
    var message = box.querySelector("[data-panorama-message]");
    var list = box.querySelector(".panorama-list");
    var hint = box.querySelector("[data-panorama-hint]");
    var sources = box.querySelectorAll("[data-panorama-scene]");
    if (!stage || !sources.length) return;
    if (!window.pannellum || !webglWorks()) {
      if (message) message.textContent = box.getAttribute("data-failed");
      return;
    }

    var scenes = {};
    sources.forEach(function (source) {
      scenes[source.getAttribute("data-panorama-scene")] = {
        type: "equirectangular",
        panorama: source.getAttribute("data-image"),
        preview: source.getAttribute("data-preview") || undefined,
        title: source.getAttribute("data-title") || undefined
      };
    });
    var first = sources[0].getAttribute("data-panorama-scene");
    var reducedMotion = window.matchMedia &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    stage.hidden = false;
    if (hint) hint.hidden = false;
    if (list) list.hidden = false;
    if (fallback) fallback.hidden = true;

    var viewer = window.pannellum.viewer(stage, {
      "default": {
        firstScene: first,
        autoLoad: true,
        sceneFadeDuration: reducedMotion ? 0 : 600,
        showFullscreenCtrl: true,
        compass: false,
        escapeHTML: true, // titles are the schools' captions: text, never markup
        strings: { loadingLabel: box.getAttribute("data-loading") }
      },
      scenes: scenes
    });

    function failed() {
      stage.hidden = true;
      if (hint) hint.hidden = true;
      if (list) list.hidden = true;
      if (fallback) fallback.hidden = false;
      if (message) message.textContent = box.getAttribute("data-failed");
    }
    viewer.on("error", failed);

    if (!list) return;
    var buttons = list.querySelectorAll("button[data-panorama-scene]");
    function press(sceneId) {
      buttons.forEach(function (button) {
        button.setAttribute(
          "aria-pressed",
          button.getAttribute("data-panorama-scene") === sceneId ? "true" : "false"
        );
      });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var sceneId = button.getAttribute("data-panorama-scene");
        if (button.getAttribute("aria-pressed") === "true") return;
        press(sceneId);
        viewer.loadScene(sceneId);
      });
    });
    viewer.on("scenechange", press);
  }

  document.querySelectorAll("[data-panorama-viewer]").forEach(start);
})();
