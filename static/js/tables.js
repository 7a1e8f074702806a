// A wide table scrolls sideways inside its .table-responsive box on a narrow screen. So that
// keyboard users can scroll it too, a box that scrolls becomes a focusable region named by
// its table's caption.
(function () {
  "use strict";
  function label() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption) box.setAttribute("aria-label", caption.textContent.trim());
      }
    });
  }
  label();
  window.addEventListener("resize", label);
})();
