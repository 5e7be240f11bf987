"""Every state machine the portal declares, walked move by move (DESIGN.md convention 4): each
pair of states is either a move the rules allow, which ``move`` makes, or one it refuses, leaving
the record as it was. The machines are found by importing every module of the portal, so a new one
fails here until its allowed moves are written down below."""

import importlib
import pkgutil
from types import SimpleNamespace

import pytest

import portal
from portal.annex_a import states as annex_a
from portal.complaints import rules as complaints
from portal.core.states import InvalidTransition, StateMachine
from portal.inspection_reports import rules as reports
from portal.inspections import rules as inspections

ALLOWED = {
    # R-INSP-1, R-INSP-3, R-NOT-1: an unannounced inspection rescheduled after a deferral waits
    # unseen, then starts; withdrawn when entered in error, until the draft is sent.
    "inspection": {
        (inspections.ANNOUNCED, inspections.ON_SITE),
        (inspections.ANNOUNCED, inspections.DEFERRED),
        (inspections.ON_SITE, inspections.ENDED),
        (inspections.ON_SITE, inspections.DEFERRED),
        (inspections.DEFERRED, inspections.ANNOUNCED),
        (inspections.ENDED, inspections.DRAFT_SENT),
        (inspections.DRAFT_SENT, inspections.FINAL_SENT),
        (inspections.DEFERRED, inspections.SCHEDULED),
        (inspections.SCHEDULED, inspections.ON_SITE),
        (inspections.ANNOUNCED, inspections.WITHDRAWN),
        (inspections.ON_SITE, inspections.WITHDRAWN),
        (inspections.DEFERRED, inspections.WITHDRAWN),
        (inspections.SCHEDULED, inspections.WITHDRAWN),
        (inspections.ENDED, inspections.WITHDRAWN),
    },
    # R-INSP-3: a deferral request is granted or refused, once.
    "deferral request": {(inspections.REQUESTED, inspections.GRANTED), (inspections.REQUESTED, inspections.REFUSED)},
    # R-CMP-3: received, acknowledged, under investigation, responded, closed.
    "complaint": {
        (complaints.DRAFT, complaints.RECEIVED),
        (complaints.RECEIVED, complaints.ACKNOWLEDGED),
        (complaints.ACKNOWLEDGED, complaints.INVESTIGATING),
        (complaints.INVESTIGATING, complaints.RESPONDED),
        (complaints.RESPONDED, complaints.CLOSED),
    },
    # R-DR-1..3: a draft is issued for comments, then the final is sent.
    "inspection report": {(reports.DRAFTING, reports.DRAFT_ISSUED), (reports.DRAFT_ISSUED, reports.FINAL_SENT)},
    "comment return": {(reports.OPEN, reports.SUBMITTED), (reports.OPEN, reports.NO_COMMENTS)},
    # R-AXA-2, R-AXA-4: returned, then accepted or an updated version asked for, which is returned
    # again; an accepted Annex A can still be found inaccurate.
    "Annex A request": {
        (annex_a.REQUESTED, annex_a.RETURNED),
        (annex_a.RETURNED, annex_a.UPDATE_REQUESTED),
        (annex_a.RETURNED, annex_a.ACCEPTED),
        (annex_a.UPDATE_REQUESTED, annex_a.RETURNED),
        (annex_a.ACCEPTED, annex_a.UPDATE_REQUESTED),
    },
    # R-AXA-4: every version is kept; one is accepted, or an update of it requested, which ends it.
    "Annex A version": {
        (annex_a.RECEIVED, annex_a.ACCEPTED),
        (annex_a.RECEIVED, annex_a.UPDATE_REQUESTED),
        (annex_a.ACCEPTED, annex_a.UPDATE_REQUESTED),
    },
}


def declared_machines() -> dict[str, StateMachine]:
    """Every ``StateMachine`` at the top level of any module of the portal, by name."""
    found: dict[str, StateMachine] = {}
    for module_info in pkgutil.walk_packages(portal.__path__, "portal."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, StateMachine):
                found[value.name] = value
    return found


MACHINES = declared_machines()


def test_every_declared_machine_has_its_moves_written_down():
    assert set(MACHINES) == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_walk_every_allowed_and_forbidden_move(name):
    machine, allowed = MACHINES[name], ALLOWED[name]
    assert {state for move in allowed for state in move} <= machine.states
    for current in machine.states:
        for target in machine.states:
            record = SimpleNamespace(status=current)
            if (current, target) in allowed:
                assert machine.can(current, target)
                assert machine.move(record, target) == (current, target)
                assert record.status == target
            else:
                assert not machine.can(current, target)
                with pytest.raises(InvalidTransition) as refused:
                    machine.move(record, target)
                assert record.status == current
                assert (refused.value.current, refused.value.target) == (current, target)


def test_a_state_the_machine_does_not_know_moves_nowhere():
    for machine in MACHINES.values():
        record = SimpleNamespace(status="no such state")
        for target in machine.states:
            with pytest.raises(InvalidTransition):
                machine.move(record, target)
