// The activity form: find a firm as you type, warn of the other house's recent
// contact with it, and tick the goals that the chosen activity type counts for.
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  if (!form) return;

  var cvrInput = document.getElementById("id_firm_cvr");
  var dateInput = document.getElementById("id_date");
  var options = document.getElementById("firm-options");
  var found = document.getElementById("firm-found");
  var newFirm = document.getElementById("new-firm");
  var warning = document.getElementById("contact-warning");
  var contactList = document.getElementById("contact-list");
  var firms = {};
  var timer = null;

  function cvrOf(value) {
    var digits = value.toUpperCase().replace(/^DK/, "").replace(/[\s-]/g, "");
    return /^\d{8}$/.test(digits) ? digits : null;
  }

  function getJSON(url, params) {
    var query = new URLSearchParams(params).toString();
    return fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
  }

  function search(query) {
    return getJSON(form.dataset.firmSearchUrl, { q: query }).then(function (data) {
      if (!data) return [];
      options.replaceChildren();
      data.firms.forEach(function (firm) {
        firms[firm.cvr] = firm;
        var option = document.createElement("option");
        option.value = firm.cvr;
        option.label = firm.name + " · " + firm.municipality;
        option.textContent = firm.name + " · " + firm.municipality;
        options.appendChild(option);
      });
      return data.firms;
    });
  }

  function showFirm(cvr) {
    var firm = cvr && firms[cvr];
    if (firm) {
      found.textContent = firm.name + " · " + firm.municipality + " (" + firm.cvr + ")";
      found.hidden = false;
      newFirm.hidden = true;
    } else {
      found.hidden = true;
      newFirm.hidden = false;
    }
  }

  function checkContacts(cvr) {
    if (!cvr) {
      warning.hidden = true;
      return;
    }
    getJSON(form.dataset.firmContactsUrl, { cvr: cvr, date: dateInput.value }).then(function (data) {
      if (!data) return;
      contactList.replaceChildren();
      data.contacts.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        contactList.appendChild(item);
      });
      warning.hidden = data.contacts.length === 0;
    });
  }

  function lookUp() {
    var value = cvrInput.value.trim();
    var cvr = cvrOf(value);
    if (value.length < 2) {
      showFirm(null);
      checkContacts(null);
      return;
    }
    search(cvr || value).then(function () {
      showFirm(cvr);
      checkContacts(cvr);
    });
  }

  cvrInput.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 200);
  });
  dateInput.addEventListener("change", function () {
    checkContacts(cvrOf(cvrInput.value));
    showEntryYear();
  });

  // The year the date puts the activity in: the first year open for entries that holds it
  // (the server decides, and says so, when the form is sent).
  var entryYears = JSON.parse(document.getElementById("entry-years").textContent);
  var entryYear = document.getElementById("entry-year");

  function isoDate(value) {
    var parts = value.trim().match(/^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$/);
    if (parts) return parts[3] + "-" + ("0" + parts[2]).slice(-2) + "-" + ("0" + parts[1]).slice(-2);
    return /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? value.trim() : null;
  }

  function showEntryYear() {
    if (!entryYear) return;
    var day = isoDate(dateInput.value);
    if (!day) return;
    var year = entryYears.find(function (entry) { return entry.start <= day && day <= entry.end; });
    entryYear.textContent = year
      ? entryYear.dataset.countsIn.replace("%s", year.title)
      : entryYear.dataset.noYear;
    entryYear.classList.toggle("text-danger", !year);
  }
  dateInput.addEventListener("input", showEntryYear);
  showEntryYear();
  if (cvrInput.value) lookUp();

  // Goals: tick those the type's targets count; untick the ones the previous type ticked.
  var goalsByType = JSON.parse(document.getElementById("goals-by-type").textContent);
  var typeSelect = document.getElementById("id_activity_type");
  var ticked = goalsByType[typeSelect.value] || [];
  typeSelect.addEventListener("change", function () {
    var wanted = goalsByType[typeSelect.value] || [];
    form.querySelectorAll("input[name=goals]").forEach(function (box) {
      var id = Number(box.value);
      if (ticked.indexOf(id) !== -1 && wanted.indexOf(id) === -1) box.checked = false;
      if (wanted.indexOf(id) !== -1) box.checked = true;
    });
    ticked = wanted;
  });

  // Send the form once: a second click while the first is on its way is ignored (the
  // server answers a repeated form with the activity it made, whatever happens here).
  form.addEventListener("submit", function (event) {
    if (form.dataset.sending) event.preventDefault();
    form.dataset.sending = "1";
  });
  // A page brought back with the browser's Back button can be sent again.
  window.addEventListener("pageshow", function () { delete form.dataset.sending; });
})();
