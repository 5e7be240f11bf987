"""What every capability's use cases share."""


class Refusal(Exception):
    """A use case refused for a reason the person can act on.

    Each capability raises its own subclass (``ReportError``, ``TeamError`` …) so its callers can
    tell whose rule said no, but every refusal carries the same two things, so one helper
    (``core.forms.show_refusal``) can put any of them on a page: ``message``, in GOV.UK words, and
    ``field``, the form field it belongs to (None for the page as a whole).
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
