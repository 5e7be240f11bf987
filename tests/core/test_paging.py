"""core.paging: lists a page at a time, counted and cut in SQL (issue 17)."""

import pytest
from sqlalchemy import select

from portal.core import paging
from portal.providers.models import Setting


@pytest.mark.parametrize(
    ("text", "number"),
    [(None, 1), ("", 1), ("3", 3), ("0", 1), ("-2", 1), ("abc", 1), ("٣", 1), ("1" * 7, 1), ("2.5", 1)],
)
def test_a_page_number_is_a_plain_positive_number_or_page_one(text, number):
    assert paging.page_number(text) == number


def test_pages_cut_in_sql_never_overlap_and_the_last_is_shown_past_the_end(db, world, make):
    for n in range(7):
        make.setting(world.provider, "CH", name=f"Paged home {n}")
    query = select(Setting).where(Setting.name.like("Paged home %")).order_by(Setting.name, Setting.id)
    first = paging.paged(query, 1, per_page=3)
    assert (first.total, first.pages, first.first, first.last) == (7, 3, 1, 3)
    seen = [s.name for n in (1, 2, 3) for s in paging.paged(query, n, per_page=3).items]
    assert seen == [f"Paged home {n}" for n in range(7)]
    beyond = paging.paged(query, 99, per_page=3)
    assert beyond.page == 3 and [s.name for s in beyond.items] == ["Paged home 6"]
    assert (beyond.first, beyond.last) == (7, 7)


def test_an_empty_list_is_one_empty_page(db):
    page = paging.paged(select(Setting).where(Setting.name == "nothing").order_by(Setting.id), 4)
    assert (page.items, page.total, page.page, page.pages, page.first, page.last) == ([], 0, 1, 1, 0, 0)


def _every_number_looked_at(current: int, pages: int) -> list[int | None]:
    """The pagination as the GOV.UK pattern reads, walking every page number in turn."""
    shown: list[int | None] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - current) <= 1:
            shown.append(number)
        elif shown and shown[-1] is not None and (number in (2, pages - 1) or abs(number - current) == 2):
            shown.append(None)
    return shown


def test_the_pagination_window_is_the_walk_over_every_page_without_walking_them():
    for pages in range(1, 40):
        for current in range(1, pages + 1):
            assert paging.window(current, pages) == _every_number_looked_at(current, pages), (current, pages)
    assert paging.window(5_000, 10_000) == [1, None, 4_999, 5_000, 5_001, None, 10_000]
    assert paging.window(1, 1) == [1]
