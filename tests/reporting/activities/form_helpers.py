"""The activity forms as a browser posts them, and what the user sees on the page that
comes back: the values in a form, the errors next to a field, the page's text."""

import html
import re
from html.parser import HTMLParser

from reporting.models import Activity, Evidence, Firm
from tests.factories import new_cvr
from tests.reporting.activities.lookups import activity_type, municipality

CONFLICT_DA = "En anden har gemt en ændring her"
SAVED_DA = "Aktiviteten er gemt"  # "Aktiviteten er gemt i Regional aftale 2018." when new
RETURNED_DA = "Sendt retur af lederen:"


def activity_form(activity_type_code="growth_mapping", action="submit", **fields):
    """Return the new-activity form as a browser posts it: every field, most left empty."""
    data = {
        "activity_type": activity_type(activity_type_code).pk,
        "date": "15.03.2018",
        "quantity": "1",
        "participants": "",
        "firm_cvr": "",
        "firm_name": "",
        "firm_municipality": "",
        "firm_sector": "",
        "delivered_in": "",
        "municipality": "",
        "description": "",
        "links": "",
        "action": action,
    }
    data.update(fields)
    return data


def new_firm_fields(cvr=None, name="Bageriet Brød ApS", municipality_code=101):
    """Return the fields Hanne fills in for a firm the portal does not know yet."""
    return {
        "firm_cvr": cvr or new_cvr(),
        "firm_name": name,
        "firm_municipality": municipality(municipality_code).pk,
    }


class _FormReader(HTMLParser):
    """Collect the values a browser would send from a form: inputs, selects, textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self._select = None
        self._textarea = None

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._add(self._select["name"], value)
                self._select["chosen"] = True
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            if not self._select["chosen"] and self._select["first"] is not None:
                self._add(self._select["name"], self._select["first"])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline that Django writes right after <textarea>.
            text = "".join(self._textarea["text"]).removeprefix("\n")
            self._add(self._textarea["name"], text)
            self._textarea = None


def form_on_page(response, start):
    """Return what the browser would post from the form that begins with `start`."""
    page = response.content.decode()
    begin = page.index(start)
    reader = _FormReader()
    reader.feed(page[begin : page.index("</form>", begin)])
    return {
        name: values if name == "goals" else values[-1] for name, values in reader.values.items()
    }


def edit_form_of(response, **changes):
    """Return the activity edit form as shown, with the user's changes typed in."""
    data = form_on_page(response, '<form method="post" enctype="multipart/form-data"')
    data.update(changes)
    return data


def errors_next_to(response, field):
    """Return the error texts that crispy renders in the field's invalid-feedback block."""
    page = response.content.decode()
    block = re.search(
        rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>', page, re.DOTALL
    )
    if block is None:
        return []
    return [
        html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        for text in re.findall(rf'<[a-z]+ id="error_\d+_id_{field}">(.*?)</[a-z]+>', block[1])
    ]


def page_text(response):
    return html.unescape(response.content.decode())


def counts():
    return Activity.objects.count(), Firm.objects.count(), Evidence.objects.count()


def in_english(client):
    """Choose English with the language switch, as the user would."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/activities/"})
    return client
