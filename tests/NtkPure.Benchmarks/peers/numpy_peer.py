#!/usr/bin/env python3
"""The standard `ntk bench` cases computed the way a researcher would in numpy (float64, OpenBLAS).

Usage: numpy_peer.py [--case NAME] [--repeat R] --json FILE

Writes [{"case": NAME, "seconds": s}] (best of R repetitions after one warm-up), like `ntk bench`.
Needs numpy linked to OpenBLAS (on Debian: python3-numpy and libopenblas0-pthread).
"""
import argparse
import json
import time

import numpy as np


def sphere(rng, n, d):
    x = rng.standard_normal((n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def case_gd():
    n, d, m, steps, eta = 256, 64, 16384, 20, 0.01
    rng = np.random.default_rng(0)
    X = sphere(rng, n, d)
    y = rng.standard_normal(n)
    W0 = rng.standard_normal((m, d))
    a = rng.choice([-1.0, 1.0], size=m)

    def run():
        W = W0.copy()
        for _ in range(steps):
            Z = X @ W.T                                   # n×m
            u = np.maximum(Z, 0.0) @ a / np.sqrt(m)       # predictions
            e = u - y                                     # sum loss ½‖u − y‖²
            M = (Z >= 0) * (e[:, None] * a[None, :]) / np.sqrt(m)
            W -= eta * (M.T @ X)                          # ∂L/∂W
        return W

    return run


def case_gram():
    n, d, m = 1024, 64, 32768
    rng = np.random.default_rng(0)
    X = sphere(rng, n, d)
    W = rng.standard_normal((m, d))

    def run():
        S = (X @ W.T >= 0).astype(np.float64)             # n×m activation pattern
        return (X @ X.T) * (S @ S.T) / m                  # H(W), ntk-notes Definition 3

    return run


def case_hinf():
    n, d = 1024, 64
    rng = np.random.default_rng(0)
    X = sphere(rng, n, d)

    def run():
        G = np.clip(X @ X.T, -1.0, 1.0)
        H = G * (np.pi - np.arccos(G)) / (2 * np.pi)      # H^∞ for unit inputs
        return np.linalg.eigvalsh(H)[0]

    return run


def case_gemm():
    n = 1024
    rng = np.random.default_rng(0)
    A = rng.standard_normal((n, n))
    B = rng.standard_normal((n, n))

    def run():
        return A @ B                                      # the machine's float64 GEMM rate

    return run


CASES = {
    "gemm_n1024": case_gemm,
    "gd_n256_d64_m16384_20steps": case_gd,
    "ntk_gram_n1024_d64_m32768": case_gram,
    "hinf_lammin_n1024": case_hinf,
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--case", choices=sorted(CASES))
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--json", required=True)
    args = p.parse_args()
    results = []
    for name, make in CASES.items():
        if args.case and name != args.case:
            continue
        run = make()
        run()
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - t)
        results.append({"case": name, "seconds": best})
        print(f"{name:32s} {best:10.4f} s")
    with open(args.json, "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
