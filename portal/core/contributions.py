"""What a page of one capability shows from the capabilities built on it.

A capability must not import those above it (docs/ARCHITECTURE.md), yet some of its pages show
what they know: the inspectorate's page of an inspection lists its complaints; a setting's page
its published judgement. The page names a point and renders whatever is contributed there; each
capability above registers, when imported, a function answering template values for that point.
The same idea as ``inspections.holds``, for pages.
"""

from collections.abc import Callable
from typing import Any

Contributor = Callable[..., dict[str, Any]]
_CONTRIBUTORS: dict[str, list[Contributor]] = {}


def contributes(point: str) -> Callable[[Contributor], Contributor]:
    """Register a function giving template values for the pages at ``point``; a decorator."""

    def decorator(contributor: Contributor) -> Contributor:
        known = _CONTRIBUTORS.setdefault(point, [])
        if _name(contributor) not in {_name(c) for c in known}:  # once, however often imported
            known.append(contributor)
        return contributor

    return decorator


def gather(point: str, **context: Any) -> dict[str, Any]:
    """The template values every contributor to ``point`` gives for ``context``."""
    values: dict[str, Any] = {}
    for contributor in _CONTRIBUTORS.get(point, ()):
        values.update(contributor(**context))
    return values


def _name(contributor: Contributor) -> str:
    return f"{contributor.__module__}.{contributor.__qualname__}"
