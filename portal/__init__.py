"""The provider portal for inspections of children's social care in England. The app is built
in portal/factory.py, the composition root."""

from portal.factory import create_app

__all__ = ["create_app"]
