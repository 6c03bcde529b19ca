"""account: see docs/architecture.md."""
