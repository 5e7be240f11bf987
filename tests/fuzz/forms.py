"""The fields a page's form really has, read from its HTML as a browser would post them."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

SKIPPED = {"csrf_token"}


@dataclass
class Field:
    name: str
    kind: str  # "text", "file" or "choice"
    count: int = 0  # inputs with this name: three text inputs are a date's day, month and year
    options: list[str] = field(default_factory=list)


def fields_of(html: str, action: str) -> list[Field]:
    """The named inputs of every POST form on the page that posts to ``action``."""
    found: dict[str, Field] = {}
    soup = BeautifulSoup(html, "html.parser")
    for form in soup.find_all("form"):
        if form.get("method", "get").lower() != "post" or urlsplit(form.get("action", "")).path != action:
            continue
        for tag in form.find_all(["input", "select", "textarea", "button"]):
            name = tag.get("name")
            if not name or name in SKIPPED:
                continue
            kind = {"file": "file", "radio": "choice", "checkbox": "choice"}.get(tag.get("type", "text"), "text")
            if tag.name == "select":
                kind = "choice"
            entry = found.setdefault(name, Field(name, kind))
            entry.count += 1
            if tag.name == "select":
                entry.options += [option.get("value", option.get_text()) for option in tag.find_all("option")]
            elif (tag.get("value") is not None and kind != "text") or (
                tag.name == "button" and tag.get("value") is not None
            ):
                entry.options.append(tag["value"])
    return list(found.values())
