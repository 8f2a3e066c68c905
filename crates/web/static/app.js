// xuncha: a little progressive enhancement. Every page works without it.
(function () {
  "use strict";
  // Ask before destructive actions marked data-confirm.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // Print buttons (no inline handlers: the Content-Security-Policy forbids them).
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // Long-term measures need a milestone: show its field only when that kind is chosen.
  function syncMilestone(select) {
    var form = select.form;
    var box = form && form.querySelector("[data-milestone]");
    if (box) { box.hidden = select.value !== "long_term" && !box.querySelector(".field-error"); }
  }
  document.querySelectorAll("select[name=deadline_kind]").forEach(function (s) {
    syncMilestone(s);
    s.addEventListener("change", function () { syncMilestone(s); });
  });
  // A typical problem picked while drafting: its standard wording fills an empty summary and
  // its basis (定性依据) is the detail's last line (replaced by another pick); both stay editable.
  document.querySelectorAll("select[data-fills]").forEach(function (s) {
    s.addEventListener("change", function () {
      var o = s.options[s.selectedIndex];
      var ids = s.getAttribute("data-fills").split(" ");
      var summary = document.getElementById(ids[0]), detail = document.getElementById(ids[1]);
      if (!o || !o.value) { return; }
      var wording = o.getAttribute("data-wording") || "", basis = o.getAttribute("data-basis") || "";
      if (summary && !summary.value.trim()) { summary.value = wording; }
      if (detail && basis) {
        // One basis line, the pick's: another pick replaces it rather than adding a second.
        var kept = detail.value.split("\n").filter(function (l) { return l.indexOf("定性依据:") !== 0; });
        kept.push("定性依据:" + basis);
        detail.value = kept.join("\n").trim();
      }
    });
  });
  // Tables marked data-sortable: each header sorts by its column (numbers as numbers, a dash
  // last); a search box marked data-filter="<table id>" shows only the rows containing its text.
  function cellValue(row, i, numeric) {
    var text = (row.cells[i] && row.cells[i].textContent || "").trim();
    if (!numeric) { return text; }
    var n = parseFloat(text);
    return isNaN(n) ? -Infinity : n;
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var body = table.tBodies[0];
    table.querySelectorAll("thead th").forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.classList.contains("num");
        var up = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i, numeric), y = cellValue(b, i, numeric);
          var c = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) { return; }
    input.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== "" && r.textContent.indexOf(q) < 0;
      });
    });
  });
  // A refused form: tie each field's message to its control, and move focus to the first
  // message so a screen reader announces what to fix (the page itself says it without this).
  var n = 0;
  document.querySelectorAll(".field .field-error").forEach(function (msg) {
    var control = msg.parentElement.querySelector("input, select, textarea");
    if (!control) { return; }
    if (!msg.id) { msg.id = "field-error-" + (++n); }
    control.setAttribute("aria-invalid", "true");
    if (!control.getAttribute("aria-describedby")) { control.setAttribute("aria-describedby", msg.id); }
  });
  var first = document.querySelector("main .alert[role=alert], main .field .field-error");
  if (first && !location.hash) {
    first.setAttribute("tabindex", "-1");
    first.focus();
  }
})();
