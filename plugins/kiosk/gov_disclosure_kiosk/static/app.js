/* The kiosk page: home (栏目, 主题分类, 最新), lists, item view with QR, search with the
   on-screen keyboard, large-text and high-contrast modes, and the idle reset.
   Item data only ever goes into the page through textContent, never as HTML. */
(function () {
  "use strict";

  var CONFIG = window.KIOSK_CONFIG || {};
  var params = new URLSearchParams(window.location.search);
  var idleSeconds = Number(params.get("idle")) > 0 ? Number(params.get("idle"))
                                                    : CONFIG.idle_seconds || 90;
  var forced = params.get("orientation") || CONFIG.orientation || "auto";
  var pageSize = CONFIG.page_size || 8;
  var catalog = new window.KioskSearch.Catalog(window.KIOSK_INDEX);
  var root = document.documentElement;
  var $ = function (id) { return document.getElementById(id); };
  var state = { screen: "home", history: [], list: null, results: [], searchPage: 0 };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /* ---- screens ---- */
  function show(name, remember) {
    if (remember !== false && state.screen !== name) state.history.push(state.screen);
    state.screen = name;
    var screens = document.querySelectorAll(".screen");
    for (var i = 0; i < screens.length; i++) screens[i].hidden = screens[i].id !== "screen-" + name;
    $("main").scrollTop = 0;
    root.setAttribute("data-screen", name);
  }

  function back() { show(state.history.pop() || "home", false); }

  function itemButton(i) {
    var r = catalog.row(i);
    var li = el("li");
    var b = el("button", "item-link");
    b.type = "button";
    b.setAttribute("data-slug", r.slug);
    var t = el("span", "t");
    if (r.urgent) t.appendChild(el("span", "badge", "紧急"));
    if (r.validity) t.appendChild(el("span", "badge", r.validity));
    t.appendChild(document.createTextNode(r.title));
    b.appendChild(t);
    b.appendChild(el("span", "m", r.date + "　" + r.column));
    li.appendChild(b);
    return li;
  }

  function renderPage(listNode, pagerNode, ids, page, onPage) {
    clear(listNode);
    clear(pagerNode);
    var pages = Math.max(1, Math.ceil(ids.length / pageSize));
    page = Math.min(Math.max(page, 0), pages - 1);
    for (var i = page * pageSize; i < Math.min(ids.length, (page + 1) * pageSize); i++) {
      listNode.appendChild(itemButton(ids[i]));
    }
    if (pages > 1) {
      var prev = el("button", "prev", "上一页");
      prev.type = "button";
      prev.disabled = page === 0;
      prev.addEventListener("click", function () { onPage(page - 1); });
      var next = el("button", "next", "下一页");
      next.type = "button";
      next.disabled = page >= pages - 1;
      next.addEventListener("click", function () { onPage(page + 1); });
      pagerNode.appendChild(prev);
      pagerNode.appendChild(el("span", "page-info", "第 " + (page + 1) + " / " + pages + " 页"));
      pagerNode.appendChild(next);
    }
    return page;
  }

  function tiles(container, groups, kind) {
    clear(container);
    groups.names.forEach(function (name) {
      var b = el("button", "tile");
      b.type = "button";
      b.setAttribute("data-" + kind, name);
      b.appendChild(el("span", "name", name));
      b.appendChild(el("span", "count", groups.ids[name].length + " 条"));
      b.addEventListener("click", function () {
        openList((kind === "column" ? "栏目：" : "主题：") + name, groups.ids[name]);
      });
      container.appendChild(b);
    });
  }

  function renderHome() {
    tiles($("columns"), catalog.columns, "column");
    tiles($("topics"), catalog.topics, "topic");
    var latest = $("latest");
    clear(latest);
    for (var i = 0; i < Math.min(5, catalog.size); i++) latest.appendChild(itemButton(i));
    if (catalog.size === 0) latest.appendChild(el("li", "info", "暂无公开信息"));
  }

  function openList(title, ids) {
    state.list = { title: title, ids: ids };
    $("list-title").textContent = title + "（" + ids.length + " 条）";
    var go = function (page) { renderPage($("list"), $("list-pager"), ids, page, go); };
    go(0);
    show("list");
  }

  /* ---- item ---- */
  function loadShard(r, done) {
    var loaded = window.KIOSK_ITEMS && window.KIOSK_ITEMS[r.shard];
    if (loaded) { done(loaded); return; }
    var script = document.createElement("script");
    script.src = "data/items-" + ("00" + r.shard).slice(-3) + ".js?v=" + r.version;
    script.onload = function () { done((window.KIOSK_ITEMS || {})[r.shard] || {}); };
    script.onerror = function () { done({}); };
    document.body.appendChild(script);
  }

  function openItem(slug) {
    var i = catalog.bySlug[slug];
    if (i === undefined) return;
    var r = catalog.row(i);
    loadShard(r, function (records) {
      renderItem(records[slug], r);
      show("item");
    });
  }

  function table(rows, className) {
    var t = el("table", className);
    rows.forEach(function (cells) {
      var tr = el("tr");
      tr.appendChild(el("th", null, cells[0]));
      tr.appendChild(el("td", null, cells[1]));
      t.appendChild(tr);
    });
    return t;
  }

  function dataTable(d) {
    var t = el("table", "data");
    t.appendChild(el("caption", null, d.caption + (d.unit ? "（单位：" + d.unit + "）" : "")));
    var head = el("thead"), tr = el("tr");
    d.columns.forEach(function (c) { tr.appendChild(el("th", null, c)); });
    head.appendChild(tr);
    t.appendChild(head);
    var body = el("tbody");
    var addRow = function (parent, cells) {
      var row = el("tr");
      cells.forEach(function (c, j) { row.appendChild(el("td", j > 0 ? "n" : null, c)); });
      parent.appendChild(row);
    };
    d.rows.forEach(function (cells) { addRow(body, cells); });
    t.appendChild(body);
    if (d.total) { var foot = el("tfoot"); addRow(foot, d.total); t.appendChild(foot); }
    return t;
  }

  function renderItem(rec, r) {
    var article = $("item"), aside = $("item-qr");
    clear(article);
    clear(aside);
    $("item-column").textContent = r.column;
    if (!rec) {
      article.appendChild(el("p", "info", "该信息已更新或撤下，请返回首页。"));
      return;
    }
    var h = el("h2");
    if (rec.urgent) h.appendChild(el("span", "badge", "紧急"));
    h.appendChild(document.createTextNode(rec.title));
    article.appendChild(h);
    article.appendChild(table(rec.meta, "meta"));
    if (rec.notice) {
      var n = el("div", "notice");
      n.appendChild(el("p", null, "公示期：" + rec.notice.starts_on + " 至 " + rec.notice.ends_on));
      if (rec.notice.contact) n.appendChild(el("p", null, "如有异议，请联系：" + rec.notice.contact));
      article.appendChild(n);
    }
    if (rec.summary) article.appendChild(el("p", "summary", rec.summary));
    var body = el("div", "body");
    rec.body.forEach(function (line) { if (line.trim()) body.appendChild(el("p", null, line)); });
    article.appendChild(body);
    rec.tables.forEach(function (d) { article.appendChild(dataTable(d)); });
    if (rec.attachments.length) {
      article.appendChild(el("h3", null, "附件（请扫码在手机上查看或下载）"));
      var ul = el("ul", "attachments");
      rec.attachments.forEach(function (a) {
        var kb = Math.max(1, Math.round(a.size / 1024));
        ul.appendChild(el("li", null, a.name + "（" + kb + " KB）"));
      });
      article.appendChild(ul);
    }
    var related = rec.related.filter(function (x) { return catalog.bySlug[x[1]] !== undefined; });
    if (related.length) {
      article.appendChild(el("h3", null, "相关信息"));
      var rl = el("ol", "items related");
      related.forEach(function (x) {
        var li = itemButton(catalog.bySlug[x[1]]);
        li.firstChild.insertBefore(el("span", "m", x[0]), li.firstChild.firstChild);
        rl.appendChild(li);
      });
      article.appendChild(rl);
    }
    if (typeof rec.qr === "string" && rec.qr.indexOf("data:image/png;base64,") === 0) {
      var img = el("img");
      img.src = rec.qr;
      img.alt = "本条信息网址的二维码";
      aside.appendChild(img);
      aside.appendChild(el("p", null, "用手机扫码，继续阅读"));
      aside.appendChild(el("p", "url", rec.url));
    }
  }

  /* ---- search ---- */
  var input = $("q");
  var composing = false;

  function runSearch() {
    state.results = catalog.search(input.value);
    var info = $("search-info");
    if (!input.value.trim()) {
      info.textContent = "请用键盘输入标题的拼音首字母，例如输入 DB 查找“低保”；也可输入全拼或汉字。";
    } else if (state.results.length === 0) {
      info.textContent = "没有找到相关信息，请换个词试试。";
    } else {
      info.textContent = "找到 " + state.results.length + " 条信息";
    }
    var go = function (page) {
      state.searchPage = renderPage($("results"), $("search-pager"), state.results, page, go);
    };
    go(0);
  }

  function onKey(k) {
    if (k === "Backspace") input.value = input.value.slice(0, -1);
    else if (k === "Clear") input.value = "";
    else input.value += k;
    runSearch();
  }

  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; runSearch(); });
  input.addEventListener("input", function () { if (!composing) runSearch(); });

  /* ---- display modes, orientation, idle reset ---- */
  function setMode(button, className, on) {
    root.classList.toggle(className, on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function orient() {
    var o = forced === "portrait" || forced === "landscape" ? forced
      : (window.innerWidth > window.innerHeight ? "landscape" : "portrait");
    root.setAttribute("data-orientation", o);
  }

  function reset() {
    input.value = "";
    runSearch();
    setMode($("btn-large"), "large", false);
    setMode($("btn-contrast"), "contrast", false);
    state.history = [];
    state.list = null;
    show("home", false);
    root.setAttribute("data-resets", String(Number(root.getAttribute("data-resets") || 0) + 1));
  }

  var lastActive = Date.now();
  function touched() { lastActive = Date.now(); }
  ["pointerdown", "touchstart", "keydown", "input", "wheel", "scroll"].forEach(function (ev) {
    document.addEventListener(ev, touched, { capture: true, passive: true });
  });
  window.setInterval(function () {
    var pristine = state.screen === "home" && !input.value && !root.classList.contains("large")
      && !root.classList.contains("contrast");
    if (!pristine && Date.now() - lastActive >= idleSeconds * 1000) reset();
  }, 250);

  /* ---- wiring ---- */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("button[data-slug]");
    if (link) openItem(link.getAttribute("data-slug"));
    else if (event.target.closest("button.back")) back();
  });
  $("btn-home").addEventListener("click", function () {
    state.history = [];
    show("home", false);
  });
  $("btn-large").addEventListener("click", function () {
    setMode(this, "large", !root.classList.contains("large"));
  });
  $("btn-contrast").addEventListener("click", function () {
    setMode(this, "contrast", !root.classList.contains("contrast"));
  });
  $("open-search").addEventListener("click", function () {
    show("search");
    runSearch();
    input.focus({ preventScroll: true });
  });
  window.KioskKeyboard.mount($("keyboard"), onKey);
  window.addEventListener("resize", orient);
  orient();
  $("idle-note").textContent = "无人操作 " + idleSeconds + " 秒后自动返回首页";
  renderHome();
  runSearch();
  show("home", false);
  window.KIOSK = { catalog: catalog, reset: reset, readyAt: performance.now() };
  root.setAttribute("data-ready", "1");
})();
