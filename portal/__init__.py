"""The provider portal for inspections of children's social care in England."""

from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal import config as settings
from portal.extensions import csrf, db, htmx, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: configuration, extensions, blueprints, errors and security headers."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(settings.from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    from portal.core import request_size

    request_size.init_app(app)  # before CSRF: its check reads the body
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)  # its request class (request.htmx) is the base the uploads and form parts wrap

    from portal import models  # noqa: F401  (registers every table with SQLAlchemy)
    from portal.accounts import sessions
    from portal.core import errors, form_parts, proxy, security, templating, uploads

    security.init_app(app)
    templating.init_app(app)
    _expose_template_constants(app)
    from portal.core import navigation
    from portal.navigation import SERVICE_NAVIGATION

    navigation.init_app(app, SERVICE_NAVIGATION)
    errors.init_app(app)
    proxy.init_app(app)  # client addresses from X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies
    sessions.init_app(app)
    uploads.init_app(app)
    form_parts.init_app(app)  # after uploads, whose request class it wraps

    from portal.accounts.views import bp as accounts_bp
    from portal.annex_a.views_inspectorate import bp as annex_a_inspectorate_bp
    from portal.annex_a.views_provider import bp as annex_a_bp
    from portal.complaints.views_inspectorate import bp as complaints_inspectorate_bp
    from portal.complaints.views_provider import bp as complaints_provider_bp
    from portal.core.views import bp as core_bp
    from portal.inspection_reports.views_documents import bp as reports_documents_bp
    from portal.inspection_reports.views_inspectorate import bp as reports_inspectorate_bp
    from portal.inspection_reports.views_provider import bp as reports_provider_bp, delegates_bp as reports_delegates_bp
    from portal.inspection_reports.views_public import bp as reports_public_bp
    from portal.inspection_reports.views_quality import bp as reports_quality_bp
    from portal.inspections.views_inspectorate import bp as inspections_inspectorate_bp
    from portal.inspections.views_provider import bp as inspections_provider_bp
    from portal.monitoring_reports.views_inspectorate import bp as monitoring_inspectorate_bp
    from portal.monitoring_reports.views_provider import bp as monitoring_bp
    from portal.providers.views import bp as providers_bp
    from portal.providers.views_team import bp as team_bp, invitations_bp as team_invitations_bp
    from portal.summaries.views_inspectorate import bp as summaries_inspectorate_bp
    from portal.summaries.views_provider import bp as summaries_provider_bp

    for blueprint in (
        core_bp,
        accounts_bp,
        providers_bp,
        inspections_provider_bp,
        inspections_inspectorate_bp,
        monitoring_bp,
        monitoring_inspectorate_bp,
        annex_a_bp,
        annex_a_inspectorate_bp,
        reports_provider_bp,
        reports_inspectorate_bp,
        reports_public_bp,
        reports_documents_bp,
        reports_delegates_bp,
        complaints_provider_bp,
        complaints_inspectorate_bp,
        summaries_inspectorate_bp,
        summaries_provider_bp,
        team_bp,
        team_invitations_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(reports_quality_bp)
    from portal.inspection_reports.views_improvements import bp as reports_improvements_bp

    app.register_blueprint(reports_improvements_bp)
    from portal.inspection_reports.views_non_publication import bp as reports_non_publication_bp

    app.register_blueprint(reports_non_publication_bp)
    from portal.monitoring_reports.old_paths import keep_old_paths

    keep_old_paths(app)  # after every blueprint: it adds the old path of each moved route

    from portal.core.access import public

    public(app.view_functions["static"])

    from portal.cli import register as register_cli

    register_cli(app)
    return app


def _expose_template_constants(app: Flask) -> None:
    """The status, role and kind constants pages compare with (core/templating.expose)."""
    from portal.accounts.roles import Role
    from portal.annex_a import rules as annex_a_rules, schema as annex_a_schema, states as annex_a_states
    from portal.core import templating
    from portal.inspections import rules as inspection_rules, timeline as inspection_timeline
    from portal.monitoring_reports import rules as monitoring_rules
    from portal.providers import rules as provider_rules, team as provider_team
    from portal.providers.models import SettingType

    for name, constants in {
        "Role": Role,
        "SettingType": SettingType,
        "inspection_rules": inspection_rules,
        "inspection_timeline": inspection_timeline,
        "monitoring_rules": monitoring_rules,
        "annex_a_rules": annex_a_rules,
        "annex_a_schema": annex_a_schema,
        "annex_a_states": annex_a_states,
        "provider_rules": provider_rules,
        "provider_team": provider_team,
    }.items():
        templating.expose(app, name, constants)
