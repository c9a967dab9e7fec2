/* 电子屏: rotate the slides (or scroll one line of text) from window.SCREEN_DATA, offline. */
(function () {
  "use strict";
  var data = window.SCREEN_DATA || { config: {}, slides: [] };
  var cfg = data.config;
  var params = new URLSearchParams(window.location.search);
  var stage = document.getElementById("stage");
  var root = document.documentElement;
  var portrait = cfg.height > cfg.width;
  var unit = Math.min(cfg.width, cfg.height) / 100 * (portrait ? 1.4 : 1);
  var MIN_UNITS = { "s-title": 4.5 };
  var current = -1;

  /* Today in China, whatever the device's zone (?today=YYYY-MM-DD overrides, for tests). */
  function today() {
    var forced = params.get("today");
    if (forced && /^\d{4}-\d{2}-\d{2}$/.test(forced)) return forced;
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"
    }).format(new Date());
  }

  /* A 公示 leaves the screen the day after its 公示期 ends, even before the next sync. */
  function live() {
    var day = today();
    return data.slides.filter(function (s) { return !s.until || s.until >= day; });
  }

  function overflows(el) {
    return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  }

  /* Shrink an element's type down to its minimum, then shorten its text, until nothing is cut. */
  function fit(el) {
    el.style.fontSize = "";
    if (!el.textContent || el.offsetParent === null) return;
    var size = parseFloat(window.getComputedStyle(el).fontSize);
    var min = (MIN_UNITS[el.id] || 3.2) * unit;
    while (overflows(el) && size * 0.94 >= min) {
      size *= 0.94;
      el.style.fontSize = size + "px";
    }
    if (!overflows(el)) return;
    var text = el.textContent, lo = 0, hi = text.length;
    while (lo < hi) {
      var mid = Math.ceil((lo + hi) / 2);
      el.textContent = text.slice(0, mid) + "…";
      if (overflows(el)) hi = mid - 1; else lo = mid;
    }
    el.textContent = lo > 0 ? text.slice(0, lo) + "…" : "";  /* no room at all: left out */
  }

  function fitAll() {
    ["title", "org", "s-title", "s-notice", "s-summary"].forEach(function (id) {
      fit(document.getElementById(id));
    });
    Array.prototype.forEach.call(document.querySelectorAll("#s-meta dd"), fit);
  }

  function show(index) {
    var slides = live();
    var empty = slides.length === 0;
    document.getElementById("slide").hidden = empty;
    document.getElementById("empty").hidden = !empty;
    document.getElementById("counter").textContent = "";
    if (empty) { current = -1; return; }
    current = ((index % slides.length) + slides.length) % slides.length;
    var s = slides[current];
    document.getElementById("s-tag").textContent = s.tag;
    document.getElementById("s-title").textContent = s.title;
    document.getElementById("s-notice").textContent = s.notice;
    document.getElementById("s-summary").textContent = s.summary;
    var meta = document.getElementById("s-meta");
    meta.textContent = "";
    s.meta.forEach(function (pair) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = pair[0];
      dd.textContent = pair[1];
      meta.appendChild(dt);
      meta.appendChild(dd);
    });
    var qr = document.getElementById("s-qr");
    qr.parentNode.hidden = !s.qr;
    if (s.qr) qr.src = s.qr;
    document.getElementById("counter").textContent = (current + 1) + " / " + slides.length;
    stage.setAttribute("data-slug", s.slug);
    fitAll();
  }

  function startSlides() {
    show(0);
    if (params.get("hold") === "1") return;
    window.setInterval(function () { show(current + 1); }, cfg.seconds_per_item * 1000);
  }

  function tickerText() {
    var lines = live().map(function (s) { return s.line; });
    return lines.length ? lines.join("\u3000\u3000") : "暂无公开信息";
  }

  function startTicker() {
    var ticker = document.getElementById("ticker");
    var span = document.getElementById("ticker-text");
    ticker.hidden = false;
    document.getElementById("slide").hidden = true;
    span.style.fontSize = Math.floor(cfg.height * 0.8) + "px";
    span.style.lineHeight = cfg.height + "px";
    span.textContent = tickerText();
    var x = cfg.width, last = null;
    function step(now) {
      if (last !== null) x -= cfg.scroll_speed * (now - last) / 1000;
      last = now;
      if (x < -span.offsetWidth) {  /* one pass done: start again with today's items */
        span.textContent = tickerText();
        x = cfg.width;
      }
      span.style.transform = "translateX(" + x.toFixed(1) + "px)";
      window.requestAnimationFrame(step);
    }
    window.requestAnimationFrame(step);
  }

  stage.style.width = cfg.width + "px";
  stage.style.height = cfg.height + "px";
  stage.style.setProperty("--u", unit + "px");
  if (portrait) stage.classList.add("portrait");
  root.setAttribute("data-mode", cfg.mode);
  window.SCREEN = { show: show, count: function () { return live().length; } };
  if (cfg.mode === "scroll") {
    stage.classList.add("scroll");
    startTicker();
  } else {
    startSlides();
  }
  root.setAttribute("data-ready", "1");
})();
