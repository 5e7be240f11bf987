"""Providers, their settings (URN, type, local authority, region) and dashboards."""
