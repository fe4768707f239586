#!/usr/bin/env python3
"""Independent reference for the panel of `offshore estimate` with `[data] prices` and `[data] exchange_rates` on the
real Belgian data (issue 20, prices and currency): numpy/pandas, its own parsing of the WIOD 2013 gzip CSVs, the SEA
file, the price file and the exchange-rate file; it shares no code with the Swift implementation.

Per Belgian industry i (c1-c35) and year 1995-2009 (the years of the price indices):
- constant prices (nonenergy denominator, broad and narrow): every row r_j of the intermediate block Z (region r,
  product j) divided by product j's index / 100 (flow `all`: one index for every region, Belgium's own included);
  then, as METHOD.md defines them,
    om = 100 * sum_{r != BEL, j manufactured} Z[r_j, BEL_i] / D_i,  os likewise over business services j,
    om_G, os_G over the regions r of origin group G; D_i = sum over every r and non-energy j of Z[r_j, BEL_i];
    narrow: only j == i (columns om_narrow, os_narrow, and om_fh = om - om_narrow, os_fh likewise).
- currency: GO = OUT of row BEL_i times the year's rate (euros per US dollar), II = sum_r,j Z[r_j, BEL_i] times the
  rate, Y = GO / (GO_P / 100), M = II / (II_P / 100) with the SEA's GO_P and II_P of the industry's SEA code.

Usage: python3 prices_currency_panel_reference.py [WIOD_TABLES_DIR] [OUTPUT_CSV]
  defaults: ../shared/data/wiod2013 beside the repository root, prices_currency_panel_reference.csv here.
Output: industry,year,column,value (value = repr of the float).
"""
import csv
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
BUNDLE = os.path.join(ROOT, "SupplyUseTables")
PRICES = os.path.join(BUNDLE, "prices", "BEL_sea2013_go_p.csv")
RATES = os.path.join(BUNDLE, "exchange_rates", "BEL_wiod2013_implied.csv")
SEA = os.path.join(BUNDLE, "accounts", "wiod2013_sea_BEL.csv")
CONCORDANCE = os.path.join(BUNDLE, "concordances", "wiod2013_to_sea2013.csv")

INDUSTRIES = [f"c{k}" for k in range(1, 36)]
MANUFACTURED = [f"c{k}" for k in list(range(3, 8)) + list(range(9, 17))]
BUSINESS = ["c27", "c28", "c30"]
ENERGY = ["c2", "c8", "c17"]
GROUPS = {
    "OECD": "AUS CAN DNK DEU FIN FRA GRC ISL IRL ITA JPN LUX NLD NZL NOR AUT PRT ESP GBR USA SWE CHE".split(),
    "CEE": "BGR EST HUN LVA LTU POL ROU ROM SVN SVK CZE".split(),
    "ASIA": "CHN PHL HKG IND IDN MYS SGP TWN THA KOR".split(),
}


def read_tidy(path, key_cols, value_col):
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    head = rows[0]
    k = [head.index(c) for c in key_cols]
    v = head.index(value_col)
    return {tuple(r[i] for i in k): float(r[v]) for r in rows[1:]}


def main():
    tables = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "wiod2013")
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "prices_currency_panel_reference.csv")
    prices = read_tidy(PRICES, ["product", "year"], "index")
    rates = read_tidy(RATES, ["country", "year"], "rate")
    sea = pd.read_csv(SEA)
    conc = pd.read_csv(CONCORDANCE, comment="#")
    sea_code = dict(zip(conc["code"], conc["source_code"]))
    out = []
    for year in range(1995, 2010):
        df = pd.read_csv(os.path.join(tables, f"WIOT{year}_wiod2013.csv.gz"), index_col=0)
        inter = [c for c in df.columns if len(c.split("_")) == 2 and c.split("_")[1].startswith("c") and c[:3].isalpha()]
        z = df.loc[inter, inter].to_numpy(dtype=float)
        region = np.array([lab.split("_")[0] for lab in inter])
        product = np.array([lab.split("_")[1] for lab in inter])
        factor = np.array([100.0 / prices[(p, str(year))] for p in product])
        zc = z * factor[:, None]
        rate = rates[("BEL", str(year))]
        foreign = region != "BEL"
        nonenergy = ~np.isin(product, ENERGY)
        for i in INDUSTRIES:
            col = zc[:, inter.index(f"BEL_{i}")]
            d = col[nonenergy].sum()
            if d == 0:
                d = np.nan
            values = {}
            for narrow in (False, True):
                own = (product == i) if narrow else np.ones(len(col), dtype=bool)
                for measure, prods in (("om", MANUFACTURED), ("os", BUSINESS)):
                    base = foreign & own & np.isin(product, prods)
                    name = measure + ("_narrow" if narrow else "")
                    values[name] = 100.0 * col[base].sum() / d
                    if not narrow:
                        for g, members in GROUPS.items():
                            values[f"{measure}_{g}"] = 100.0 * col[base & np.isin(region, members)].sum() / d
            values["om_fh"] = values["om"] - values["om_narrow"]
            values["os_fh"] = values["os"] - values["os_narrow"]
            go = float(df.loc[f"BEL_{i}", "OUT"]) * rate
            ii = z[:, inter.index(f"BEL_{i}")].sum() * rate
            code = sea_code[i]
            go_p = pd.to_numeric(sea[(sea["variable"] == "GO_P") & (sea["code"] == code)][str(year)], errors="coerce").iloc[0]
            ii_p = pd.to_numeric(sea[(sea["variable"] == "II_P") & (sea["code"] == code)][str(year)], errors="coerce").iloc[0]
            values.update({"GO": go, "II": ii, "Y": go / (go_p / 100.0), "M": ii / (ii_p / 100.0)})
            for name, v in values.items():
                if np.isfinite(v):  # c35 has no intermediate inputs: its measures are undefined, left out
                    out.append((i, year, name, repr(float(v))))
    with open(target, "w") as f:
        f.write("industry,year,column,value\n")
        for r in out:
            f.write(",".join(str(x) for x in r) + "\n")
    print(f"wrote {len(out)} rows to {target}")


if __name__ == "__main__":
    main()
