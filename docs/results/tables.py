#!/usr/bin/env python3
"""Prints the Markdown tables of docs/results/README.md from a results CSV.

    python3 docs/results/tables.py docs/results/lenet300-mnist/results.csv [ROUND ...]

One row per algebra and round, one column per (control, seed): the ticket and each control, in
percent, as `./fraction results --format csv` gives them. The test MeasuredResultsTest checks that
every such table in the write-up equals its CSV.
"""
import csv
import sys
from collections import defaultdict


def main(path, rounds):
    rows = list(csv.DictReader(open(path, newline="")))
    seeds = sorted({int(r["seed"]) for r in rows})
    controls = sorted({r["control"] for r in rows}, key=lambda c: (c != "", c))
    by_key = {(r["algebra"], int(r["round"]), r["control"], int(r["seed"])): r for r in rows}
    columns = [(c, s) for c in controls for s in seeds]

    def name(control, seed):
        label = "ticket" if control == "" else control
        return f"{label} seed {seed}" if len(seeds) > 1 else label

    header = ["algebra", "round", "density", "vs real"] + [name(c, s) for c, s in columns]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    by_algebra = defaultdict(set)
    for algebra, rnd, _, _ in by_key:
        by_algebra[algebra].add(rnd)
    for algebra in sorted(by_algebra, key=lambda a: (a != "real", a)):
        for rnd in sorted(by_algebra[algebra]):
            if rounds and rnd not in rounds:
                continue
            any_row = next(r for (a, k, _, _), r in by_key.items() if a == algebra and k == rnd)
            cells = [algebra, str(rnd), pct(any_row["density"]), pct(any_row["density_vs_real"])]
            for c, s in columns:
                r = by_key.get((algebra, rnd, c, s))
                cells.append(pct(r["test_accuracy"]) if r else "")
            print("| " + " | ".join(cells) + " |")


def pct(value):
    return f"{100 * float(value):.2f} %"


if __name__ == "__main__":
    main(sys.argv[1], {int(a) for a in sys.argv[2:]})
