"""core.templating.PortalEnvironment: templates read the environment's globals directly, so the
import check on every ``{% from ... import %}`` is cheap, and nothing leaks between templates."""

from collections import ChainMap


def test_templates_without_globals_of_their_own_read_the_environments_keys(app):
    with app.app_context():
        layout = app.jinja_env.get_template("base.html")
        assert type(layout.globals.keys()) is type({}.keys())  # the dict's own view: compared in C
        assert "asset_url" in layout.globals and "url_for" in layout.globals


def test_globals_given_to_a_cached_template_stay_with_it(app):
    """Jinja adds globals given to ``get_template`` to a cached template's own: never the environment's."""
    with app.app_context():
        app.jinja_env.get_template("components/pagination.html")
        cached = app.jinja_env.get_template("components/pagination.html", globals={"leaked": "yes"})
        assert cached.globals["leaked"] == "yes" and "leaked" in set(cached.globals.keys())
        assert "leaked" not in app.jinja_env.globals
        assert app.jinja_env.from_string("{{ leaked is defined }}").render() == "False"


def test_a_template_given_globals_keeps_them_to_itself(app):
    with app.app_context():
        own = app.jinja_env.from_string("{{ only_here }}", globals={"only_here": "mine"})
        assert isinstance(own.globals, ChainMap) and own.render() == "mine"
        assert "only_here" not in app.jinja_env.globals
        assert app.jinja_env.from_string("{{ only_here is defined }}").render() == "False"
