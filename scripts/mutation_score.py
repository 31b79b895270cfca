"""The mutation score of `make mutate`: reads `mutmut results --all true` on stdin and prints, per module,
the mutants killed out of those tried, the overall share killed, and the survivors by module."""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

LINE = re.compile(r"^\s*(?P<name>[\w.]+)__mutmut_\d+: (?P<status>.+)$")
KILLED = {"killed", "timeout"}  # a mutant that makes the tests hang is caught too
NOT_TRIED = {"not checked", "skipped"}


def module(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:-1]) if parts[-1].startswith(("x_", "x\u01c1")) else ".".join(parts[:-2])


def main() -> int:
    tried, killed, survivors = Counter(), Counter(), defaultdict(list)
    for line in sys.stdin:
        match = LINE.match(line)
        if not match or match["status"] in NOT_TRIED:
            continue
        where = module(match["name"])
        tried[where] += 1
        if match["status"] in KILLED:
            killed[where] += 1
        else:
            survivors[where].append(f"{line.strip()}")
    if not tried:
        print("no mutants tried: run `make mutate` first")
        return 1
    for where in sorted(tried):
        print(f"{where:40} {killed[where]:5} of {tried[where]:5} killed ({100 * killed[where] / tried[where]:.1f}%)")
    total, dead = sum(tried.values()), sum(killed.values())
    print(f"{'all':40} {dead:5} of {total:5} killed ({100 * dead / total:.1f}%)")
    for where in sorted(survivors):
        print(f"\nsurvivors in {where}:")
        print("\n".join(f"  {s}" for s in survivors[where]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
