"""What holds an inspection's final report (R-TL-5), and which reports will never be published
(R-PUB-2), asked of the packages that know.

Inspections must not import complaints (complaints are built on inspections), so a package that
can hold a final report registers a function here when it is imported: complaints registers
R-CMP-2 ("a complaint lodged before the final report holds it until it is responded to"). The
timeline (``timeline.build``) stays pure: callers pass it what these functions answer. Reports
register in the same way which monitoring reports an inspectorate manager decided not to publish.
"""

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, false, or_

# Each source takes inspections whose final is not sent yet and answers {inspection id: [reasons]}.
Source = Callable[[list], dict[int, list[str]]]
_SOURCES: list[Source] = []


def register(source: Source) -> Source:
    """Add a source of holds (once, however often its module is imported); usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def holding_many(inspections: Iterable) -> dict[int, list[str]]:
    """The reasons each inspection's final report is held, for those held; in one query per source."""
    waiting = [i for i in inspections if i.end_date is not None and i.final_sent_at is None]
    if not waiting:
        return {}
    reasons: dict[int, list[str]] = {}
    for source in _SOURCES:
        for inspection_id, why in source(waiting).items():
            known = reasons.setdefault(inspection_id, [])
            known += [reason for reason in why if reason not in known]
    return {inspection_id: why for inspection_id, why in reasons.items() if why}


# Each clause takes an inspection id column and answers, in SQL, whether that inspection's final is
# held: the same rule as its source, for lists that order and count in the database.
Clause = Callable[[Any], ColumnElement[bool]]
_CLAUSES: list[Clause] = []


def register_clause(clause: Clause) -> Clause:
    if clause not in _CLAUSES:
        _CLAUSES.append(clause)
    return clause


def held_clause(inspection_id: Any) -> ColumnElement[bool]:
    """True in SQL where something holds the inspection's final report (R-TL-5)."""
    return or_(false(), *(clause(inspection_id) for clause in _CLAUSES))


def holding(inspection) -> list[str]:
    """Why this inspection's final report is held (R-TL-5); empty when nothing holds it."""
    return holding_many([inspection]).get(inspection.id, [])


# Each withholder takes inspections and answers the ids of those whose report is not published.
Withholder = Callable[[list[int]], set[int]]
_WITHHOLDERS: list[Withholder] = []


def register_withholder(source: Withholder) -> Withholder:
    if source not in _WITHHOLDERS:
        _WITHHOLDERS.append(source)
    return source


def withheld_many(inspections: Iterable) -> set[int]:
    """R-PUB-2: the ids of these inspections whose report will not be published, one query a source."""
    ids = [i.id for i in inspections if i.final_sent_at is not None]
    found: set[int] = set()
    for source in _WITHHOLDERS if ids else ():
        found |= source(ids)
    return found


def withheld(inspection) -> bool:
    return inspection.id in withheld_many([inspection])
