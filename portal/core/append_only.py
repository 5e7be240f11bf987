"""Rows that are only ever added: audit events, corrections, changes of a due time (DESIGN.md convention 6).

The ORM refuses to rewrite or delete them, so a bug cannot quietly change what someone was shown.
"""

from typing import NoReturn

from sqlalchemy import event


def refuse_rewriting(model: type, error: type[Exception], changed: str, deleted: str) -> None:
    """Make ``model`` append-only: updating a row raises ``error(changed)``, deleting one ``error(deleted)``."""

    def refuse_update(_mapper: object, _connection: object, _target: object) -> NoReturn:
        raise error(changed)

    def refuse_delete(_mapper: object, _connection: object, _target: object) -> NoReturn:
        raise error(deleted)

    event.listen(model, "before_update", refuse_update)
    event.listen(model, "before_delete", refuse_delete)
