"""Compliance at a glance for providers and the inspectorate (R-MON-5)."""

from datetime import UTC, date, datetime

from portal.monitoring_reports import compliance, rules


def test_grid_of_the_last_twelve_months(db, world, make):
    make.report(world.home, world.rm, visit_date=date(2026, 10, 5))
    make.report(world.home, world.rm, visit_date=date(2026, 8, 5), received=datetime(2026, 10, 2, 9, tzinfo=UTC))
    status = compliance.for_setting(world.home, datetime(2026, 11, 18, 10, tzinfo=UTC))
    by_month = {m.month: m.status for m in status.months}
    assert by_month[date(2026, 10, 1)] == rules.ON_TIME
    assert by_month[date(2026, 8, 1)] == rules.LATE
    assert by_month[date(2026, 9, 1)] == rules.MISSING
    assert by_month[date(2026, 11, 1)] == rules.NOT_YET_DUE
    assert status.count(rules.MISSING) == 9  # December 2025 to September 2026, less August (late)
    assert status.next_visit_due.month == date(2026, 11, 1)


def test_provider_sees_the_grid_and_dashboard_summary(client, login_as, world, make):
    make.report(world.home, world.rm, visit_date=date(2026, 10, 5))
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/monitoring").get_data(as_text=True)
    assert "Regulation 44 visit reports, last 12 months" in page and "Missing" in page and "On time" in page
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "10 months missing" in dashboard  # December 2025 to September 2026
    assert "November 2026 visit report due by 11:59pm on Thursday 31 December 2026" in dashboard


def test_oversight_lists_gaps_filtered_by_region_and_authority(client, login_as, world, make, db):
    world.other_home.region = "North East"
    world.other_home.local_authority = "Durham"
    db.session.commit()
    make.report(world.home, world.rm, visit_date=date(2026, 10, 5), safeguarding_effective=False)
    login_as(world.manager)
    page = client.get("/inspectorate/monitoring").get_data(as_text=True)
    assert world.home.name in page and world.other_home.name in page
    assert "<strong>1</strong> report gives the opinion" in page
    filtered = client.get("/inspectorate/monitoring?region=North+East").get_data(as_text=True)
    assert world.other_home.name in filtered and world.home.name not in filtered
    by_authority = client.get("/inspectorate/monitoring?local_authority=Leeds").get_data(as_text=True)
    assert world.home.name in by_authority and world.other_home.name not in by_authority
    assert "<strong>1</strong>" in by_authority


def test_oversight_filter_answers_htmx_with_only_the_results(client, login_as, world, make):
    login_as(world.manager)
    full = client.get("/inspectorate/monitoring?region=Yorkshire+and+the+Humber")
    fragment = client.get("/inspectorate/monitoring?region=Yorkshire+and+the+Humber", headers={"HX-Request": "true"})
    restore = client.get(
        "/inspectorate/monitoring", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    for response in (full, fragment, restore):
        assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "<html" in full.get_data(as_text=True) and "<html" in restore.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "<h1" not in body
    assert "Settings with missing or late reports" in body and world.home.name in body


def test_the_independent_persons_sent_reports_name_their_settings(client, login_as, world, make):
    """An independent person visiting several settings sees which one each sent report is for."""
    make.report(world.home, world.ip, visit_date=date(2026, 10, 5))
    login_as(world.ip)
    page = client.get("/dashboard").get_data(as_text=True)
    sent = page[page.index("Reports you have sent") :]
    assert '<th scope="col" class="govuk-table__header">Setting</th>' in sent
    assert f'<td class="govuk-table__cell">{world.home.name}</td>' in sent
