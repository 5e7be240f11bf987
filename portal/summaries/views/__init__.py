"""The summaries pages, one module per side or journey, each with its own blueprint."""
