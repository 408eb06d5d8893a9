"""Rewrite tests/golden/ from what the installed xuncha does now on its bundled example.

    python tests/golden/regenerate.py

Run it only when a change of output is meant, read `git diff tests/golden`, and say in the
commit message why the output changed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from golden_cases import GOLDEN, produce  # noqa: E402

from xuncha.bundled import example_records  # noqa: E402


def main() -> None:
    outputs = produce(example_records())
    for old in list(GOLDEN.iterdir()):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.suffix in (".json", ".txt"):
            old.unlink()
    for name, text in outputs.items():
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    print(f"{len(outputs)} golden files written to {GOLDEN}")


if __name__ == "__main__":
    main()
