"""sms: see docs/architecture.md."""
