"""State machines of Annex A requests and versions (DESIGN.md convention 4)."""

from portal.core.states import StateMachine

REQUESTED, RETURNED, UPDATE_REQUESTED, ACCEPTED = "requested", "returned", "update_requested", "accepted"
REQUEST_LABELS = {
    REQUESTED: "Requested",
    RETURNED: "Returned: waiting for the inspector",
    UPDATE_REQUESTED: "Updated version requested",
    ACCEPTED: "Accepted",
}
REQUEST_STATES = StateMachine(
    "Annex A request",
    {
        REQUESTED: frozenset({RETURNED}),
        RETURNED: frozenset({UPDATE_REQUESTED, ACCEPTED}),
        UPDATE_REQUESTED: frozenset({RETURNED}),
        ACCEPTED: frozenset({UPDATE_REQUESTED}),
    },
)

# R-AXA-2: the due time can move while the provider still owes a return. Once one has arrived its
# on-time status is fixed, and a new time comes only with a request for an updated version.
DUE_TIME_CHANGEABLE = frozenset({REQUESTED, UPDATE_REQUESTED})
# The kinds of a due-time change: the inspector moved it, or asked for an updated version by it.
DUE_TIME_CHANGED, DUE_TIME_UPDATE = "changed", "update"

RECEIVED = "received"
VERSION_LABELS = {RECEIVED: "Received", ACCEPTED: "Accepted (current)", UPDATE_REQUESTED: "Update requested"}
VERSION_STATES = StateMachine(
    "Annex A version",
    {
        RECEIVED: frozenset({ACCEPTED, UPDATE_REQUESTED}),
        ACCEPTED: frozenset({UPDATE_REQUESTED}),
        UPDATE_REQUESTED: frozenset(),
    },
)
