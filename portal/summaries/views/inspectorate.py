"""The inspector writes the summary with live advice, attaches adapted versions and recordings."""

import re
import subprocess
import uuid

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from portal.accounts.roles import Role
from portal.core import clock, contributions, downloads, uploads
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.core.htmx import wants_fragment
from portal.core.request_size import accepts_up_to
from portal.inspection_reports.views.sending import FINAL_PAGE
from portal.inspections import rules as inspection_rules
from portal.inspections.access import get_inspection_or_404
from portal.providers.models import SettingType
from portal.summaries import pictograms, rules, services
from portal.summaries.forms import inspectorate as forms
from portal.summaries.pdf import summary_pdf
from portal.summaries.services import SummaryError

bp = Blueprint("summaries_inspectorate", __name__, url_prefix="/inspectorate/inspections")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
CONCURRENT = "Someone else changed this summary at the same moment. Check it and try again."
_SVG_ID = re.compile(r'\bid="([^"]+)"')


@bp.record_once
def _template_globals(state) -> None:
    """The summary macro (templates/summaries/_summary.html) serves both sides of the portal."""
    state.app.jinja_env.globals.update(summary_picture=summary_picture, summary_rules=rules)


def summary_picture(key: str, size: int = 96) -> Markup:
    """The pictogram named in words (role="img"); its internal ids are made unique on the page,
    since the same picture may appear several times."""

    key = key if key in rules.PICTURES else "star"
    svg = pictograms.svg(key, size)
    prefix = f"p{uuid.uuid4().hex[:8]}-"
    for name in set(_SVG_ID.findall(svg)):
        svg = (
            svg.replace(f'id="{name}"', f'id="{prefix}{name}"')
            .replace(f"url(#{name})", f"url(#{prefix}{name})")
            .replace(f'href="#{name}"', f'href="#{prefix}{name}"')
        )
    return Markup(
        f'<span class="app-summary-picture" role="img" aria-label="{escape(rules.PICTURES[key])}">{svg}</span>'
    )


@contributions.contributes(FINAL_PAGE)
def _with_the_final_report(inspection) -> dict:
    """R-CFS-1: the send-final page says whether a summary goes with the report, and offers one at
    any full inspection where none is expected (a children's home, a family centre)."""
    summary = services.summary_of(inspection)
    return {
        "child_summary_written": bool(summary is not None and summary.sections),
        "child_summary_offered": inspection.inspection_type == inspection_rules.FULL
        and not services.expected(inspection),
        "child_summary_url": url_for("summaries_inspectorate.edit", inspection_id=inspection.id),
    }


def _load(inspection_id: int):
    """The inspection (404 outside the user's scope) and its summary, or None before one is written."""
    inspection = get_inspection_or_404(current_user, inspection_id)
    return inspection, services.summary_of(inspection)


def _written_or_404(inspection_id: int):
    inspection, summary = _load(inspection_id)
    if summary is None or not summary.sections:
        abort(404)
    return inspection, summary


def _to_edit(inspection):
    return redirect(url_for(".edit", inspection_id=inspection.id))


def _run(form, use_case, anchor: str = "#main-content") -> tuple[bool, list[dict]]:
    return run_use_case(form, use_case, SummaryError, CONCURRENT, anchor)


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def advice_groups(sections: dict[str, dict]) -> dict:
    """rules.advice grouped for the page: what must be fixed, what is worth changing (each by
    section, in the summary's order), and the reading age of the whole summary."""
    texts = {key: (part.get("text") or "")[: rules.SECTION_MAX] for key, part in sections.items()}
    if not any(text.strip() for text in texts.values()):
        return {"started": False}
    found = rules.advice({key: {"text": text} for key, text in texts.items()})

    def by_section(items):
        order = [None, *(section.key for section in rules.SECTIONS)]
        groups = []
        for key in order:
            messages = [item.message for item in items if item.section == key]
            if messages:
                title = rules.SECTION_BY_KEY[key].title if key else "The whole summary"
                groups.append({"key": key, "title": title, "messages": messages})
        return groups

    age_advice = [item.message for item in found if item.kind == "reading_age"]
    return {
        "started": True,
        "blocking": by_section([item for item in found if item.blocking]),
        "warnings": by_section([item for item in found if not item.blocking and item.kind != "reading_age"]),
        "blocking_count": sum(1 for item in found if item.blocking),
        "warning_count": sum(1 for item in found if not item.blocking),
        "reading_age": rules.reading_age("\n".join(texts.values())),
        "age_advice": age_advice[0] if age_advice else None,
    }


def _pictures(sections: dict[str, dict]) -> dict[str, str]:
    """The picture shown beside each section: the one chosen, or the section's own if none is valid."""
    chosen = {key: (part or {}).get("picture") for key, part in sections.items()}
    return {s.key: chosen.get(s.key) if chosen.get(s.key) in rules.PICTURES else s.picture for s in rules.SECTIONS}


def _edit_page(inspection, summary, form, none_form, problems=(), status=200):
    released = services.released(inspection)
    current = (
        form.sections()
        if form.is_submitted() and not released
        else (summary.sections if summary is not None and summary.sections else form.sections())
    )
    return render_template(
        "summaries/inspectorate_edit.html",
        inspection=inspection,
        summary=summary,
        form=form,
        none_form=none_form,
        problems=list(problems),
        released=released,
        rules=rules,
        advice=advice_groups(current),
        pictures=_pictures(current),
        speech=services.speech_available(),
        expected=services.expected(inspection),
        asked_of_provider=services.requests_to(summary, services.PROVIDER),
        from_provider=services.open_requests_to(summary, services.INSPECTORATE),
    ), status


@bp.route("/<int:inspection_id>/summary", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def edit(inspection_id: int):
    now = clock.now()
    inspection, summary = _load(inspection_id)
    form = forms.SummaryForm()
    if not form.is_submitted() and summary is not None and summary.sections:
        form.fill(summary.sections)
    problems = []
    if form.is_submitted() and services.released(inspection):
        # The service refuses (the provider has the summary): one rule, in one place.
        _done, problems = _run(None, lambda: services.save(inspection, form.sections(), current_user, now))
    elif form.validate_on_submit():
        found = []
        finished = not form.later.data
        done, problems = _run(
            form, lambda: found.extend(services.save(inspection, form.sections(), current_user, now, finished))
        )
        if done:
            flash(_saved_message(found), "success")
            return _to_edit(inspection)
    return _edit_page(inspection, summary, form, forms.NoSummaryForm(formdata=None), problems)


def _saved_message(found: list[rules.Advice]) -> str:
    missing = rules.blocking(found)
    if missing:
        return (
            f"Summary saved, not finished: {_plural(len(missing), 'thing')} to do before the final report can be "
            "sent with it."
        )
    message = "Summary saved."
    if found:
        message += f" {_plural(len(found), 'piece', 'pieces')} of advice you may still want to look at."
    return message


@bp.route("/<int:inspection_id>/summary/advice", methods=["POST"])
@roles_required(*INSPECTORATE)
def advice(inspection_id: int):
    """Live advice as the inspector types (htmx). Without htmx there is nothing to show: the
    edit page gives the same advice when the form is submitted."""
    inspection, _summary = _load(inspection_id)
    if not wants_fragment():
        response = _to_edit(inspection)
    else:
        sections = forms.SummaryForm().sections()
        response = make_response(
            render_template(
                "summaries/_inspectorate_advice.html",
                advice=advice_groups(sections),
                rules=rules,
                oob=True,
                pictures=_pictures(sections),
            )
        )
    response.headers.add("Vary", "HX-Request")
    return response


@bp.route("/<int:inspection_id>/summary/none", methods=["POST"])
@roles_required(*INSPECTORATE)
def no_summary(inspection_id: int):
    inspection, summary = _load(inspection_id)
    none_form = forms.NoSummaryForm()
    problems = []
    if none_form.validate_on_submit():
        done, problems = _run(
            none_form,
            lambda: services.record_no_summary(inspection, none_form.reason.data, current_user, clock.now()),
            anchor="#no-summary",
        )
        if done:
            flash("You recorded why there is no child-friendly summary.", "success")
            return _to_edit(inspection)
    # The page's error summary speaks for its main form: this form's errors join it as problems.
    problems += [
        {"text": message, "href": f"#{name}"}
        for name, messages in none_form.errors.items()
        for message in messages
        if name != "csrf_token"
    ]
    form = forms.SummaryForm(formdata=None)
    if summary is not None and summary.sections:
        form.fill(summary.sections)
    return _edit_page(inspection, summary, form, none_form, problems)


@bp.route("/<int:inspection_id>/summary/preview")
@roles_required(*INSPECTORATE)
def preview(inspection_id: int):
    inspection, summary = _load(inspection_id)
    if summary is None or not summary.sections:
        return _to_edit(inspection)
    return render_template(
        "summaries/inspectorate_preview.html",
        inspection=inspection,
        summary=summary,
        released=services.released(inspection),
    )


def _pdf(inspection_id: int, large_print: bool):

    inspection, summary = _written_or_404(inspection_id)
    name = f"child-friendly-summary-{inspection.setting.urn}{'-large-print' if large_print else ''}.pdf"
    return downloads.generated(summary_pdf(inspection, summary, large_print), "application/pdf", name)


@bp.route("/<int:inspection_id>/summary.pdf")
@roles_required(*INSPECTORATE)
def pdf(inspection_id: int):
    return _pdf(inspection_id, large_print=False)


@bp.route("/<int:inspection_id>/summary-large-print.pdf")
@roles_required(*INSPECTORATE)
def large_print_pdf(inspection_id: int):
    return _pdf(inspection_id, large_print=True)


@bp.route("/<int:inspection_id>/summary/spoken.wav")
@roles_required(*INSPECTORATE)
def spoken(inspection_id: int):
    """A spoken version made from the text where espeak-ng is installed; a page saying so where not."""
    inspection, summary = _written_or_404(inspection_id)
    try:
        audio = services.spoken_version(summary)
    except services.SpeechUnavailable:
        reason = "This machine cannot make a spoken version (espeak-ng is not installed)."
    except (subprocess.SubprocessError, OSError):
        reason = "The spoken version could not be made this time. Try again later, or attach a voice recording."
    else:
        return downloads.generated(
            audio, "audio/wav", f"child-friendly-summary-{inspection.setting.urn}.wav", inline=False
        )
    return render_template("summaries/inspectorate_spoken.html", inspection=inspection, reason=reason)


@bp.route("/<int:inspection_id>/summary/attach", methods=["GET", "POST"])
@accepts_up_to(services.MAX_AUDIO_BYTES + uploads.MB)
@roles_required(*INSPECTORATE)
def attach(inspection_id: int):
    inspection, summary = _load(inspection_id)
    open_requests = services.open_requests_to(summary, services.INSPECTORATE)
    form = forms.AttachForm()
    form.set_requests(open_requests)
    problems = []
    written = summary is not None and bool(summary.sections)
    if written and form.validate_on_submit():
        done, problems = _run(
            form,
            lambda: services.attach(
                inspection,
                form.kind.data,
                form.upload.data,
                form.description.data,
                form.chosen_request(open_requests),
                current_user,
                clock.now(),
            ),
        )
        if done:
            flash(f"{services.FILE_KINDS[form.kind.data]} attached: {form.description.data.strip()}.", "success")
            return redirect(url_for(".attach", inspection_id=inspection.id))
    return render_template(
        "summaries/inspectorate_attach.html",
        inspection=inspection,
        summary=summary,
        form=form,
        problems=problems,
        written=written,
        services=services,
        secure_training_centre=inspection.setting.type_enum == SettingType.SECURE_TRAINING_CENTRE,
    )


@bp.route("/<int:inspection_id>/summary/ask-provider", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def ask_provider(inspection_id: int):
    """R-CFS-2: ask the provider to adapt the summary it was sent with the final report. Before the
    final report is sent the page says so, and a request posted anyway is refused by the use case."""
    inspection, summary = _load(inspection_id)
    form = forms.AskProviderForm()
    problems = []
    if form.is_submitted() and not services.released(inspection):
        _done, problems = _run(
            form, lambda: services.ask_provider_to_adapt(inspection, form.needed.data, current_user, clock.now())
        )
    elif form.validate_on_submit():
        done, problems = _run(
            form, lambda: services.ask_provider_to_adapt(inspection, form.needed.data, current_user, clock.now())
        )
        if done:
            flash("The provider has been asked to adapt the summary, and told by e-mail.", "success")
            return redirect(url_for(".edit", inspection_id=inspection.id) + "#adaptation-requests")
    return render_template(
        "summaries/inspectorate_ask_provider.html",
        inspection=inspection,
        summary=summary,
        form=form,
        problems=problems,
        released=services.released(inspection),
        written=summary is not None and bool(summary.sections),
        max_length=services.REQUEST_MAX,
    )


@bp.route("/<int:inspection_id>/summary/files/<int:file_id>")
@roles_required(*INSPECTORATE)
def file(inspection_id: int, file_id: int):
    """A stored file attached to this summary (named by its stored file id, as on the provider's side)."""
    _inspection, summary = _load(inspection_id)
    item = next((f for f in summary.files if f.file_id == file_id), None) if summary is not None else None
    if item is None:
        abort(404)
    return downloads.stored_file(item.file)
