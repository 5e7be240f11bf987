"""The least a Flask page can be: one route answering a fixed HTML page of about the size of the
portal's accessibility statement, no session, no database, no templates. Served by the same
gunicorn settings as the portal (``gunicorn -c gunicorn.conf.py benchmarks.bare_app:app``), it
shows how much of the portal's minimal page is the framework and the server alone."""

import os

from flask import Flask

SIZE = int(os.environ.get("BARE_PAGE_BYTES", "6000"))
HEAD = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Bare page</title></head><body><main>'
TAIL = "</main></body></html>\n"
PARAGRAPH = "<p>A fixed paragraph of text, the same at every request, standing in for a page's content.</p>\n"
PAGE = HEAD + PARAGRAPH * max(1, (SIZE - len(HEAD) - len(TAIL)) // len(PARAGRAPH)) + TAIL

app = Flask(__name__)


@app.get("/")
def page() -> str:
    return PAGE


@app.get("/healthz")
def health() -> str:
    return "ok"
