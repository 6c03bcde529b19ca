"""mms: see docs/architecture.md."""
