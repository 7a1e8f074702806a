"""Reading a page the test client got back as a reader reads it: its text, in order."""

import re
from html.parser import HTMLParser

UNEXPLAINED = ""


class _FirstUse(HTMLParser):
    """Find an abbreviation's first use in the body's text, and the title it is given there."""

    def __init__(self, short):
        super().__init__(convert_charrefs=True)
        self.word = re.compile(rf"\b{re.escape(short)}\b")
        self.titles = []  # of the <abbr> elements the parser is inside
        self.in_body = self.in_script = False
        self.found = None

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        elif tag in ("script", "style"):
            self.in_script = True
        elif tag == "abbr":
            self.titles.append(dict(attrs).get("title") or UNEXPLAINED)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.in_script = False
        elif tag == "abbr" and self.titles:
            self.titles.pop()

    def handle_data(self, data):
        if self.found is None and self.in_body and not self.in_script and self.word.search(data):
            self.found = self.titles[-1] if self.titles else UNEXPLAINED


def first_use_title(page: str, short: str) -> str | None:
    """Return the full name that the abbreviation's first use on the page is marked up with
    (<abbr title="…">), "" when its first use is not explained, None when it is not used."""
    reader = _FirstUse(short)
    reader.feed(page)
    return reader.found
