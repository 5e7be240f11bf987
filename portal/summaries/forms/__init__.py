"""The summaries forms, one module per side or journey."""
