"""components/filter_select.html draws what govukSelect draws for a filter of plain values, so the
long lists of local authorities keep the GOV.UK markup without the macro's cost per option."""

import re

import pytest

GOVUK = """{% from "govuk_frontend_jinja/components/select/macro.html" import govukSelect %}
{% set items = [{"value": "", "text": everything}] %}
{% for value in values %}
{% set _ = items.append({"value": value, "text": value, "selected": value == selected}) %}
{% endfor %}
{{ govukSelect({"id": id, "name": id, "label": {"text": label}, "items": items}) }}"""
OURS = """{% from "components/filter_select.html" import filter_select %}
{{ filter_select(id, label, everything, values, selected) }}"""


def _markup(html: str) -> str:
    """The markup without the whitespace between and inside tags that HTML ignores here."""
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))).strip()


@pytest.mark.parametrize("selected", ["", "Barking & Dagenham", "Nowhere", "St. Helens"])
def test_the_filter_select_is_the_govuk_select(app, selected):
    values = ["Barking & Dagenham", 'Say "hello"', "<Leeds>", "St. Helens", "Bristol, City of"]
    given = {"id": "local_authority", "label": "Local authority", "everything": "All local authorities"}
    with app.app_context():
        govuk = app.jinja_env.from_string(GOVUK).render(values=values, selected=selected, **given)
        ours = app.jinja_env.from_string(OURS).render(values=values, selected=selected, **given)
    assert _markup(ours) == _markup(govuk)
    assert "&lt;Leeds&gt;" in ours and ours.count(" selected") == (selected in values)
