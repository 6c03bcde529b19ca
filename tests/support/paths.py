"""Where the tests' own data lives (the platform's push and MMS samples are copied here)."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "samples"
