#!/usr/bin/env python3
"""Expected values for Ariadne's drift statistics, from SciPy's reference implementations.

Reads cases as JSON (argv[1]) and prints the same structure with results. The tests run this with Debian's
python3-scipy (./run-tests installs it), so every statistic is checked against SciPy itself, not a copy of its numbers.
The 'drift' cases follow Evidently's column tests (binning, zero filling, normalisation) on top of SciPy.
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance


def binned(ref, cur, numeric, fill_zeroes):
    ref = np.asarray(ref)
    cur = np.asarray(cur)
    if numeric and len(np.unique(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
    else:
        keys = sorted(set(ref.tolist()) | set(cur.tolist()), key=str)
        r = np.array([np.sum(ref == k) / len(ref) for k in keys], dtype=float)
        c = np.array([np.sum(cur == k) / len(cur) for k in keys], dtype=float)
    if fill_zeroes:
        for a in (r, c):
            smallest = a[a != 0].min()
            a[a == 0] = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return r, c


def drift(case):
    ref, cur, test = case["reference"], case["current"], case["test"]
    if test == "wasserstein":
        return stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
    if test == "jensenshannon":
        r, c = binned(ref, cur, case["numeric"], False)
        return float(distance.jensenshannon(r, c))
    if test == "psi":
        r, c = binned(ref, cur, case["numeric"], True)
        return float(np.sum((r - c) * np.log(r / c)))
    raise ValueError(test)


def main():
    cases = json.load(open(sys.argv[1]))
    out = {}
    out["ks"] = [list(map(float, stats.ks_2samp(c["a"], c["b"], method="auto")[:2])) for c in cases.get("ks", [])]
    out["kstwo"] = [float(stats.kstwo.sf(x, n)) for n, x in cases.get("kstwo", [])]
    out["smirnov"] = [float(__import__("scipy.special", fromlist=["smirnov"]).smirnov(n, x)) for n, x in cases.get("smirnov", [])]
    out["chisquare"] = [list(map(float, stats.chisquare(c["observed"], c["expected"]))) for c in cases.get("chisquare", [])]
    out["ztest"] = []
    for s1, n1, s2, n2 in cases.get("ztest", []):
        p1, p2, p = s1 / n1, s2 / n2, (s1 + s2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
        out["ztest"].append([float(z), float(2 * stats.norm.sf(abs(z)))])
    out["wasserstein"] = [float(stats.wasserstein_distance(c["a"], c["b"])) for c in cases.get("wasserstein", [])]
    out["jensenshannon"] = [float(distance.jensenshannon(c["p"], c["q"])) for c in cases.get("jensenshannon", [])]
    out["drift"] = [drift(c) for c in cases.get("drift", [])]
    out["quantiles"] = [[float(np.quantile(c["values"], q)) for q in c["q"]] for c in cases.get("quantiles", [])]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
