// 大字 / 高对比度 across pages: the switches are CSS-only checkboxes that work without
// JavaScript on the page they are used on; this remembers them for the next pages
// (localStorage, this browser only). Nothing is sent anywhere.
(function () {
  "use strict";
  var ids = ["opt-large", "opt-contrast"];
  function store() {
    try { return window.localStorage; } catch (e) { return null; }  // file:// or private mode
  }
  var saved = store();
  ids.forEach(function (id) {
    var box = document.getElementById(id);
    if (!box) { return; }
    if (saved && saved.getItem("gd-" + id) === "1") { box.checked = true; }
    box.addEventListener("change", function () {
      if (saved) { saved.setItem("gd-" + id, box.checked ? "1" : "0"); }
    });
  });
}());
