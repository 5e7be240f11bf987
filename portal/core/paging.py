"""Lists a page at a time: at most ``PER_PAGE`` rows, counted, ordered and cut in SQL (DESIGN.md
"Defaults and production"), so a page costs the same with 30 settings in England as with 3,000.

A page number comes from the address (``?page=N``); one that is not a number is page 1 and one past
the end is the last page, never an error (a bookmark outlives the rows it pointed at)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from portal.extensions import db

PER_PAGE = 50
_LONGEST = 6  # digits: a million pages of 50 is more than the portal will ever hold


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, how many there are in all, and where this page sits."""

    items: Sequence[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def links(self) -> list[int | None]:
        """The page numbers the pagination links to, None where an ellipsis stands (``window``)."""
        return window(self.page, self.pages)

    @property
    def first(self) -> int:
        """The position of the page's first row in the whole list (1-based); 0 when it is empty."""
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.per_page, self.total)


def window(current: int, pages: int) -> list[int | None]:
    """The GOV.UK pagination's numbers: the first and last pages and those next to the current one,
    an ellipsis (None) for each run of pages left out. Only the few numbers that can be shown or
    stand for an ellipsis are looked at, so a list of 10,000 pages costs what a list of 10 does."""
    shown: list[int | None] = []
    candidates = {1, 2, pages - 1, pages, current - 2, current - 1, current, current + 1, current + 2}
    for number in sorted(n for n in candidates if 1 <= n <= pages):
        if number in (1, pages) or abs(number - current) <= 1:
            shown.append(number)
        elif shown and shown[-1] is not None and (number in (2, pages - 1) or abs(number - current) == 2):
            shown.append(None)
    return shown


def page_number(text: str | None) -> int:
    """``?page=`` as a number of at least 1; anything else, a number of more than six digits
    included, is page 1."""
    if text and text.isascii() and text.isdigit() and len(text) <= _LONGEST:
        return max(1, int(text))
    return 1


def clamp(number: int, total: int, per_page: int = PER_PAGE) -> int:
    """The page to show for ``number``: the last one when it lies past the end."""
    return min(max(1, number), max(1, -(-total // per_page)))


def count(query: Select[Any]) -> int:
    """How many rows ``query`` gives, counted by the database (its order dropped: it changes nothing)."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def paged(query: Select[Any], number: int, per_page: int = PER_PAGE, loading: Sequence[Any] = ()) -> Page:
    """One page of ``query`` (which must be ordered, with a unique last key so pages never overlap):
    two statements, the count and the page. ``loading`` (ORM loader options) shapes the page's
    rows only, so the count reads no more than the query's own tables."""
    total = count(query)
    number = clamp(number, total, per_page)
    cut = query.options(*loading).limit(per_page).offset((number - 1) * per_page)
    return Page(list(db.session.scalars(cut).all()), total, number, per_page)
