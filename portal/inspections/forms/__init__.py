"""The inspections forms, one module per side or journey."""
