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
  sensitivity DIR CLASS GROUPS ACCOUNTS K OUT.json
                                    benchmark 4: the variants of benchmarks/sensitivity/grid.toml, K of them, each
                                    (spread over the grid) recomputing om/os for BEL from the tables (read once) and refitting the models of
                                    benchmarks/sensitivity/estimate.toml with linearmodels; writes every variant's
                                    coefficients to OUT.json
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
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(path, engine=engine)
    emit(time.perf_counter() - t0, cpu=time.process_time() - c0, rows=len(df), cols=df.shape[1])


def wiod(engine, d):
    t0, c0 = time.perf_counter(), time.process_time()
    cells = 0
    for f in sorted(glob.glob(os.path.join(d, "WIOT*_wiod2013.csv.gz"))):
        df = pd.read_csv(f, engine=engine, index_col=0)
        cells += df.size
    emit(time.perf_counter() - t0, cpu=time.process_time() - c0, cells=cells)


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


def sensitivity_variants(grp, regions):
    """The grid's groupings: the default, each CEE region of the tables left out of CEE, KOR and then TUR moved to
    OECD (benchmarks/sensitivity/grid.toml), each with the nonenergy and output denominators, in the grid's order
    and with offshore's labels."""
    aliases = grp.get("aliases", {})
    base = [(g["name"], [aliases.get(r, r) for r in g["regions"]]) for g in grp["group"]]
    present = {aliases.get(r, r) for r in regions}
    groupings = [("default", base)]
    cee = next(k for k, (n, _) in enumerate(base) if n == "CEE")
    for r in [r for r in base[cee][1] if r in present]:
        g = [(n, [x for x in m if not (k == cee and x == r)]) for k, (n, m) in enumerate(base)]
        groupings.append((f"default/loo:CEE-{r}", g))
    for r in ("KOR", "TUR"):
        moved = [(n, [x for x in m if x != r] + ([r] if n == "OECD" else [])) for n, m in base]
        groupings.append((f"default/move:{r}>OECD", moved))
    return [(label, g, d) for label, g in groupings for d in ("nonenergy", "output")]


def sensitivity(d, class_path, group_path, accounts_path, k, out):
    """Benchmark 4: per variant, om/os (total and by group) for BEL from the 17 tables, the industry panel with the
    bundled synthetic accounts, and the models production, production_groups, productivity (PanelOLS, industry and
    year effects, clustered by industry) and production_iv (IV2SLS with industry and year dummies)."""
    from linearmodels.iv import IV2SLS
    from linearmodels.panel import PanelOLS
    t0 = time.perf_counter()
    cls = tomllib.load(open(class_path, "rb"))
    cats = cls["categories"]
    manufacturing = next(a["industries"] for a in cls["aggregate"] if a["name"] == "manufacturing")
    grp = tomllib.load(open(group_path, "rb"))
    aliases = grp.get("aliases", {})
    tables = {}
    for f in sorted(glob.glob(os.path.join(d, "WIOT*_wiod2013.csv.gz"))):
        df = pd.read_csv(f, index_col=0)
        labels = list(df.index)
        z = df[labels].to_numpy()
        tables[int(os.path.basename(f)[4:8])] = (labels, z, df["OUT"].to_numpy())
    labels = tables[min(tables)][0]
    reg = np.array([aliases.get(s.split("_")[0], s.split("_")[0]) for s in labels])
    ind = np.array([s.split("_")[1] for s in labels])
    cols = np.flatnonzero(reg == "BEL")
    foreign = reg != "BEL"
    nonenergy = ~np.isin(ind, cats["energy"])
    manu, bs = np.isin(ind, cats["manufactured"]), np.isin(ind, cats["business_services"])
    acc = pd.read_csv(accounts_path)
    acc = acc[acc["country"] == "BEL"].set_index(["variable", "code"])
    years = sorted(tables)
    ycols = [str(y) for y in years]
    load_s = time.perf_counter() - t0
    variants = sensitivity_variants(grp, set(reg))
    results, times = [], []
    # K variants spread over the grid (the first and the last included), so every generator is checked.
    picked = sorted({round(i * (len(variants) - 1) / max(1, k - 1)) for i in range(k)}) if k > 1 else [0]
    # The first variant once more, untimed, before the timed ones: linearmodels and scipy import parts of
    # themselves on the first fit, a one-time cost (counted in the start-up), not a per-variant one.
    for n, (label, groups, denominator) in enumerate(variants[i] for i in [picked[0]] + picked):
        t1 = time.perf_counter()
        rows = []
        for y in years:
            _, z, out_ = tables[y]
            zc = z[:, cols]
            den = zc[nonenergy].sum(axis=0) if denominator == "nonenergy" else out_[cols]
            rec = {"year": np.full(len(cols), y), "industry": ind[cols],
                   "GO": out_[cols], "II": zc.sum(axis=0)}
            for measure, mask in (("om", manu), ("os", bs)):
                rec[measure] = 100 * zc[mask & foreign].sum(axis=0) / den
                for name, members in groups:
                    rec[f"{measure}_{name}"] = 100 * zc[mask & foreign & np.isin(reg, members)].sum(axis=0) / den
            rows.append(pd.DataFrame(rec))
        panel = pd.concat(rows, ignore_index=True)
        def series(v):
            s = acc.loc[v][ycols].stack()
            s.index = s.index.set_names(["industry", "year"])
            return s.rename(v).reset_index().assign(year=lambda x: x["year"].astype(int))
        for v in ("GO_P", "II_P", "K", "H_EMPE"):
            panel = panel.merge(series(v), on=["industry", "year"], how="left")
        panel["Y"] = panel["GO"] / (panel["GO_P"] / 100)
        panel["M"] = panel["II"] / (panel["II_P"] / 100)
        panel["L"] = panel["H_EMPE"]
        panel = panel.sort_values(["industry", "year"])
        panel["l_om"] = panel.groupby("industry")["om"].shift(1)
        panel["l_os"] = panel.groupby("industry")["os"].shift(1)
        p = panel[panel["industry"].isin(manufacturing) & panel["year"].between(1995, 2004)].copy()
        p["lY"], p["lK"], p["lL"], p["lM"] = np.log(p["Y"]), np.log(p["K"]), np.log(p["L"]), np.log(p["M"])
        p["lYL"], p["lKL"], p["lML"] = np.log(p["Y"] / p["L"]), np.log(p["K"] / p["L"]), np.log(p["M"] / p["L"])
        pi = p.set_index(["industry", "year"])
        fits = {}
        for model, y, xs in (("production", "lY", ["lK", "lL", "lM", "om", "os"]),
                             ("production_groups", "lY", ["lK", "lL", "lM"] + [f"{m}_{g}" for m in ("om", "os") for g, _ in groups]),
                             ("productivity", "lYL", ["lKL", "lML", "om", "os"])):
            r = PanelOLS(pi[y], pi[xs], entity_effects=True, time_effects=True).fit(
                cov_type="clustered", cluster_entity=True)
            fits[model] = [float(r.params[x]) for x in xs]
        q = p.dropna(subset=["l_om", "l_os"])
        dummies = pd.get_dummies(q[["industry"]].astype(str).assign(year=q["year"].astype(str)), drop_first=True, dtype=float)
        exog = pd.concat([pd.Series(1.0, index=q.index, name="const"), q[["lK", "lL", "lM"]], dummies], axis=1)
        r = IV2SLS(q["lY"], exog, q[["om", "os"]], q[["l_om", "l_os"]]).fit(cov_type="clustered", clusters=q["industry"])
        fits["production_iv"] = [float(r.params[x]) for x in ["lK", "lL", "lM", "om", "os"]]
        if n == 0:
            load_s += time.perf_counter() - t1
            continue
        times.append(time.perf_counter() - t1)
        results.append({"grouping": label, "denominator": denominator, "coef": fits})
    with open(out, "w") as f:
        json.dump(results, f)
    per = sum(times) / len(times)
    # load: the tables read once and the one-time imports of the first fit (the warm-up less the same variant's
    # timed run), so that start-up + load + N x per_variant is the loop over N variants.
    emit(load_s + sum(times), load=load_s - times[0], per_variant=per, variants=len(times), grid=len(variants))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"parse": parse, "wiod": wiod, "measures": measures, "pyfixest": pyfixest_fit,
     "absorbingls": absorbingls_fit, "panelols": panelols_fit,
     "sensitivity": lambda *a: sensitivity(*a[:4], int(a[4]), a[5])}[cmd](*args)
