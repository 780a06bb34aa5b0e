// The reading-room viewer (zoom, pan, rotate, page list, keyboard) and the redaction tool (draw
// rectangles on a page image). Both enhance pages that work without JavaScript: the viewer's page
// links reload the page, and the redaction page has a plain form in percent.
(function () {
  "use strict";

  // ------------------------------------------------------------------ viewer
  function Viewer(root) {
    var stage = root.querySelector("[data-stage]");
    var image = root.querySelector("[data-image]");
    var position = root.querySelector("[data-position]");
    var zoomLabel = root.querySelector("[data-zoom]");
    var openLink = root.querySelector('[data-action="open-image"]');
    var prevLink = root.querySelector('[data-action="prev"]');
    var nextLink = root.querySelector('[data-action="next"]');
    var links = Array.prototype.slice.call(root.querySelectorAll("[data-page]"));
    var labelPage = root.getAttribute("data-label-page") || "Page";
    // "Page {n} of {total}" as the page's language words it (Kazakh puts the total first).
    var labelPosition = root.getAttribute("data-label-position") || "{n} / {total}";
    var state = { scale: 1, rotation: 0, x: 0, y: 0 };
    var current = Math.max(0, links.findIndex(function (a) { return a.getAttribute("aria-current") === "page"; }));
    var drag = null;

    function apply() {
      image.style.transform = "translate(" + state.x + "px, " + state.y + "px) rotate(" + state.rotation +
        "deg) scale(" + state.scale + ")";
      if (zoomLabel) { zoomLabel.textContent = Math.round(state.scale * 100) + "%"; }
    }
    function fit() { state.scale = 1; state.x = 0; state.y = 0; apply(); }
    function zoom(factor) {
      state.scale = Math.min(8, Math.max(0.25, state.scale * factor));
      if (state.scale === 1) { state.x = 0; state.y = 0; }
      apply();
    }
    function rotate(deg) { state.rotation = (state.rotation + deg + 360) % 360; apply(); }
    function pan(dx, dy) { state.x += dx; state.y += dy; apply(); }

    function show(index) {
      if (index < 0 || index >= links.length) { return; }
      current = index;
      var link = links[index];
      var number = link.getAttribute("data-page");
      image.src = link.getAttribute("data-src");
      image.alt = labelPage + " " + number;
      if (openLink) { openLink.href = link.getAttribute("data-src"); }
      links.forEach(function (a) { a.removeAttribute("aria-current"); });
      link.setAttribute("aria-current", "page");
      link.scrollIntoView({ block: "nearest" });
      if (position) {
        position.textContent = labelPosition.replace("{n}", number).replace("{total}", String(links.length));
      }
      if (prevLink) { prevLink.setAttribute("aria-disabled", index === 0 ? "true" : "false"); }
      if (nextLink) { nextLink.setAttribute("aria-disabled", index === links.length - 1 ? "true" : "false"); }
      state.rotation = 0;
      fit();
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "?page=" + encodeURIComponent(number));
      }
    }

    root.addEventListener("click", function (event) {
      var pageLink = event.target.closest("[data-page]");
      if (pageLink) { event.preventDefault(); show(links.indexOf(pageLink)); stage.focus(); return; }
      var button = event.target.closest("[data-action]");
      if (!button) { return; }
      var action = button.getAttribute("data-action");
      var handlers = {
        "prev": function () { show(current - 1); },
        "next": function () { show(current + 1); },
        "zoom-in": function () { zoom(1.25); },
        "zoom-out": function () { zoom(0.8); },
        "fit": fit,
        "rotate-left": function () { rotate(-90); },
        "rotate-right": function () { rotate(90); }
      };
      if (handlers[action]) { event.preventDefault(); handlers[action](); }
    });

    root.addEventListener("keydown", function (event) {
      if (event.target.closest("input, textarea, select")) { return; }
      var step = 60;
      var keys = {
        "PageDown": function () { show(current + 1); },
        "PageUp": function () { show(current - 1); },
        "Home": function () { show(0); },
        "End": function () { show(links.length - 1); },
        "+": function () { zoom(1.25); },
        "=": function () { zoom(1.25); },
        "-": function () { zoom(0.8); },
        "0": fit,
        "r": function () { rotate(90); },
        "R": function () { rotate(-90); },
        "ArrowLeft": function () { if (state.scale > 1) { pan(step, 0); } else { show(current - 1); } },
        "ArrowRight": function () { if (state.scale > 1) { pan(-step, 0); } else { show(current + 1); } },
        "ArrowUp": function () { pan(0, step); },
        "ArrowDown": function () { pan(0, -step); }
      };
      if (keys[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        keys[event.key]();
      }
    });

    stage.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.1 : 0.9);
    }, { passive: false });
    stage.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY };
      stage.setPointerCapture(event.pointerId);
      stage.classList.add("dragging");
    });
    stage.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      pan(event.clientX - drag.x, event.clientY - drag.y);
      drag = { x: event.clientX, y: event.clientY };
    });
    function endDrag() { drag = null; stage.classList.remove("dragging"); }
    stage.addEventListener("pointerup", endDrag);
    stage.addEventListener("pointercancel", endDrag);
    stage.addEventListener("dblclick", function () { zoom(state.scale > 1 ? 1 / state.scale : 2); });
    // Without JavaScript the links reload; with it, the page changes in place.
    root.classList.add("viewer-ready");
    apply();
    // The viewer is the page's purpose: its keys work at once, without a click first.
    if (!document.activeElement || document.activeElement === document.body) { stage.focus({ preventScroll: true }); }
  }

  // ------------------------------------------------------------------ redaction tool
  function Redaction(root) {
    var frame = root.querySelector("[data-redaction-frame]");
    var form = document.getElementById(root.getAttribute("data-form"));
    if (!frame || !form) { return; }
    var box = null;
    var start = null;

    function fraction(event) {
      var rect = frame.getBoundingClientRect();
      return {
        x: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
        y: Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height))
      };
    }
    function place(el, a, b) {
      el.style.left = (Math.min(a.x, b.x) * 100) + "%";
      el.style.top = (Math.min(a.y, b.y) * 100) + "%";
      el.style.width = (Math.abs(a.x - b.x) * 100) + "%";
      el.style.height = (Math.abs(a.y - b.y) * 100) + "%";
    }
    // The saved regions are drawn from their data attributes (no inline styles: CSP).
    frame.querySelectorAll("[data-region]").forEach(function (el) {
      var r = el.getAttribute("data-region").split(",").map(parseFloat);
      place(el, { x: r[0], y: r[1] }, { x: r[0] + r[2], y: r[1] + r[3] });
    });

    frame.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      start = fraction(event);
      frame.setPointerCapture(event.pointerId);
      box = document.createElement("div");
      box.className = "region region-new";
      frame.appendChild(box);
      place(box, start, start);
    });
    frame.addEventListener("pointermove", function (event) {
      if (start && box) { place(box, start, fraction(event)); }
    });
    frame.addEventListener("pointerup", function (event) {
      if (!start || !box) { return; }
      var end = fraction(event);
      var x = Math.min(start.x, end.x), y = Math.min(start.y, end.y);
      var w = Math.abs(start.x - end.x), h = Math.abs(start.y - end.y);
      start = null;
      if (w < 0.005 || h < 0.005) { box.remove(); box = null; return; }
      form.elements.x.value = (x * 100).toFixed(3);
      form.elements.y.value = (y * 100).toFixed(3);
      form.elements.width.value = (w * 100).toFixed(3);
      form.elements.height.value = (h * 100).toFixed(3);
      root.classList.add("has-new-region");
      var save = form.querySelector('[type="submit"]');
      if (save) { save.focus(); }
    });
  }

  document.querySelectorAll("[data-viewer]").forEach(function (el) { Viewer(el); });
  document.querySelectorAll("[data-redaction]").forEach(function (el) { Redaction(el); });
})();
