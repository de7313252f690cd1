// The data dashboard: draws the figures embedded in the page with ECharts, then fetches them again
// every `refresh` seconds and redraws. When a fetch fails the last figures stay, marked out of date.
(function () {
  "use strict";

  const body = document.body;
  const source = document.getElementById("dashboard-figures");
  if (!source || !window.echarts) return;

  const COLOURS = ["#f3c552", "#e5533d", "#4fc3f7", "#7bd389", "#b39ddb", "#ff8a65", "#90a4ae", "#f48fb1"];
  const TEXT = "#eef3ff";
  const MUTED = "#a9b8d8";
  const LINE = "#23407a";
  const zone = body.dataset.timeZone || "Asia/Shanghai";
  const charts = new Map();
  // The platform's clock, which a demo or a rehearsal may set apart from the real one.
  const offset = body.dataset.now ? Date.parse(body.dataset.now) - Date.now() : 0;

  function axisStyle(extra) {
    return Object.assign(
      {
        axisLabel: { color: MUTED },
        axisLine: { lineStyle: { color: LINE } },
        splitLine: { lineStyle: { color: LINE, type: "dashed" } },
      },
      extra
    );
  }

  function optionFor(chart) {
    const base = {
      color: COLOURS,
      backgroundColor: "transparent",
      textStyle: { color: TEXT },
      aria: { enabled: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => (v == null ? "—" : v + (chart.unit === "%" ? "%" : "")) },
      legend: { show: chart.series.length > 1, top: 0, textStyle: { color: MUTED } },
      grid: { left: 8, right: 16, top: chart.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      animationDuration: 600,
    };
    const categoryAxis = axisStyle({
      type: "category",
      data: chart.categories,
      axisLabel: { color: MUTED, interval: 0, rotate: chart.categories.length > 8 ? 40 : 0 },
    });
    const valueAxis = axisStyle({ type: "value", minInterval: 1 });
    if (chart.kind === "ranking") {
      return Object.assign(base, {
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: valueAxis,
        yAxis: axisStyle({ type: "category", data: chart.categories, inverse: true, axisLabel: { color: TEXT, width: 160, overflow: "truncate" } }),
        series: chart.series.map((s) => ({ name: s.name, type: "bar", data: s.values, barMaxWidth: 22, label: { show: true, position: "right", color: TEXT } })),
      });
    }
    if (chart.kind === "percent") {
      return Object.assign(base, {
        xAxis: categoryAxis,
        yAxis: axisStyle({ type: "value", min: 0, max: 100, axisLabel: { color: MUTED, formatter: "{value}%" } }),
        series: chart.series.map((s) => ({ name: s.name, type: "bar", data: s.values, barMaxWidth: 18 })),
      });
    }
    const line = chart.kind === "line";
    return Object.assign(base, {
      xAxis: Object.assign(categoryAxis, { boundaryGap: !line }),
      yAxis: valueAxis,
      series: chart.series.map((s) => ({
        name: s.name,
        type: line ? "line" : "bar",
        data: s.values,
        stack: s.stack || undefined,
        smooth: line,
        symbolSize: 7,
        areaStyle: line ? { opacity: 0.12 } : undefined,
        barMaxWidth: 28,
      })),
    });
  }

  function draw(chart) {
    const panel = document.querySelector('[data-chart="' + chart.key + '"]');
    if (!panel) return;
    panel.querySelector("[data-title]").textContent = chart.title;
    panel.querySelector("[data-unit]").textContent = chart.unit ? "（" + chart.unit + "）" : "";
    const canvas = panel.querySelector("[data-canvas]");
    panel.querySelector("[data-empty]").hidden = chart.has_data;
    panel.classList.toggle("is-empty", !chart.has_data);
    canvas.hidden = !chart.has_data;
    if (chart.has_data) {
      let instance = charts.get(chart.key);
      if (!instance) {
        instance = window.echarts.init(canvas);
        charts.set(chart.key, instance);
      }
      instance.resize();
      instance.setOption(optionFor(chart), { notMerge: true });
    }
    const rows = panel.querySelector("[data-rows]");
    rows.replaceChildren(
      ...chart.rows.map((row) => {
        const tr = document.createElement("tr");
        row.forEach((cell, index) => {
          const td = document.createElement(index === 0 ? "th" : "td");
          if (index === 0) td.scope = "row";
          td.textContent = cell == null ? "—" : String(cell);
          tr.append(td);
        });
        return tr;
      })
    );
  }

  function count(element, target) {
    const start = Number(element.textContent) || 0;
    if (start === target) return;
    const began = performance.now();
    const step = (now) => {
      const progress = Math.min(1, (now - began) / 800);
      element.textContent = String(Math.round(start + (target - start) * progress));
      if (progress < 1) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  function showCounters(counters) {
    for (const counter of counters) {
      const box = document.querySelector('[data-counter="' + counter.key + '"]');
      if (!box) continue;
      count(box.querySelector("[data-value]"), counter.value);
      const of = box.querySelector("[data-of]");
      if (of && counter.of != null) of.textContent = String(counter.of);
    }
  }

  function showStories(stories) {
    const list = document.querySelector("[data-stories]");
    if (!list) return;
    list.replaceChildren(
      ...stories.map((story) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = story.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = story.title;
        const unit = document.createElement("span");
        unit.textContent = story.unit;
        item.append(link, " ", unit);
        return item;
      })
    );
    document.querySelector("[data-stories-empty]").hidden = stories.length > 0;
  }

  const clockTime = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const clockDate = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, month: "long", day: "numeric", weekday: "short" });

  function showUpdated(figures) {
    const updated = document.querySelector("[data-updated]");
    updated.setAttribute("datetime", figures.generated_at);
    updated.textContent = clockTime.format(new Date(figures.generated_at));
    document.querySelector("[data-moment]").textContent = figures.moment;
  }

  function show(figures) {
    showCounters(figures.counters);
    figures.charts.forEach(draw);
    showStories(figures.stories);
    showUpdated(figures);
  }

  function stale(isStale) {
    const note = document.querySelector("[data-stale]");
    note.hidden = !isStale;
    note.textContent = isStale ? body.dataset.staleText : "";
    document.querySelector("[data-fresh]").hidden = isStale;
    body.classList.toggle("is-stale", isStale);
  }

  let figures = JSON.parse(source.textContent);
  let timer = null;

  async function refresh() {
    try {
      const response = await fetch(body.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-cache" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      if (!data.figures) throw new Error("no figures");
      figures = data.figures;
      show(figures);
      stale(false);
    } catch (error) {
      stale(true);
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, Math.max(5, figures.refresh) * 1000);
  }

  // A hidden tab does not poll; it catches up as soon as it is shown again.
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) clearTimeout(timer);
    else refresh();
  });

  const clock = document.querySelector("[data-clock]");
  function tick() {
    const now = new Date(Date.now() + offset);
    clock.textContent = clockDate.format(now) + " " + clockTime.format(now);
    clock.setAttribute("datetime", now.toISOString());
  }

  const fullscreen = document.querySelector("[data-fullscreen]");
  if (fullscreen && document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen();
    });
    document.addEventListener("fullscreenchange", () => {
      const on = Boolean(document.fullscreenElement);
      fullscreen.textContent = on ? body.dataset.exitFullscreenText : body.dataset.fullscreenText;
      fullscreen.setAttribute("aria-pressed", String(on));
    });
  }

  let resizing = null;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => charts.forEach((instance) => instance.resize()));
  });

  show(figures);
  tick();
  setInterval(tick, 1000);
  schedule();
})();
