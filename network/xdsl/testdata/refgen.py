#!/usr/bin/env python3
"""Reference marginals for the GeNIe files in shared/interop, for xdsl's tests.

Independent of the Go code: the XDSL is parsed with Python's ElementTree and
the marginals are computed by plain variable elimination (sum-product over
dictionary factors, min-degree order), one elimination per query variable.
Rows are divided by their sums, as the reader does.

    python3 testdata/refgen.py ../../../shared/interop > testdata/reference.json
"""
import json
import math
import os
import sys
import xml.etree.ElementTree as ET

FILES = ["genie-AsiaDiagnosis.xdsl", "genie-benefits.xdsl", "genie-NTSB.xdsl",
         "genie-alarmTest.xdsl", "genie-formed.xdsl"]


def load(path):
    root = ET.parse(path).getroot()
    nodes = []
    for el in root.find("nodes"):
        states = [s.get("id") for s in el.findall("state")]
        p = el.find("parents")
        parents = p.text.split() if p is not None and p.text else []
        nodes.append((el.get("id"), el.tag, states, parents, el))
    card = {n[0]: len(n[2]) for n in nodes}
    states = {n[0]: n[2] for n in nodes}
    factors = []
    for name, tag, sts, parents, el in nodes:
        k = len(sts)
        rows = math.prod(card[p] for p in parents)
        if tag == "cpt":
            vals = [float(x) for x in el.find("probabilities").text.split()]
        elif tag == "deterministic":
            vals = []
            for r in el.find("resultingstates").text.split():
                row = [0.0] * k
                row[sts.index(r)] = 1.0
                vals += row
        else:
            raise SystemExit("%s: node %s is a %s" % (path, name, tag))
        assert len(vals) == rows * k
        table = {}
        for r in range(rows):
            row = vals[r * k:(r + 1) * k]
            s = sum(row)
            ps, rr = [], r
            for p in reversed(parents):  # first parent slowest
                ps.append(rr % card[p])
                rr //= card[p]
            ps.reverse()
            for j in range(k):
                table[tuple(ps) + (j,)] = row[j] / s
        factors.append((tuple(parents) + (name,), table))
    return [n[0] for n in nodes], card, states, factors


def restrict(f, var, val):
    vs, t = f
    if var not in vs:
        return f
    i = vs.index(var)
    return (vs[:i] + vs[i + 1:], {a[:i] + a[i + 1:]: p for a, p in t.items() if a[i] == val})


def product(fs, card):
    vs = []
    for f in fs:
        for v in f[0]:
            if v not in vs:
                vs.append(v)
    out = {(): 1.0}
    cur = ()
    for fvs, t in fs:
        new_vs = cur + tuple(v for v in fvs if v not in cur)
        idx = [new_vs.index(v) for v in fvs]
        extra = [v for v in fvs if v not in cur]
        res = {}
        for a, p in out.items():
            for b in assignments(extra, card):
                full = a + b
                q = t.get(tuple(full[i] for i in idx), 0.0)
                if q != 0.0 and p != 0.0:
                    res[full] = p * q
        out, cur = res, new_vs
    return cur, out


def assignments(vs, card):
    if not vs:
        yield ()
        return
    for rest in assignments(vs[1:], card):
        for x in range(card[vs[0]]):
            yield (x,) + rest


def sum_out(f, var):
    vs, t = f
    i = vs.index(var)
    out = {}
    for a, p in t.items():
        b = a[:i] + a[i + 1:]
        out[b] = out.get(b, 0.0) + p
    return vs[:i] + vs[i + 1:], out


def marginal(names, card, factors, query, evidence):
    fs = factors
    for v, s in evidence.items():
        fs = [restrict(f, v, s) for f in fs]
    rest = [v for v in names if v != query and v not in evidence]
    while rest:
        # min-degree: the variable whose neighbours are fewest
        def degree(v):
            nb = set()
            for f in fs:
                if v in f[0]:
                    nb |= set(f[0])
            return len(nb)
        v = min(rest, key=degree)
        rest.remove(v)
        inv = [f for f in fs if v in f[0]]
        fs = [f for f in fs if v not in f[0]]
        fs.append(sum_out(product(inv, card), v))
    vs, t = product(fs, card)
    if query in evidence:
        z = sum(t.values())
        return [1.0 if x == evidence[query] else 0.0 for x in range(card[query])], z
    i = vs.index(query)
    m = [0.0] * card[query]
    for a, p in t.items():
        m[a[i]] += p
    z = sum(m)
    return [x / z for x in m], z


def main():
    interop = sys.argv[1]
    out = {"tool": "xdsl/testdata/refgen.py: ElementTree parse, variable elimination (min-degree), rows divided by their sums",
           "files": {}}
    for fn in FILES:
        names, card, states, factors = load(os.path.join(interop, fn))
        cases = []
        evs = [{}, {names[0]: card[names[0]] - 1, names[-1]: 0}]
        for ev in evs:
            margs, z = {}, None
            for q in names:
                m, z = marginal(names, card, factors, q, ev)
                margs[q] = dict(zip(states[q], m))
            if z == 0:
                continue
            cases.append({"evidence": {v: states[v][s] for v, s in ev.items()},
                          "prob_evidence": z, "marginals": margs})
        out["files"][fn] = cases
        print(fn, "done", file=sys.stderr)
    json.dump(out, sys.stdout, indent=1)
    print()


main()
