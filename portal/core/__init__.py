"""The shared kernel: clock, working days, access, audit, outbox, htmx. No routes here."""
