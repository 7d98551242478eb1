// The entry loop is safe for barcode scanners and fast typists:
// - digits typed while a resident is shown go to the ID field (the next person), never to the grade;
// - Enter on the panel looks up the next person when a number is being typed, else it saves;
// - Esc clears the panel back to the ID field; after a save the ID field has the focus.
(function () {
  var sent = "";
  function idField() { return document.getElementById("id_number"); }
  function lookup() { var f = document.getElementById("lookup"); if (f) f.requestSubmit(); }
  function isTextInput(el) {
    return el && el.matches && el.matches("input:not([type=hidden]):not([type=submit]):not([type=button]), textarea");
  }
  document.addEventListener("keydown", function (e) {
    var id = idField(); if (!id) return;
    var t = e.target;
    if (e.key === "Escape") {
      e.preventDefault();
      document.getElementById("panel").innerHTML = "";
      id.value = "";
      id.focus();
      return;
    }
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    if (/^[0-9xX]$/.test(e.key) && t !== id && !isTextInput(t)) {
      // On a drop-down a digit would pick a grade: it starts (or continues) the next ID number instead.
      e.preventDefault();
      id.value += e.key;
      id.focus();
      return;
    }
    if (e.key === "Enter" && t !== id && t.closest && t.closest("#save-form")) {
      e.preventDefault();
      if (id.value.trim()) { id.focus(); lookup(); return; }
      if (t.matches("select, input") || t.id === "save") t.form.requestSubmit();
    }
  });
  document.body.addEventListener("htmx:beforeRequest", function (e) {
    var id = idField();
    if (e.detail.elt && e.detail.elt.id === "lookup" && id) { sent = id.value; id.value = ""; }
  });
  // A panel that asks for one more key (an unusual grade) puts the cursor on its confirm button. The save
  // form that asked is gone by then, so its own htmx events reach nobody; htmx:load fires on the new panel.
  document.body.addEventListener("htmx:load", function (e) {
    var id = idField(), save = document.getElementById("save");
    if (id && !id.value && save && e.target.querySelector && e.target.querySelector("#confirm-grade")) save.focus();
  });
  document.body.addEventListener("htmx:afterSettle", function (e) {
    var id = idField(); if (!id) return;
    if (document.getElementById("lookup-error") && !id.value) { id.value = sent; id.select(); }
    if (document.getElementById("confirm-grade") && !id.value) return;  // htmx:load below has the focus
    // A number being typed keeps the focus; a save (the result swapped) brings it back to the ID field.
    if (id.value || (e.detail.target && e.detail.target.id === "entry-result")) id.focus();
  });
})();
