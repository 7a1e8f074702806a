// Moves the progress bar of a document being written (the workbook, the status report)
// by asking the server how far it has come;
// once it is ready (or failed), the page is loaded again to offer it.
(function () {
  "use strict";
  var box = document.getElementById("workbook");
  if (!box || box.dataset.finished === "true") return;
  var bar = document.getElementById("workbook-progress");
  var share = document.getElementById("workbook-share");
  var template = share.textContent.replace(/\d+/, "{percent}");

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.finished) {
          window.location.reload();
          return;
        }
        bar.value = status.percent;
        bar.textContent = status.percent + " %";
        share.textContent = template.replace("{percent}", status.percent);
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
