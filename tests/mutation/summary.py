#!/usr/bin/env python3
"""Summarise a Stryker mutation-report.json.

    tests/mutation/summary.py REPORT_OR_DIR… [--list] [--timeouts]

Prints, per mutated file, detected/(detected + undetected) with detected = killed + timeout and undetected =
survived + no coverage (Stryker's mutation score; ignored and compile-error mutants are not counted), and the
total over all the reports given. --list adds each surviving or uncovered mutant with its line, mutator and the code it replaces;
--timeouts lists the timeouts too. A directory is searched for its newest mutation-report.json.
"""
import glob
import json
import os
import sys


def load(path):
    if os.path.isdir(path):
        found = sorted(glob.glob(os.path.join(path, "**", "mutation-report.json"), recursive=True), key=os.path.getmtime)
        if not found:
            sys.exit(f"summary.py: no mutation-report.json under {path}")
        path = found[-1]
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    paths = [a for a in argv[1:] if not a.startswith("--")]
    if not paths:
        sys.exit(__doc__)
    listing, timeouts = "--list" in argv, "--timeouts" in argv
    total = {}
    files = [item for p in paths for item in sorted(load(p)["files"].items())]
    for name, data in files:
        counts = {}
        for m in data["mutants"]:
            counts[m["status"]] = counts.get(m["status"], 0) + 1
        detected = counts.get("Killed", 0) + counts.get("Timeout", 0)
        undetected = counts.get("Survived", 0) + counts.get("NoCoverage", 0)
        if detected + undetected == 0:
            continue
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
        print(f"{os.path.basename(name)}: {detected}/{detected + undetected} = {100 * detected / (detected + undetected):.1f}%  "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if not listing:
            continue
        lines = data["source"].split("\n")
        shown = {"Survived", "NoCoverage"} | ({"Timeout"} if timeouts else set())
        for m in sorted(data["mutants"], key=lambda m: (m["location"]["start"]["line"], m["location"]["start"]["column"])):
            if m["status"] not in shown:
                continue
            s, e = m["location"]["start"], m["location"]["end"]
            original = lines[s["line"] - 1][s["column"] - 1:(e["column"] - 1 if e["line"] == s["line"] else None)].strip()
            print(f"  {m['status'][:8]:8} L{s['line']}:{s['column']} {m['mutatorName']}: {original[:100]!r} -> {m.get('replacement', '')[:100]!r}")
    detected = total.get("Killed", 0) + total.get("Timeout", 0)
    undetected = total.get("Survived", 0) + total.get("NoCoverage", 0)
    if detected + undetected:
        print(f"total: {detected}/{detected + undetected} = {100 * detected / (detected + undetected):.1f}%")


if __name__ == "__main__":
    main(sys.argv)
