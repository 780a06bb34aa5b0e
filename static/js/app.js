// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Forms marked data-autosubmit submit when one of their selects changes (language, archive).
  // With the keyboard, arrow keys change a closed select option by option: leaving the page on the
  // first press would make every option but the next one unreachable. So a change made with keys
  // waits for Enter, and the form's own button is shown for it.
  function autosubmitSelect(el) {
    return el && el.tagName === "SELECT" && el.closest ? el.closest("form[data-autosubmit]") : null;
  }
  function changed(select) {
    return Array.prototype.some.call(select.options, function (o) { return o.selected !== o.defaultSelected; });
  }
  var keyed = null;
  document.addEventListener("pointerdown", function () { keyed = null; }, true);
  document.addEventListener("keydown", function (event) {
    var form = autosubmitSelect(event.target);
    if (!form) { return; }
    if (event.key === "Enter") {
      if (changed(event.target)) { event.preventDefault(); form.submit(); }
      return;
    }
    if (event.key !== "Tab") { keyed = event.target; }
  });
  document.addEventListener("change", function (event) {
    var form = autosubmitSelect(event.target);
    if (!form) { return; }
    if (keyed === event.target) {
      form.querySelectorAll(".js-hide").forEach(function (el) { el.classList.remove("js-hide"); });
      return;
    }
    form.submit();
  });
  // "Select all" checkboxes for bulk actions: <input type="checkbox" data-select-all="name">.
  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-select-all");
    if (!name) { return; }
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
  // Confirmation for dangerous buttons: <button data-confirm="text">.
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
})();
