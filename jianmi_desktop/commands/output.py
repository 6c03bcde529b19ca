"""What every command prints and returns: the exit statuses of the contract and one JSON object.

Exit status: 0 everything asked was done; 1 the program could not do it (network down, no
account, a file it cannot read); 2 a check failed before sending and nothing was sent; 3 the
platform refused; 4 the outcome is uncertain.
"""

from __future__ import annotations

import json

EXIT_OK, EXIT_ERROR, EXIT_CHECK, EXIT_REFUSED, EXIT_UNCERTAIN = 0, 1, 2, 3, 4


def print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False))


__all__ = ["EXIT_CHECK", "EXIT_ERROR", "EXIT_OK", "EXIT_REFUSED", "EXIT_UNCERTAIN", "print_json"]
