"""The inspectorate's summary pages: writing with live advice (R-CFS-1, R-CFS-3), recording why there
is none, the web version, attachments and the spoken version (R-CFS-2)."""

import io
import wave

import pytest
from sqlalchemy import func, select

from portal.core.storage import StoredFile
from portal.summaries import rules, services
from portal.summaries.models import ChildSummary, SummaryFile
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes, upload
from tests.summaries.conftest import GOOD_TEXT

HTMX = {"HX-Request": "true"}
LONG_SENTENCE = (
    "We came to see how you live here and we talked to many of you about school and and bedtimes."  # 20 words
)
TRICKY = f"{LONG_SENTENCE} The RI checks safeguarding. You have an opportunity to play."


def url(inspection, path=""):
    return f"/inspectorate/inspections/{inspection.id}/summary{path}"


def form_data(**changes) -> dict:
    data = {}
    for section in rules.SECTIONS:
        data[f"{section.key}_text"] = changes.get(section.key, GOOD_TEXT[section.key])
        data[f"{section.key}_picture"] = changes.get(f"{section.key}_picture", section.picture)
    return data


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * 8000)
    return buffer.getvalue()


def test_the_edit_page_has_a_textarea_and_a_picture_per_section(client, login_as, world, summaries):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.get(url(inspection))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for section in rules.SECTIONS:
        assert f'name="{section.key}_text"' in page and f'name="{section.key}_picture"' in page
        assert section.hint in page and f'id="picture-{section.key}"' in page
    assert page.count('rows="6"') == len(rules.SECTIONS)
    assert 'role="img" aria-label="People talking"' in page and 'aria-label="Telephone"' in page
    assert f'hx-post="{url(inspection, "/advice")}"' in page and 'hx-target="#summary-advice"' in page
    assert (
        'hx-trigger="input changed delay:800ms from:textarea, change from:select, change from:input[type=radio]"'
    ) in page
    assert "Start writing" in page and "Record why there is no summary" in page
    assert "Versions of the summary" not in page  # nothing written yet


@pytest.mark.parametrize(
    "text, expected",
    [
        (LONG_SENTENCE, "This sentence has 20 words"),
        ("The home is good at safeguarding.", "Instead of &#34;safeguarding&#34;, say &#34;keeping you safe&#34;"),
        ("The RI came to see you.", "Instead of &#34;RI&#34;, say &#34;the person in charge of the company&#34;"),
        ("You have an opportunity to play.", "&#34;opportunity&#34; is a long word"),
    ],
)
def test_each_kind_of_advice_appears_as_you_type(client, login_as, world, summaries, text, expected):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.post(url(inspection, "/advice"), data=form_data(good=text), headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" not in fragment and "Advice on your summary" in fragment
    assert expected in fragment and "Worth changing" in fragment and "What is good" in fragment
    assert "You must fix before saving" not in fragment and "Nothing stops you saving" in fragment
    assert services.summary_of(inspection) is None


def test_advice_puts_what_must_be_fixed_first_and_gives_the_reading_age(client, login_as, world, summaries):
    inspection = summaries.inspection()
    login_as(world.inspector)
    hard = (
        "Notwithstanding considerable organisational difficulties, the establishment demonstrated "
        "comprehensive understanding of individualised therapeutic interventions."
    )
    data = form_data(
        who=hard, next="The home will get our report.", worried="Be brave.", worried_picture="worried_face"
    )
    fragment = client.post(url(inspection, "/advice"), data=data, headers=HTMX).get_data(as_text=True)
    must, worth = fragment.index("You must fix before saving"), fragment.index("Worth changing")
    assert must < worth < fragment.index("Reading age")
    assert fragment.index("Say that staff will help children understand this summary") < worth
    assert fragment.index("Tell children how to raise a worry") < worth
    assert "The reading age is about" in fragment and "aim for about 9" in fragment
    assert 'id="picture-worried" data-hx-swap-oob="true"' in fragment and 'aria-label="Worried face"' in fragment

    calm = client.post(url(inspection, "/advice"), data=form_data(), headers=HTMX).get_data(as_text=True)
    assert "The reading age is about 6.4: easy enough for most children" in calm and "Worth changing" not in calm


def test_advice_without_htmx_goes_back_to_the_page(client, login_as, world, summaries):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.post(url(inspection, "/advice"), data=form_data())
    assert response.status_code == 302 and response.location.endswith(url(inspection))
    assert "HX-Request" in response.headers["Vary"]


def test_without_javascript_the_advice_shows_when_the_form_is_sent(client, login_as, world, summaries, db):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.post(url(inspection), data=form_data(good=TRICKY, next="The home will get our report."))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert "<title>Error: Child-friendly summary" in page
    assert "This sentence has 20 words" in page and "Instead of &#34;RI&#34;" in page
    assert "Instead of &#34;safeguarding&#34;" in page and "&#34;opportunity&#34; is a long word" in page
    assert "The reading age is about" in page and "You must fix before saving" in page
    assert 'href="#next_text"' in page and "Say that staff will help children understand this summary" in page
    assert "The home will get our report." in page  # what was typed is kept
    assert count(db, ChildSummary) == 0


@pytest.mark.parametrize(
    "changes, field_id, message",
    [
        (
            {"next": "The home will get our report. You can ask about it."},
            "next_text",
            "Say that staff will help children understand this summary",
        ),
        (
            {"worried": "If you are worried, that is fine. Worries are normal."},
            "worried_text",
            "Tell children how to raise a worry",
        ),
        ({"good": "   "}, "good_text", "Write &#39;What is good&#39;"),
    ],
)
def test_what_r_cfs_3_requires_stops_the_save(client, login_as, world, summaries, db, changes, field_id, message):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.post(url(inspection), data=form_data(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert f'href="#{field_id}"' in page and message in page
    assert services.summary_of(inspection) is None and count(db, ChildSummary) == 0


def test_saving_with_warnings_keeps_the_summary_and_counts_the_advice(client, login_as, world, summaries, db):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.post(url(inspection), data=form_data(good=TRICKY, good_picture="star"))
    assert response.status_code == 302 and response.location.endswith(url(inspection))
    summary = services.summary_of(inspection)
    assert summary.sections["good"] == {"text": TRICKY, "picture": "star"}
    assert summary.sections["who"]["picture"] == "people_talking"
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "Summary saved. 4 pieces of advice you may still want to look at." in page
    assert 'aria-label="Star"' in page and "Preview the web version" in page
    assert "Record why there is no summary" not in page

    client.post(url(inspection), data=form_data())
    assert "Summary saved." in client.get(url(inspection)).get_data(as_text=True)
    assert "pieces of advice" not in client.get(url(inspection)).get_data(as_text=True)


def test_a_released_summary_is_read_only(client, login_as, world, summaries, db):
    summary = summaries.released()
    inspection = summary.inspection
    before = dict(summary.sections)
    login_as(world.inspector)
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "it cannot be changed" in page and "<textarea" not in page
    assert "Save summary" not in page and GOOD_TEXT["worried"] in page
    response = client.post(url(inspection), data=form_data(good="Changed after sending. Staff will help."))
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.summary_of(inspection).sections == before


def test_the_preview_shows_headings_pictures_and_line_breaks(client, login_as, world, summaries):
    summary = summaries.written(good="You feel safe.\nYou like the food.")
    login_as(world.manager)
    response = client.get(url(summary.inspection, "/preview"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for section in rules.SECTIONS:
        assert f'<h2 class="govuk-heading-m" id="summary-section-{section.key}">{section.title}</h2>' in page
        assert f'aria-label="{rules.PICTURES[section.picture]}"' in page
    assert "You feel safe.\nYou like the food." in page and "app-preserve-lines" in page


def test_the_preview_waits_for_a_summary(client, login_as, world, summaries):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.get(url(inspection, "/preview"))
    assert response.status_code == 302 and response.location.endswith(url(inspection))
    assert "Write the summary before attaching" in client.get(url(inspection, "/attach")).get_data(as_text=True)


def test_pdfs_are_private_and_need_a_summary(client, login_as, world, summaries):
    inspection = summaries.inspection()
    login_as(world.inspector)
    assert client.get(url(inspection, ".pdf")).status_code == 404
    assert client.get(f"/inspectorate/inspections/{inspection.id}/summary-large-print.pdf").status_code == 404
    summaries.written(inspection)
    for path in (url(inspection, ".pdf"), f"/inspectorate/inspections/{inspection.id}/summary-large-print.pdf"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF") and response.headers["Cache-Control"] == "private, no-store"
        assert response.headers["Content-Disposition"].startswith("inline")


def test_attach_an_adapted_pdf_and_download_it(client, login_as, world, summaries, db):
    summary = summaries.written()
    inspection = summary.inspection
    login_as(world.inspector)
    page = client.get(url(inspection, "/attach")).get_data(as_text=True)
    assert "Nothing is attached yet" in page and 'name="request_id"' not in page
    data = pdf_bytes("Easy read with symbols")
    response = client.post(
        url(inspection, "/attach"),
        content_type="multipart/form-data",
        data={"kind": services.ADAPTED, "description": "Large print with symbols", "upload": field(data, "easy.pdf")},
    )
    assert response.status_code == 302
    added = db.session.scalars(select(SummaryFile)).one()
    assert added.kind == services.ADAPTED and added.file.content_type == "application/pdf"
    page = client.get(url(inspection, "/attach")).get_data(as_text=True)
    assert "Adapted version" in page and "Large print with symbols" in page and world.inspector.name in page
    download = client.get(url(inspection, f"/files/{added.file_id}"))
    assert download.status_code == 200 and download.data == data
    assert download.headers["Cache-Control"] == "private, no-store"
    assert client.get(url(inspection, f"/files/{added.file_id + 1}")).status_code == 404
    other = summaries.written()  # another inspection's summary: its files are not this one's
    services.attach(other.inspection, services.ADAPTED, upload(pdf_bytes()), "Other", None, world.inspector, FROZEN)
    other_file = services.summary_of(other.inspection).files[0].file_id
    assert client.get(url(other.inspection, f"/files/{other_file}")).status_code == 200
    assert client.get(url(inspection, f"/files/{other_file}")).status_code == 404


def test_attach_a_wav_recording(client, login_as, world, summaries, db):
    inspection = summaries.written().inspection
    login_as(world.inspector)
    response = client.post(
        url(inspection, "/attach"),
        content_type="multipart/form-data",
        data={
            "kind": services.AUDIO,
            "description": "Read aloud by the inspector",
            "upload": field(wav_bytes(), "a.wav"),
        },
    )
    assert response.status_code == 302
    added = db.session.scalars(select(SummaryFile)).one()
    assert added.kind == services.AUDIO and added.file.content_type == "audio/wav"
    assert "Voice recording" in client.get(url(inspection, "/attach")).get_data(as_text=True)


@pytest.mark.parametrize(
    "kind, data, name, message",
    [
        (services.AUDIO, pdf_bytes(), "recording.mp3", "must be an MP3, M4A, OGG or WAV recording"),
        (services.ADAPTED, b"Just some words, not a document.\n", "summary.pdf", "The selected file"),
        (services.ADAPTED, None, None, "Select a file"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_stored(
    client, login_as, world, summaries, db, kind, data, name, message
):
    inspection = summaries.written().inspection
    login_as(world.inspector)
    posted = {"kind": kind, "description": "A version"}
    if data is not None:
        posted["upload"] = field(data, name)
    response = client.post(url(inspection, "/attach"), content_type="multipart/form-data", data=posted)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert 'href="#upload"' in page and message in page
    assert count(db, SummaryFile) == 0 and count(db, StoredFile) == 0


def test_attaching_can_answer_the_providers_request(client, login_as, world, summaries, db):
    summary = summaries.released()
    inspection = summary.inspection
    asked = services.request_adaptation(inspection, "A child reads Makaton symbols", world.ri, FROZEN)
    login_as(world.inspector)
    page = client.get(url(inspection, "/attach")).get_data(as_text=True)
    assert 'name="request_id"' in page and "Not answering a request" in page and "Not answered" in page
    assert "A child reads Makaton symbols" in page
    response = client.post(
        url(inspection, "/attach"),
        content_type="multipart/form-data",
        data={
            "kind": services.ADAPTED,
            "description": "Makaton version",
            "upload": field(pdf_bytes(), "m.pdf"),
            "request_id": str(asked.id),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(SummaryFile)).one().request_id == asked.id
    page = client.get(url(inspection, "/attach")).get_data(as_text=True)
    assert "Answered" in page and 'name="request_id"' not in page


def test_the_spoken_version_is_a_wav_file(client, login_as, world, summaries):
    inspection = summaries.written().inspection
    login_as(world.inspector)
    assert "Spoken version made from the text" in client.get(url(inspection)).get_data(as_text=True)
    response = client.get(url(inspection, "/spoken.wav"))
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.data.startswith(b"RIFF") and response.headers["Content-Disposition"].startswith("attachment")


def test_without_espeak_ng_the_pages_say_so(client, login_as, world, summaries, monkeypatch):
    inspection = summaries.written().inspection
    monkeypatch.setattr(services.shutil, "which", lambda _name: None)
    login_as(world.inspector)
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "This machine cannot make a spoken version (espeak-ng is not installed)" in page
    assert url(inspection, "/spoken.wav") not in page
    response = client.get(url(inspection, "/spoken.wav"))
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "espeak-ng is not installed" in response.get_data(as_text=True)


def test_record_why_there_is_no_summary(client, login_as, world, summaries, db):
    inspection = summaries.inspection()
    login_as(world.inspector)
    response = client.post(url(inspection, "/none"), data={"reason": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Enter why there is no child-friendly summary" in page
    assert 'href="#reason"' in page and count(db, ChildSummary) == 0
    assert services.final_problem(inspection) is not None
    response = client.post(url(inspection, "/none"), data={"reason": "No children lived at the home."})
    assert response.status_code == 302
    assert services.summary_of(inspection).no_summary_reason == "No children lived at the home."
    assert services.final_problem(inspection) is None
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "You recorded why there is no summary: No children lived at the home." in page


def test_the_report_pages_link_to_the_summary(client, login_as, world, summaries):
    inspection = summaries.inspection()
    login_as(world.inspector)
    for path in (f"/inspectorate/inspections/{inspection.id}", f"/inspectorate/inspections/{inspection.id}/report"):
        assert f'href="{url(inspection)}">Child-friendly summary</a>' in client.get(path).get_data(as_text=True)


def _every_page(inspection, file_id):
    return [
        ("get", url(inspection)),
        ("post", url(inspection)),
        ("post", url(inspection, "/advice")),
        ("post", url(inspection, "/none")),
        ("get", url(inspection, "/preview")),
        ("get", url(inspection, ".pdf")),
        ("get", f"/inspectorate/inspections/{inspection.id}/summary-large-print.pdf"),
        ("get", url(inspection, "/spoken.wav")),
        ("get", url(inspection, "/attach")),
        ("post", url(inspection, "/attach")),
        ("get", url(inspection, f"/files/{file_id}")),
    ]


def test_no_one_else_sees_the_summary(client, login_as, world, summaries, db):
    summary = summaries.written()
    inspection = summary.inspection
    attached = services.attach(
        inspection, services.ADAPTED, upload(pdf_bytes(), "easy.pdf"), "Easy read", None, world.inspector, FROZEN
    )
    login_as(world.inspector)
    assert client.get(url(inspection, f"/files/{attached.file_id}")).status_code == 200
    for user in (world.colleague, world.ri, summaries.secure_rm, world.rival_rm):
        login_as(user)
        for method, path in _every_page(inspection, attached.file_id):
            response = getattr(client, method)(
                path, data=form_data() if method == "post" else None, headers=HTMX if path.endswith("/advice") else None
            )
            assert response.status_code == 404, (user.role, method, path)
    db.session.expire_all()
    assert services.summary_of(inspection).sections == {
        s.key: {"text": GOOD_TEXT[s.key], "picture": s.picture} for s in rules.SECTIONS
    }
