"""Pages compare statuses, roles and kinds with the constants the Python side uses
(core/templating.expose), never with a copy of the string that could drift from it."""

import re
from pathlib import Path

from portal.core import templating

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# A status, role, state, kind or type (an attribute, a variable or a call such as state_of(...))
# compared with a string literal, or looked up in a tuple or list that starts with one.
SUBJECT = r"[\w.\[\]]*\b(?:status|role|state|state_of|kind|severity|setting_type|inspection_type)\b(?:\.\w+|\([^)]*\))*"
LITERAL_COMPARISON = re.compile(SUBJECT + r"""\s*(?:==|!=|(?:not\s+)?in\s*[(\[])\s*["']""")


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_compares_a_status_role_or_kind_with_a_string():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {match.group(0)}"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in LITERAL_COMPARISON.finditer(line)
    ]
    assert found == [], "use the exposed constants (portal/__init__.py, core/templating.expose):\n" + "\n".join(found)


def test_the_check_catches_the_comparisons_it_is_for():
    for line in (
        '{% if report.status == "sent" %}',
        "{% if current_user.role != 'inspector' %}",
        '{% if version.status in ("received", "accepted") %}',
        '{% if state_of(invitation) == "expired" %}',
        '{{ "Yes" if form.role.data == "registered_manager" }}',
        '{% if setting.setting_type == "STC" %}',
    ):
        assert LITERAL_COMPARISON.search(line), line
    for line in (
        "{% if report.status == report_rules.SENT %}",
        '{% if side == "provider" %}',
        "{{ roles.get(invitation.role, invitation.role) }}",
    ):
        assert not LITERAL_COMPARISON.search(line), line


def test_every_constant_a_template_names_exists(app):
    """Jinja turns a misspelt attribute into an undefined value that compares unequal to
    everything, so a typo would hide a branch silently rather than fail."""
    exposed = templating.exposed(app)
    assert {"Role", "inspection_timeline", "annex_a_states"} <= exposed.keys()
    reference = re.compile(r"\b(" + "|".join(map(re.escape, exposed)) + r")\.(\w+)")
    missing = [
        f"{path.relative_to(TEMPLATES)}: {holder}.{name}"
        for path in _templates()
        for holder, name in reference.findall(path.read_text(encoding="utf-8"))
        if not hasattr(exposed[holder], name)
    ]
    assert missing == []
    for holder, constants in exposed.items():
        assert app.jinja_env.globals[holder] is constants
