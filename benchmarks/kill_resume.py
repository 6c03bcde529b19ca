"""SIGKILL a real `jianmi-desktop sms send` at random moments and resume until done (issue 5).

The same run as tests/integration/test_kill_resume.py, as a script that prints the figures:
kills, runs, requests, uncertain batches, numbers carried out twice (must be 0), numbers
lost (must be 0), recipients in an untruthful state (must be none).

    .venv/bin/python benchmarks/kill_resume.py [--numbers 5000] [--kills 20] [--seed 2024] [--latency 150]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import kill_resume  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--latency", type=int, default=150, help="sandbox latency in ms")
    parser.add_argument("--batch-size", type=int, default=25)
    parser.add_argument("--keep", type=Path, help="keep the run's folder (database, logs) here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jianmi-kill-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        f = kill_resume.run(folder, numbers=args.numbers, kills=args.kills, seed=args.seed,
                            latency_ms=args.latency, batch_size=args.batch_size)
    print(f"numbers                 {f.numbers}")
    print(f"kills (SIGKILL)         {f.kills}  ({f.killed_before_sending} before the run sent anything)")
    print(f"runs of the CLI         {f.runs}")
    print(f"send requests           {f.requests} of {f.batches} batches  (105 answers: {f.answers_105})")
    print(f"found in flight at restart {f.interrupted_batches} batches (proven later by reports unless still uncertain)")
    print(f"uncertain batches       {f.uncertain_batches}  ({f.uncertain_numbers} numbers, "
          f"{f.uncertain_carried_out} of them carried out)")
    print(f"carried out twice       {f.duplicates}")
    print(f"lost                    {f.missing}")
    print(f"recipients by state     {f.states}")
    print(f"untruthful states       {len(f.untruthful)} {f.untruthful[:5]}")
    print(f"elapsed                 {f.elapsed_s:.1f} s")
    print("OK" if f.ok else "FAILED")
    return 0 if f.ok else 1


if __name__ == "__main__":
    sys.exit(main())
