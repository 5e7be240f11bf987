"""Form input is read clean: parts without a name are dropped, and NUL characters removed
from posted values, file names and query strings (the filters and searches are GET forms).

A multipart part whose Content-Disposition has no ``name`` (no browser form sends one) reached
``request.form`` under the key ``None``, and Flask-WTF's CSRF check, which looks through every
key, failed on it with a 500. A NUL character is never typed, and PostgreSQL cannot store one in
text, so a value or file name holding one made a 500 there while SQLite stored it.
"""

from typing import Any, TypeVar

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

NUL = "\x00"
# Keys are Any: a part with no name arrives under None, which is what is dropped here.
Parts = TypeVar("Parts", bound=ImmutableMultiDict[Any, Any])


def _clean_form(form: Parts) -> Parts:
    if None not in form and not any(NUL in value for value in form.values()):
        return form
    return type(form)((key, value.replace(NUL, "")) for key, value in form.items(multi=True) if key is not None)


def _clean_files(files: Parts) -> Parts:
    for upload in files.values():
        if upload.filename and NUL in upload.filename:
            upload.filename = upload.filename.replace(NUL, "")
    if None not in files:
        return files
    return type(files)((key, upload) for key, upload in files.items(multi=True) if key is not None)


def init_app(app: Flask) -> None:
    """Wrap whatever request class the app uses (uploads spool theirs), keeping its behaviour."""
    base: type[Request] = app.request_class

    class CleanFormRequest(base):  # type: ignore[valid-type,misc]  # a class made at run time, as in storage_spool
        @cached_property
        def args(self) -> ImmutableMultiDict[str, str]:
            return _clean_form(super().args)

        def _load_form_data(self) -> None:
            super()._load_form_data()
            self.__dict__["form"] = _clean_form(self.__dict__.get("form", ImmutableMultiDict()))
            self.__dict__["files"] = _clean_files(self.__dict__.get("files", ImmutableMultiDict()))

    app.request_class = CleanFormRequest
