"""The composition root: builds the portal from the kernel and every capability. The only module,
with the CLI and the dashboards, that may import any capability (docs/ARCHITECTURE.md)."""

from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal import config as settings, models  # noqa: F401  (models registers every table with SQLAlchemy)
from portal.accounts import sessions
from portal.accounts.roles import Role
from portal.accounts.views import (
    account as account_views,
    bp as accounts_bp,
    sign_in as sign_in_views,
    two_factor as two_factor_views,
)
from portal.annex_a import rules as annex_a_rules, schema as annex_a_schema, states as annex_a_states
from portal.annex_a.views.inspectorate import bp as annex_a_inspectorate_bp
from portal.annex_a.views.provider import bp as annex_a_provider_bp
from portal.cli import register as register_cli
from portal.complaints.views import points as complaint_point_views
from portal.complaints.views.inspectorate import bp as complaints_inspectorate_bp
from portal.complaints.views.provider import bp as complaints_provider_bp
from portal.core import errors, form_parts, navigation, proxy, request_size, security, templating, uploads
from portal.core.access import public
from portal.dashboards.views import bp as dashboards_bp
from portal.extensions import csrf, db, htmx, limiter, login_manager, migrate
from portal.inspection_reports.views import comments as comment_views, sending as sending_views
from portal.inspection_reports.views.documents import bp as inspection_reports_documents_bp
from portal.inspection_reports.views.improvements import bp as inspection_reports_improvements_bp
from portal.inspection_reports.views.inspectorate import bp as inspection_reports_inspectorate_bp
from portal.inspection_reports.views.non_publication import bp as inspection_reports_non_publication_bp
from portal.inspection_reports.views.provider import (
    bp as inspection_reports_provider_bp,
    delegates_bp as inspection_reports_delegates_bp,
)
from portal.inspection_reports.views.public import bp as inspection_reports_public_bp
from portal.inspection_reports.views.quality import bp as inspection_reports_quality_bp
from portal.inspections import rules as inspection_rules, timeline as inspection_timeline
from portal.inspections.views import feedback as feedback_views
from portal.inspections.views.inspectorate import bp as inspections_inspectorate_bp
from portal.inspections.views.provider import bp as inspections_provider_bp
from portal.monitoring_reports import rules as monitoring_rules
from portal.monitoring_reports.old_paths import keep_old_paths
from portal.monitoring_reports.views.inspectorate import bp as monitoring_reports_inspectorate_bp
from portal.monitoring_reports.views.provider import bp as monitoring_reports_provider_bp
from portal.navigation import SERVICE_NAVIGATION
from portal.next_steps.views.pages import bp as next_steps_bp
from portal.notifications import rules as notification_rules
from portal.notifications.views.inspectorate import bp as notifications_inspectorate_bp
from portal.notifications.views.provider import bp as notifications_provider_bp
from portal.providers import rules as provider_rules, team as provider_team
from portal.providers.models import SettingType
from portal.providers.views_team import bp as providers_team_bp, invitations_bp as providers_invitations_bp
from portal.requirements.views.inspectorate import bp as requirements_inspectorate_bp
from portal.requirements.views.provider import bp as requirements_provider_bp
from portal.site.views import bp as site_bp
from portal.summaries.views.inspectorate import bp as summaries_inspectorate_bp
from portal.summaries.views.provider import bp as summaries_provider_bp

ROOT = Path(__file__).resolve().parent.parent
# Modules that add their pages to a blueprint declared beside them (imported here so they do).
PAGES_ON_SHARED_BLUEPRINTS = (
    sign_in_views,
    account_views,
    two_factor_views,
    comment_views,
    sending_views,
    complaint_point_views,
    feedback_views,
)
BLUEPRINTS = (
    site_bp,
    accounts_bp,
    dashboards_bp,
    inspections_provider_bp,
    inspections_inspectorate_bp,
    monitoring_reports_provider_bp,
    monitoring_reports_inspectorate_bp,
    annex_a_provider_bp,
    annex_a_inspectorate_bp,
    inspection_reports_provider_bp,
    inspection_reports_inspectorate_bp,
    inspection_reports_public_bp,
    inspection_reports_documents_bp,
    inspection_reports_delegates_bp,
    complaints_provider_bp,
    complaints_inspectorate_bp,
    summaries_inspectorate_bp,
    summaries_provider_bp,
    providers_team_bp,
    providers_invitations_bp,
    inspection_reports_quality_bp,
    inspection_reports_improvements_bp,
    inspection_reports_non_publication_bp,
    notifications_provider_bp,
    notifications_inspectorate_bp,
    requirements_provider_bp,
    requirements_inspectorate_bp,
    next_steps_bp,
)


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: configuration, extensions, blueprints, errors and security headers."""
    app = Flask(
        "portal",
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.jinja_environment = templating.PortalEnvironment  # before anything reads app.jinja_env
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
    request_size.init_app(app)  # before CSRF: its check reads the body
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)  # its request class (request.htmx) is the base the uploads and form parts wrap

    security.init_app(app)
    templating.init_app(app)
    _expose_template_constants(app)
    navigation.init_app(app, SERVICE_NAVIGATION)
    errors.init_app(app)
    proxy.init_app(app)  # client addresses from X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies
    sessions.init_app(app)
    uploads.init_app(app)
    form_parts.init_app(app)  # after uploads, whose request class it wraps

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    keep_old_paths(app)  # after every blueprint: it adds the old path of each moved route
    public(app.view_functions["static"])

    register_cli(app)
    return app


def _expose_template_constants(app: Flask) -> None:
    """The status, role and kind constants pages compare with (core/templating.expose)."""
    for name, constants in {
        "Role": Role,
        "SettingType": SettingType,
        "inspection_rules": inspection_rules,
        "inspection_timeline": inspection_timeline,
        "monitoring_rules": monitoring_rules,
        "notification_rules": notification_rules,
        "annex_a_rules": annex_a_rules,
        "annex_a_schema": annex_a_schema,
        "annex_a_states": annex_a_states,
        "provider_rules": provider_rules,
        "provider_team": provider_team,
    }.items():
        templating.expose(app, name, constants)
