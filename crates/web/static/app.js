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
})();
