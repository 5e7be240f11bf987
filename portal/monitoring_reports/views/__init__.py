"""The monitoring reports pages, one module per side or journey, each with its own blueprint."""
