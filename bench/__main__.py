"""`python -m bench [science ...]`: run the benchmarks and save bench/results/latest.json."""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import runner_bench, science_bench

SUITES = {"science": science_bench, "runner": runner_bench}


def main(argv: list[str]) -> int:
    chosen = argv or list(SUITES)
    unknown = [s for s in chosen if s not in SUITES]
    if unknown:
        print(f"unknown suite(s): {', '.join(unknown)}; known: {', '.join(SUITES)}", file=sys.stderr)
        return 2
    results = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": platform.platform()}
    for name in chosen:
        res = SUITES[name].run()
        results[name] = res
        print(SUITES[name].report(res), flush=True)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
