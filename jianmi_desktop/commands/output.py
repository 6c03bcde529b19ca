"""What every command shares with the command line: the exit statuses of the contract
(docs/cli.md) and one way to print JSON. Here, not in ``cli.py``, so that ``cli`` imports
``commands`` and never the other way round."""

from __future__ import annotations

import json
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_CHECK, EXIT_REFUSED, EXIT_UNCERTAIN = 0, 1, 2, 3, 4


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False))
