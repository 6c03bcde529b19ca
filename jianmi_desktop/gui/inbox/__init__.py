"""inbox: see docs/architecture.md."""
