// The pages' small behaviours, in one file served by the site itself: the Content-Security-Policy
// allows no inline script, so templates carry data-* attributes and this file gives them life.
// Every handler is delegated from the document, so it also works on what htmx swaps in.
(function () {
  "use strict";

  // <form data-confirm="…">: ask before sending; "no" sends nothing.
  // <form data-once>: one click, one action — a double click must not post twice (the server
  // refuses it too). The pressed button's value is kept by disabling the buttons only after the
  // browser has read it.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.confirm !== undefined && !form.dataset.sent && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    if (form.dataset.once === undefined) return;
    if (form.dataset.sent) { e.preventDefault(); return; }
    if (e.defaultPrevented) return;
    form.dataset.sent = "1";
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  // <select data-autosubmit>: choosing sends the form (the agency chooser at the desk).
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el instanceof HTMLSelectElement && el.dataset.autosubmit !== undefined && el.form) {
      el.form.submit();
    }
  });

  document.addEventListener("click", function (e) {
    if (!(e.target instanceof Element)) return;
    // <button data-print>: print the page (queue tickets, appointment slips).
    if (e.target.closest("[data-print]")) { window.print(); return; }
    // <button data-fill='{"id": "value", …}'>: copy known values into the form's fields.
    var filler = e.target.closest("[data-fill]");
    if (filler) {
      var values = JSON.parse(filler.dataset.fill);
      Object.keys(values).forEach(function (id) {
        var field = document.getElementById(id);
        if (field && values[id]) field.value = values[id];
      });
    }
  });

  // <input data-lookup-length="12">: once exactly that many characters are typed, fire the
  // "lookup" event the field's hx-trigger listens to (a personal ID is looked up when complete).
  document.addEventListener("input", function (e) {
    var el = e.target;
    if (!(el instanceof HTMLInputElement) || !el.dataset.lookupLength) return;
    if (el.value.trim().length === Number(el.dataset.lookupLength) && window.htmx) {
      window.htmx.trigger(el, "lookup");
    }
  });

  // hx-* request from an element with data-send-as="name": its value is sent under that name.
  document.addEventListener("htmx:configRequest", function (e) {
    var el = e.detail.elt;
    if (el && el.dataset && el.dataset.sendAs) e.detail.parameters[el.dataset.sendAs] = el.value;
  });

  // A link to one action of a page (the warning list's "Phát hành" → #issue_apology) opens that
  // action's <details>.
  function openTarget() {
    var id = location.hash && decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openTarget);
  else openTarget();
  window.addEventListener("hashchange", openTarget);
})();
