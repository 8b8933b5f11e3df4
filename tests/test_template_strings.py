"""Every word a member reads in a template is marked for translation.

The scan drops template comments, `{% translate %}` and `{% blocktranslate %}` blocks,
other template tags and variables, HTML comments, scripts and styles, and then looks at
what is left: text between tags and the attributes a person reads or hears (title, alt,
placeholder, aria-label, ...). Anything with a letter in it that is not on the short
allow-list fails the test, with the file and line."""

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# Words that are the same in every language: the product's name.
ALLOWED = {"Netwerk"}
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription", "label"}

TEMPLATE_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
BLOCKTRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}", re.S)
HAS_LETTER = re.compile(r"[^\W\d_]")


def blank_out(match: re.Match) -> str:
    """Replace with spaces, keeping the newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


class TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        # <kbd> holds a key to press ("a", "Esc"): the same key in every language.
        if tag in ("script", "style", "kbd"):
            self.skipping += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.check(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "kbd") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.check(data)

    def check(self, text: str):
        for word in re.findall(r"\S+", text):
            if HAS_LETTER.search(word) and word.strip(".,:;!?()[]·–—-\"'“”‘’") not in ALLOWED:
                self.found.append((self.getpos()[0], text.strip()))
                return


def untranslated_text(source: str) -> list[tuple[int, str]]:
    """(line, text) for each piece of readable text not marked for translation."""
    source = TEMPLATE_COMMENT.sub(blank_out, source)
    source = BLOCKTRANSLATE.sub(blank_out, source)
    source = TEMPLATE_SYNTAX.sub(blank_out, source)
    collector = TextCollector()
    collector.feed(source)
    collector.close()
    return collector.found


def test_the_scan_finds_unmarked_text_and_accepts_marked_text():
    assert untranslated_text("<p>Hello there</p>") == [(1, "Hello there")]
    assert untranslated_text('<a href="/" aria-label="Home">x</a>')[0][1] == "Home"
    assert untranslated_text("\n\n<button>Save</button>") == [(3, "Save")]
    marked = """{% load i18n %}<h1>{% translate "Hello" %}</h1>
        <p>{% blocktranslate with n=count %}You have {{ n }} contacts{% endblocktranslate %}</p>
        {# a comment #}{% comment %}Not shown{% endcomment %}<title>{{ title }} · Netwerk</title>
        <span aria-label="{% translate 'Close' %}">&times;</span> <td>12,5%</td>
        <script>const ignored = "code";</script> <kbd>Esc</kbd>"""
    assert untranslated_text(marked) == []


def test_every_template_marks_its_text_for_translation():
    problems = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix in (".html", ".txt") and path.is_file():
            for line, text in untranslated_text(path.read_text(encoding="utf-8")):
                problems.append(f"{path.relative_to(ROOT)}:{line}: {text[:80]!r}")
    assert problems == [], "Mark these for translation:\n" + "\n".join(problems)
