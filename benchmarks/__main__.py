"""`python -m benchmarks [--quick] [--fresh-clone]`: run the suite and print each figure with its target."""

from __future__ import annotations

import argparse
import json

from benchmarks import edits, suite


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run, seconds not minutes)")
    parser.add_argument("--fresh-clone", action="store_true", help="also time `make report` in a fresh clone")
    args = parser.parse_args()
    rows, repeat = (20_000, 1) if args.quick else (1_000_000, 3)
    results = [
        edits.refusal(repeat=3 if args.quick else 5),
        edits.edits(repeat=1 if args.quick else 3),
        suite.working_days(rows=rows, repeat=repeat),
        suite.large_extract(rows=rows),
        suite.one_report(repeat=repeat),
        suite.batch(count=2 if args.quick else 20),
    ]
    if args.fresh_clone:
        results.append(suite.fresh_clone_make_report())
    for r in results:
        status = {True: "MET", False: "NOT MET", None: "-"}[r.get("met")]
        figures = {k: v for k, v in r.items() if k not in ("name", "target", "met")}
        print(f"[{status}] {r['name']}: {json.dumps(figures)} (target: {r['target']})", flush=True)


if __name__ == "__main__":
    main()
