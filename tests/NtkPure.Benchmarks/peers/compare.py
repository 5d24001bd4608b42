#!/usr/bin/env python3
"""Runs `ntk bench` and the numpy peer on the same machine, one after the other, and prints the ratios.

Usage: compare.py [--repeat R] [--out DIR]

Writes DIR/ntk.json, DIR/numpy.json and DIR/compare.md (a Markdown table: seconds, ratio NtkPure/numpy, and each
side's rate against the machine's GEMM rate as numpy measures it). Needs numpy on OpenBLAS (Debian: python3-numpy,
libopenblas0-pthread) and the .NET SDK.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

# floating-point work of the dense products a float implementation does (as in `ntk bench`)
FLOPS = {
    "gemm_n1024": 2.0 * 1024**3,
    "gd_n256_d64_m16384_20steps": 20 * 4.0 * 256 * 16384 * 64,
    "ntk_gram_n1024_d64_m32768": 2.0 * 1024 * 32768 * 64,
    "hinf_lammin_n1024": 1024.0**3 / 3,
}
TARGET = {"gemm_n1024": None, "gd_n256_d64_m16384_20steps": 1.0, "ntk_gram_n1024_d64_m32768": 0.2, "hinf_lammin_n1024": 1.5}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--out", default="bench-out")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ours, peer = os.path.join(args.out, "ntk.json"), os.path.join(args.out, "numpy.json")
    subprocess.run(["dotnet", "run", "--project", os.path.join(ROOT, "src", "NtkPure.Cli"), "-c", "Release", "--",
                    "bench", "--repeat", str(args.repeat), "--json", ours], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "numpy_peer.py"), "--repeat", str(args.repeat), "--json", peer], check=True)
    a = {c["case"]: c["seconds"] for c in json.load(open(ours))}
    b = {c["case"]: c["seconds"] for c in json.load(open(peer))}
    peak = FLOPS["gemm_n1024"] / b["gemm_n1024"] / 1e9
    lines = [
        f"numpy GEMM rate on this machine (the reference peak): {peak:.1f} GFLOP/s",
        "",
        "| case | NtkPure s | numpy s | ratio | target | NtkPure GFLOP/s* (% of peak) | numpy GFLOP/s* |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case in FLOPS:
        if case not in a or case not in b:
            continue
        ra, rb = FLOPS[case] / a[case] / 1e9, FLOPS[case] / b[case] / 1e9
        ratio = a[case] / b[case]
        target = TARGET[case]
        t = "≥ 0.6 (rate)" if target is None else f"≤ {target}"
        shown = f"{ra / rb:.2f} (rate)" if target is None else f"{ratio:.2f}"
        lines.append(f"| {case} | {a[case]:.4f} | {b[case]:.4f} | {shown} | {t} | {ra:.1f} ({100 * ra / peak:.0f}%) | {rb:.1f} |")
    lines += ["", "\\* the dense floating-point work a float implementation does, per second (popcount and "
              "structure shortcuts do less work, so the rate can exceed the peak)."]
    text = "\n".join(lines) + "\n"
    open(os.path.join(args.out, "compare.md"), "w").write(text)
    print(text)


if __name__ == "__main__":
    main()
