"""The inspection reports forms, one module per side or journey."""
