// On a phone, the filter bar starts folded unless a filter is set: the list comes first.
// Without JavaScript it stays open.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 575.98px)").matches) return;
  document.querySelectorAll("details.filter-fold").forEach(function (details) {
    if (details.dataset.chosen === "0") details.open = false;
  });
})();
