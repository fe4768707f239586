#!/usr/bin/env python3
"""The peers that offshore is measured against: what an economist would otherwise write, in Python.

Each subcommand does the same work as an offshore command on the same file and prints one JSON line with its
own timing ("seconds", inside the process) and its results (for the equality checks in compare.py).

  parse ENGINE FILE                 pandas.read_csv with engine c or pyarrow
  wiod ENGINE DIR                   every WIOT*.csv.gz of DIR with pandas.read_csv
  measures DIR CLASS GROUPS COUNTRY|all OUT.csv   om/os by origin group with pandas + numpy
  pyfixest FILE                     feols("y ~ x1+..+x5 | id + t", vcov={"CRV1": "id"})
  absorbingls FILE                  linearmodels AbsorbingLS, id and t absorbed, clustered by id
  panelols FILE                     linearmodels PanelOLS, entity and time effects, clustered by entity
"""
import glob
import json
import os
import sys
import time
import tomllib

import numpy as np
import pandas as pd

REGRESSORS = ["x1", "x2", "x3", "x4", "x5"]


def emit(seconds, **kw):
    print(json.dumps({"seconds": seconds, **kw}))


def parse(engine, path):
    t0 = time.perf_counter()
    df = pd.read_csv(path, engine=engine)
    emit(time.perf_counter() - t0, rows=len(df), cols=df.shape[1])


def wiod(engine, d):
    t0 = time.perf_counter()
    cells = 0
    for f in sorted(glob.glob(os.path.join(d, "WIOT*_wiod2013.csv.gz"))):
        df = pd.read_csv(f, engine=engine, index_col=0)
        cells += df.size
    emit(time.perf_counter() - t0, cells=cells)


def measures(d, class_path, group_path, country, out):
    """om and os (percent of non-energy intermediate inputs) per using industry, total and by origin group."""
    t0 = time.perf_counter()
    cls = tomllib.load(open(class_path, "rb"))["categories"]
    grp = tomllib.load(open(group_path, "rb"))
    aliases = grp.get("aliases", {})
    groups = [(g["name"], set(g["regions"])) for g in grp["group"]]
    rows = []
    for f in sorted(glob.glob(os.path.join(d, "WIOT*_wiod2013.csv.gz"))):
        year = int(os.path.basename(f)[4:8])
        df = pd.read_csv(f, index_col=0)
        labels = list(df.index)
        reg = np.array([s.split("_")[0] for s in labels])
        ind = np.array([s.split("_")[1] for s in labels])
        nonenergy = ~np.isin(ind, cls["energy"])
        manu = np.isin(ind, cls["manufactured"])
        bs = np.isin(ind, cls["business_services"])
        regions = list(dict.fromkeys(reg))
        z = df[labels].to_numpy()
        for c in ([country] if country != "all" else regions):
            cols = np.flatnonzero(reg == c)
            zc = z[:, cols]
            den = zc[nonenergy].sum(axis=0)
            foreign = reg != c
            origins = [("total", foreign)]
            for name, members in groups:
                origins.append((name, foreign & np.isin([aliases.get(r, r) for r in reg], list(members))))
            for measure, mask in (("om", manu), ("os", bs)):
                for oname, omask in origins:
                    num = zc[mask & omask].sum(axis=0)
                    for k, col in enumerate(cols):
                        if den[k] != 0:
                            rows.append((year, c, ind[col], measure, oname, 100 * num[k] / den[k]))
    pd.DataFrame(rows, columns=["year", "country", "unit", "measure", "origin", "value"]).to_csv(out, index=False)
    emit(time.perf_counter() - t0, units=len(rows))


def pyfixest_fit(path):
    import pyfixest as pf
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    t1 = time.perf_counter()
    fit = pf.feols("y ~ " + "+".join(REGRESSORS) + " | id + t", data=df, vcov={"CRV1": "id"})
    t2 = time.perf_counter()
    emit(t2 - t0, read=t1 - t0, fit=t2 - t1, coef=[float(fit.coef()[v]) for v in REGRESSORS],
         se=[float(fit.se()[v]) for v in REGRESSORS])


def absorbingls_fit(path):
    from linearmodels.iv.absorbing import AbsorbingLS
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    t1 = time.perf_counter()
    absorb = pd.DataFrame({"id": pd.Categorical(df["id"]), "t": pd.Categorical(df["t"])})
    res = AbsorbingLS(df["y"], df[REGRESSORS], absorb=absorb).fit(
        cov_type="clustered", clusters=df["id"].to_numpy(), debiased=True)
    t2 = time.perf_counter()
    emit(t2 - t0, read=t1 - t0, fit=t2 - t1, coef=[float(res.params[v]) for v in REGRESSORS],
         se=[float(res.std_errors[v]) for v in REGRESSORS], nobs=int(res.nobs), df_model=int(res.df_model))


def panelols_fit(path):
    from linearmodels.panel import PanelOLS
    t0 = time.perf_counter()
    df = pd.read_csv(path).set_index(["id", "t"])
    t1 = time.perf_counter()
    res = PanelOLS(df["y"], df[REGRESSORS], entity_effects=True, time_effects=True).fit(
        cov_type="clustered", cluster_entity=True)
    t2 = time.perf_counter()
    emit(t2 - t0, read=t1 - t0, fit=t2 - t1, coef=[float(res.params[v]) for v in REGRESSORS],
         se=[float(res.std_errors[v]) for v in REGRESSORS])


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"parse": parse, "wiod": wiod, "measures": measures, "pyfixest": pyfixest_fit,
     "absorbingls": absorbingls_fit, "panelols": panelols_fit}[cmd](*args)
