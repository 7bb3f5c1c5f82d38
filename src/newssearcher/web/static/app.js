// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  var root = document.documentElement;
  function setCookie(name, value) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; Path=/; Max-Age=31536000; SameSite=Lax";
  }
  function effectiveTheme() {
    var t = root.getAttribute("data-theme");
    if (t === "light" || t === "dark") return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  // Theme toggle: switch in place instead of a round trip to the server.
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("[data-theme-toggle]");
    if (!link) return;
    ev.preventDefault();
    var next = effectiveTheme() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    setCookie("ns_theme", next);
  });
  // Opening a reply/report box moves the keyboard focus into it.
  document.addEventListener("toggle", function (ev) {
    var d = ev.target;
    if (d.tagName === "DETAILS" && d.open) {
      var field = d.querySelector("textarea, input:not([type=hidden])");
      if (field) field.focus();
    }
  }, true);
  // Don't send a comment twice on a double click.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.dataset.sent === "1") { ev.preventDefault(); return; }
    form.dataset.sent = "1";
    setTimeout(function () { form.dataset.sent = ""; }, 4000);
  });
})();
