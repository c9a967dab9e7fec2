/* On-screen keyboard: letters for 拼音首字母 and full pinyin, digits, delete and clear.
   Every key is a real button at least 64 CSS px; nothing depends on hover. */
(function () {
  "use strict";

  var ROWS = ["1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"];

  function key(label, value, wide) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.setAttribute("data-key", value);
    if (wide) b.className = "wide";
    return b;
  }

  function mount(container, onKey) {
    container.textContent = "";
    for (var r = 0; r < ROWS.length; r++) {
      var row = document.createElement("div");
      row.className = "row";
      for (var c = 0; c < ROWS[r].length; c++) row.appendChild(key(ROWS[r][c], ROWS[r][c]));
      if (r === ROWS.length - 1) row.appendChild(key("删除", "Backspace", true));
      container.appendChild(row);
    }
    var last = document.createElement("div");
    last.className = "row";
    last.appendChild(key("清空", "Clear", true));
    container.appendChild(last);
    container.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-key]");
      if (button) onKey(button.getAttribute("data-key"));
    });
  }

  window.KioskKeyboard = { mount: mount };
})();
