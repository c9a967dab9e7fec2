/* 站内搜索: loads only the index shards a query needs (see search_index.py).
   Works from a web server and from file:// (shards are scripts, not fetched JSON).
   Results are built with textContent: nothing from the index is parsed as HTML. */
(function () {
  "use strict";
  var TOKEN_SHARDS = 1024, DOC_SHARDS = 256, SHOWN = 50, RANKED = 300;
  var RUN = /[0-9a-z\u3400-\u9fff\uf900-\ufaff]+/g;
  var WORD = /[0-9a-z]{3,}/g;
  var me = document.currentScript;
  var base = me.src.replace(/search\.js(?:[?#].*)?$/, "");
  var root = base.replace(/search\/$/, "");
  var tokenShards = {}, docShards = {}, pieces = {}, loading = {};

  window.GDSearch = {
    t: function (n, data) { tokenShards[n] = data; },
    d: function (n, data) { docShards[n] = data; },
    p: function (name, gaps) { pieces[name] = gaps; }
  };

  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }

  function shardOf(token) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) {
      h ^= token.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % TOKEN_SHARDS;
  }

  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () { resolve(); };
        s.onerror = function () { resolve(); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }

  function normal(q) { return q.normalize("NFKC").toLowerCase(); }

  /* Runs of 3+ letters and digits (the parts of a 索引号 or 文号) are indexed whole: such a
     word found in the index replaces the bigrams inside it, so 2026-00012 matches exactly. */
  function queryWords(q) { return normal(q).match(WORD) || []; }

  function queryTokens(q, found) {
    var runs = normal(q).match(RUN) || [];
    var seen = {}, out = [];
    function add(t) { if (!seen[t]) { seen[t] = true; out.push(t); } }
    runs.forEach(function (run) {
      var covered = [], m, word = new RegExp(WORD.source, "g");
      while ((m = word.exec(run)) !== null) {
        if (found[m[0]]) {
          add(m[0]);
          for (var k = m.index; k < m.index + m[0].length; k++) { covered[k] = true; }
        }
      }
      if (run.length === 1) { add(run); }
      for (var i = 0; i + 1 < run.length; i++) {
        if (!(covered[i] && covered[i + 1])) { add(run.slice(i, i + 2)); }
      }
    });
    return out;
  }

  function loadShards(tokens) {
    return Promise.all(tokens.map(function (t) {
      return load(base + "t/" + pad(shardOf(t), 4) + ".js");
    }));
  }

  /* A token in very many items keeps {n, p: [piece keys]} in its shard; its ids are in
     p/<token as hex UTF-16>-<key>.js, each piece gap-encoded from 0. */
  function entry(token) {
    var shard = tokenShards[shardOf(token)];
    return shard && Object.prototype.hasOwnProperty.call(shard, token) ? shard[token] : [];
  }

  function hexName(token) {
    var out = "";
    for (var i = 0; i < token.length; i++) { out += pad(token.charCodeAt(i).toString(16), 4); }
    return out;
  }

  function pieceNames(token) {
    var e = entry(token);
    return Array.isArray(e) ? [] : e.p.map(function (key) { return hexName(token) + "-" + key; });
  }

  function decode(gaps, ids) {
    var total = 0;
    for (var i = 0; i < gaps.length; i++) { total += gaps[i]; ids.push(total); }
    return ids;
  }

  function postings(token) {
    var e = entry(token);
    if (Array.isArray(e)) { return decode(e, []); }
    var ids = [];
    pieceNames(token).forEach(function (name) { decode(pieces[name] || [], ids); });
    return ids;
  }

  function search(q, org) {
    var words = queryWords(q);
    var tokens;
    return loadShards(words).then(function () {
      var found = {};
      words.forEach(function (w) { if (postingsCount(w)) { found[w] = true; } });
      tokens = queryTokens(q, found);
      if (!tokens.length) { return null; }
      if (org) { tokens.push("@" + org.toLowerCase()); }
      return loadShards(tokens);
    }).then(function (ok) {
      if (ok === null) { return null; }
      var names = [];
      tokens.forEach(function (t) { names = names.concat(pieceNames(t)); });
      return Promise.all(names.map(function (name) { return load(base + "p/" + name + ".js"); }));
    }).then(function (ok) {
      if (ok === null) { return null; }
      var lists = tokens.map(postings).sort(function (a, b) { return a.length - b.length; });
      var hits = lists[0];
      for (var i = 1; i < lists.length && hits.length; i++) {
        var other = new Set(lists[i]);
        hits = hits.filter(function (id) { return other.has(id); });
      }
      var total = hits.length;
      hits = hits.slice().sort(function (a, b) { return b - a; }).slice(0, RANKED);
      var shards = {};
      hits.forEach(function (id) { shards[id % DOC_SHARDS] = true; });
      return Promise.all(Object.keys(shards).map(function (n) {
        return load(base + "d/" + pad(n, 3) + ".js");
      })).then(function () { return { total: total, rows: rank(hits, q) }; });
    });
  }

  function postingsCount(token) {
    var e = entry(token);
    return Array.isArray(e) ? e.length : e.n;
  }

  /* 索引号 or 文号 containing the query first, then titles containing it, then newest. */
  function rank(ids, q) {
    var needle = normal(q).replace(/\s+/g, "");
    var rows = [];
    ids.forEach(function (id) {
      var shard = docShards[id % DOC_SHARDS];
      var row = shard && shard[String(id)];
      if (row) { rows.push(row); }
    });
    function score(row) {
      if (needle && [row[5], row[6]].some(function (v) {
        return v && normal(v).replace(/\s+/g, "").indexOf(needle) >= 0;
      })) { return 0; }
      return normal(row[0]).indexOf(needle) >= 0 ? 1 : 2;
    }
    rows.sort(function (a, b) {
      return score(a) - score(b) || (a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : 0);
    });
    return rows;
  }

  function show(q, result) {
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (result === null) { status.textContent = "请输入要搜索的关键词。"; return; }
    if (!result.rows.length) { status.textContent = "没有找到与“" + q + "”相关的信息。"; return; }
    status.textContent = "找到 " + result.total + " 条与“" + q + "”相关的信息" +
      (result.total > SHOWN ? "，显示前 " + Math.min(SHOWN, result.rows.length) + " 条" : "") + "。";
    result.rows.slice(0, SHOWN).forEach(function (row) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + row[1];
      a.textContent = row[0];
      li.appendChild(a);
      if (row[4] && row[4] !== "有效") {
        var tag = document.createElement("span");
        tag.className = "tag tag-expired";
        tag.textContent = row[4];
        li.appendChild(tag);
      }
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = (row[7] ? row[7] + " · " : "") + row[3] + " · " + row[2] +
        (row[5] ? " · 索引号 " + row[5] : "") + (row[6] ? " · " + row[6] : "");
      li.appendChild(meta);
      list.appendChild(li);
    });
  }

  function run() {
    var input = document.getElementById("search-q");
    if (!input) { return; }
    var params = new URLSearchParams(window.location.search);
    var q = params.get("q") || "";
    var org = params.get("org") || "";
    var select = document.getElementById("search-org");
    if (select) { select.value = org; org = select.value; } else { org = ""; }
    input.value = q;
    if (!q.trim()) { return; }
    document.getElementById("search-status").textContent = "正在搜索……";
    search(q, org).then(function (result) { show(q, result); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
