"""core.templating.PortalEnvironment: templates read the environment's globals directly, so the
import check on every ``{% from ... import %}`` is cheap, and nothing leaks between templates."""

from collections import ChainMap


def test_templates_without_globals_of_their_own_read_the_environments(app):
    with app.app_context():
        layout = app.jinja_env.get_template("base.html")
        assert layout.globals is app.jinja_env.globals
        assert "asset_url" in layout.globals and "url_for" in layout.globals


def test_a_template_given_globals_keeps_them_to_itself(app):
    with app.app_context():
        own = app.jinja_env.from_string("{{ only_here }}", globals={"only_here": "mine"})
        assert isinstance(own.globals, ChainMap) and own.render() == "mine"
        assert "only_here" not in app.jinja_env.globals
        assert app.jinja_env.from_string("{{ only_here is defined }}").render() == "False"
