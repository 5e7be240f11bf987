"""The references people quote and the keys forms carry, made the same way everywhere."""

import secrets

# Capital letters and digits, without 0/O and 1/I, so a reference read out on the phone is not misheard.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8


def new_reference(prefix: str) -> str:
    """A reference such as ``CMP-7KQ2M9XD``: ``prefix`` names the kind of record (VR-, QR-, DR-, CMP-, IC-)."""
    return prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def new_key() -> str:
    """A form's own random key: a double click, a retried POST or an autosave all act on one record."""
    return secrets.token_urlsafe(24)
