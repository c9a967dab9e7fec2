/* The kiosk's catalogue and search: rows from data/index-NNN.js, newest first.
   Search keys are built at publish time (pypinyin): 拼音首字母, full pinyin and the title.
   All rows' keys are joined into one string per kind with an offset table, so a query is a
   few native indexOf calls plus a binary search per hit instead of one test per item. */
(function () {
  "use strict";

  var PINYIN = /^[a-z0-9]+$/;
  var ROW = { slug: 0, title: 1, column: 2, topic: 3, date: 4, initials: 5, full: 6,
              terms: 7, urgent: 8, validity: 9 };

  /* Rows of all shards, newest first; column and topic codes become names. */
  function Catalog(shards) {
    var rows = [];
    var keys = Object.keys(shards || {});
    for (var k = 0; k < keys.length; k++) {
      var shard = shards[keys[k]];
      for (var r = 0; r < shard.rows.length; r++) {
        var row = shard.rows[r];
        rows.push({
          slug: row[ROW.slug], title: row[ROW.title], date: row[ROW.date],
          column: shard.columns[row[ROW.column]], topic: shard.topics[row[ROW.topic]],
          initials: row[ROW.initials], full: row[ROW.full],
          text: (row[ROW.title] + (row[ROW.terms] ? " " + row[ROW.terms] : "")).toLowerCase(),
          urgent: row[ROW.urgent] === 1, validity: row[ROW.validity],
          shard: Number(keys[k]), version: shard.items_v
        });
      }
    }
    rows.sort(function (a, b) {
      if (a.date !== b.date) return a.date < b.date ? 1 : -1;
      return a.slug < b.slug ? -1 : 1;
    });
    this.size = rows.length;
    this.rows = rows;
    this.bySlug = {};
    for (var i = 0; i < rows.length; i++) this.bySlug[rows[i].slug] = i;
    this.initials = joinKeys(rows, function (x) { return x.initials; });
    this.full = joinKeys(rows, function (x) { return x.full; });
    this.text = joinKeys(rows, function (x) { return x.text; });
    this.columns = group(rows, "column");
    this.topics = group(rows, "topic");
  }

  /* "\n" + key0 + "\n" + key1 …: every key follows a newline, and offsets[i] is where
     key i starts. */
  function joinKeys(rows, pick) {
    var parts = new Array(rows.length);
    var offsets = new Int32Array(rows.length);
    var at = 1;
    for (var i = 0; i < rows.length; i++) {
      parts[i] = pick(rows[i]);
      offsets[i] = at;
      at += parts[i].length + 1;
    }
    return { hay: "\n" + parts.join("\n"), offsets: offsets };
  }

  function group(rows, field) {
    var map = {};
    var names = [];
    for (var i = 0; i < rows.length; i++) {
      var name = rows[i][field];
      if (!map[name]) { map[name] = []; names.push(name); }
      map[name].push(i);
    }
    names.sort(function (a, b) { return map[b].length - map[a].length || (a < b ? -1 : 1); });
    return { names: names, ids: map };
  }

  /* Lower-case, no spaces; full-width letters and digits become half-width. */
  function normalize(query) {
    return String(query || "").replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).toLowerCase().replace(/\s+/g, "");
  }

  /* Push the rows holding ``needle`` (not yet seen) in key order; ``shift`` is how far into
     the needle the key's own text begins (1 for a needle starting with the newline). */
  function scan(keys, needle, shift, seen, out) {
    var hay = keys.hay, offsets = keys.offsets, last = offsets.length - 1;
    var pos = hay.indexOf(needle);
    while (pos !== -1) {
      var at = pos + shift, lo = 0, hi = last;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (offsets[mid] <= at) lo = mid; else hi = mid - 1;
      }
      if (!seen[lo]) { seen[lo] = 1; out.push(lo); }
      pos = lo < last ? hay.indexOf(needle, offsets[lo + 1] - shift) : -1;
    }
  }

  /* Row numbers matching the query, each group newest first. A query of letters and digits
     looks at the pinyin: initials where it starts the title or an abbreviation term (低保)
     first, other initials matches next (领导班子 holds d-b), then full pinyin. Any other
     query (汉字 from a physical keyboard) looks at the title and its terms. */
  Catalog.prototype.search = function (query) {
    var q = normalize(query);
    if (!q || this.size === 0) return [];
    var seen = new Uint8Array(this.size);
    var out = [];
    if (PINYIN.test(q)) {
      scan(this.initials, "\n" + q, 1, seen, out);
      scan(this.initials, " " + q, 0, seen, out);
      out.sort(function (a, b) { return a - b; });
      scan(this.initials, q, 0, seen, out);
      scan(this.full, q, 0, seen, out);
    } else {
      scan(this.text, q, 0, seen, out);
    }
    return out;
  };

  /* The baseline the benchmark compares with: includes() tests on every row, same order. */
  Catalog.prototype.naiveSearch = function (query) {
    var q = normalize(query);
    var starts = [], inner = [], rest = [];
    if (!q) return starts;
    var pinyin = PINYIN.test(q);
    for (var i = 0; i < this.rows.length; i++) {
      var row = this.rows[i];
      if (!pinyin) {
        if (row.text.includes(q)) rest.push(i);
      } else if (row.initials.startsWith(q) || row.initials.includes(" " + q)) {
        starts.push(i);
      } else if (row.initials.includes(q)) {
        inner.push(i);
      } else if (row.full.includes(q)) {
        rest.push(i);
      }
    }
    return starts.concat(inner, rest);
  };

  Catalog.prototype.row = function (i) { return this.rows[i]; };

  window.KioskSearch = { Catalog: Catalog, normalize: normalize };
})();
