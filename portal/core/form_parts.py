"""Form fields without a name are dropped when the request body is read.

A multipart part whose Content-Disposition has no ``name`` (no browser form sends one) reaches
``request.form`` under the key ``None``, and Flask-WTF's CSRF check, which looks through every
key, fails on it with a 500. Such a part carries nothing any form could read, so it is ignored.
"""

from flask import Flask
from werkzeug.datastructures import ImmutableMultiDict


def _named_only(data):
    if None not in data:
        return data
    return type(data)((key, value) for key, value in data.items(multi=True) if key is not None)


def init_app(app: Flask) -> None:
    """Wrap whatever request class the app uses (uploads spool theirs), keeping its behaviour."""
    base = app.request_class

    class NamedPartsRequest(base):
        def _load_form_data(self) -> None:
            super()._load_form_data()
            for attribute in ("form", "files"):
                self.__dict__[attribute] = _named_only(self.__dict__.get(attribute, ImmutableMultiDict()))

    app.request_class = NamedPartsRequest
