"""Checks made on every HTML page a test fetches (DESIGN.md "Tests")."""

import re

from bs4 import BeautifulSoup


def check_page(html: str, csp: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected one <h1>, found {len(h1s)}"
    heading = " ".join(h1s[0].get_text().split())
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    assert title.removeprefix("Error: ").startswith(heading), f"title {title!r} does not start with h1 {heading!r}"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in soup.find_all("form"):
        assert form.get("action"), f"form without action: {str(form)[:120]}"
        if form.get("method", "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), "POST form without a CSRF token"
    match = re.search(r"'nonce-([^']+)'", csp)
    assert match, "no nonce in the Content-Security-Policy"
    for script in soup.find_all("script"):
        assert script.get("nonce") == match.group(1), f"script without the page's nonce: {str(script)[:120]}"
