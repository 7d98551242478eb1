// Small page behaviours declared with data- attributes, so that no template needs inline script
// (the Content-Security-Policy allows scripts from our own static files only).
//   data-submit-on-change            a select that submits its form when changed
//   data-clear-on-change="field"     ... after emptying another field of the form (e.g. the village)
//   data-print                       a button that prints the page
//   data-check-all="name"            a checkbox that checks or clears every checkbox called `name`
(function () {
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (!el.matches || !el.matches("[data-submit-on-change]")) return;
    var clear = el.getAttribute("data-clear-on-change");
    if (clear && el.form.elements[clear]) el.form.elements[clear].value = "";
    el.form.submit();
  });
  document.addEventListener("click", function (e) {
    var el = e.target;
    if (!el.closest) return;
    if (el.closest("[data-print]")) { window.print(); return; }
    var all = el.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll("input[name='" + all.getAttribute("data-check-all") + "']").forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
})();
