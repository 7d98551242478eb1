// Small page behaviours declared with data- attributes, so that no template needs inline script
// (the Content-Security-Policy allows scripts from our own static files only).
//   data-submit-on-change            a select that submits its form when changed
//   data-clear-on-change="field"     ... after emptying another field of the form (e.g. the village)
//   data-print                       a button that prints the page
//   data-check-all="name"            a checkbox that checks or clears every checkbox called `name`
//   data-back                        a button that goes back to the previous page (or home without one)
//   data-sum-of="selector"           an element showing the sum of the whole numbers (digits 0-9 only; an empty
//                                    field counts 0, anything else shows "—") typed in the fields matching
//                                    `selector`, kept up to date as they change; with data-sum-target="n" it is
//                                    classed sum-ok when the sum is n and sum-off otherwise
//   data-diff-of="#sum"              an element showing how far that sum is from its data-sum-target, in the
//                                    page's words: data-more / data-less (with {n} for the difference) or
//                                    data-equal; "—" while the sum is not a number
//   <details data-menu>              a drop-down of the menu bar: one open at a time, closed by a click
//                                    elsewhere or Esc (focus back on its title), arrow keys move through it
//   #request-error                   (base.html) an htmx request refused (403 CSRF: X-Refused: csrf; other 4xx,
//                                    5xx) or not sent shows its data-csrf / data-forbidden / data-generic /
//                                    data-offline text here, an aria-live alert; the next good request hides it.
//                                    (A timed-out session is answered with HX-Redirect to the login page.)
(function () {
  // htmx readies swapped-in content (its hx- triggers) and focuses its [autofocus] element only when the swap
  // settles, 20 ms later (more on a busy machine): a scanner's ID number and Tab typed in between lost the Tab,
  // focus jumped back. So at the swap: ready the new content (htmx.process; the settle does not do it twice),
  // then focus, and spend the attribute so that the settle leaves the clerk's focus where it is. Readying comes
  // first: a key on a drop-down focused before its hx-trigger exists would change it without asking the server.
  document.addEventListener("htmx:afterSwap", function () {
    var fresh = document.querySelectorAll(".htmx-added[autofocus], .htmx-added [autofocus]");
    if (!fresh.length) return;
    document.querySelectorAll(".htmx-added").forEach(function (el) { htmx.process(el); });
    fresh[0].focus();
    fresh.forEach(function (el) { el.removeAttribute("autofocus"); });
  });
  function showRequestError(kind) {
    var box = document.getElementById("request-error");
    if (!box) return;
    box.querySelector("li").textContent = box.getAttribute("data-" + kind);
    box.hidden = false;
  }
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    if (xhr.status === 403 && xhr.getResponseHeader("X-Refused") === "csrf") showRequestError("csrf");
    else if (xhr.status === 401 || xhr.status === 403) showRequestError("forbidden");
    else showRequestError("generic");
  });
  document.addEventListener("htmx:sendError", function () { showRequestError("offline"); });
  document.addEventListener("htmx:afterRequest", function (e) {
    var box = document.getElementById("request-error");
    if (box && e.detail.successful) box.hidden = true;
  });
  function updateSums() {
    document.querySelectorAll("[data-sum-of]").forEach(function (out) {
      var total = 0, bad = false;
      document.querySelectorAll(out.getAttribute("data-sum-of")).forEach(function (field) {
        var value = field.value.trim();
        if (value === "") return;
        if (!/^[0-9]+$/.test(value)) { bad = true; return; }
        total += parseInt(value, 10);
      });
      out.textContent = bad ? "—" : String(total);
      var target = out.getAttribute("data-sum-target");
      if (target !== null) {
        var ok = !bad && String(total) === target;
        out.classList.toggle("sum-ok", ok);
        out.classList.toggle("sum-off", !ok);
      }
    });
    document.querySelectorAll("[data-diff-of]").forEach(function (out) {
      var sum = document.querySelector(out.getAttribute("data-diff-of"));
      if (!sum) return;
      var text = sum.textContent.trim(), target = sum.getAttribute("data-sum-target");
      if (!/^[0-9]+$/.test(text) || target === null) { out.textContent = "—"; return; }
      var diff = parseInt(text, 10) - parseInt(target, 10);
      out.textContent = diff === 0 ? out.getAttribute("data-equal")
        : out.getAttribute(diff > 0 ? "data-more" : "data-less").replace("{n}", String(Math.abs(diff)));
    });
  }
  document.addEventListener("input", updateSums);
  document.addEventListener("DOMContentLoaded", updateSums);
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
    if (el.closest("[data-back]")) {
      if (window.history.length > 1) window.history.back(); else window.location.href = "/";
      return;
    }
    var all = el.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll("input[name='" + all.getAttribute("data-check-all") + "']").forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
  function openMenus() { return document.querySelectorAll("details[data-menu][open]"); }
  document.addEventListener("toggle", function (e) {
    var menu = e.target;
    if (!menu.matches || !menu.matches("details[data-menu]") || !menu.open) return;
    openMenus().forEach(function (other) { if (other !== menu) other.open = false; });
  }, true);
  document.addEventListener("click", function (e) {
    openMenus().forEach(function (menu) { if (!menu.contains(e.target)) menu.open = false; });
  });
  document.addEventListener("keydown", function (e) {
    var menu = e.target.closest && e.target.closest("details[data-menu]");
    if (!menu) return;
    var links = Array.prototype.slice.call(menu.querySelectorAll(".menu-items a"));
    var at = links.indexOf(e.target);
    if (e.key === "Escape") {
      menu.open = false;
      menu.querySelector("summary").focus();
      e.preventDefault();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      menu.open = true;
      var next = e.key === "ArrowDown" ? at + 1 : (at < 0 ? links.length - 1 : at - 1);
      if (links.length) links[(next + links.length) % links.length].focus();
      e.preventDefault();
    }
  });
})();
