"""voice: see docs/architecture.md."""
