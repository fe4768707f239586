#!/usr/bin/env python3
"""Independent reference for `offshore measure`: om/os for Belgium from the WIOD 2013 tables.

Written from METHOD.md alone (numpy/pandas, its own parsing of the gzip CSVs, its own copy of the
classification and groups); it shares no code or data files with the Swift implementation.

For reporting country c and using industry i (column c_i of the intermediate block Z):
  Imp_ij = sum over regions r != c of Z[r_j, c_i]  (group g: only regions r in g; WIOD's ROM is Romania)
  om = sum_{j manufactured} Imp_ij / D_i * 100,  os = sum_{j business services} Imp_ij / D_i * 100
  D_i: nonenergy = sum over all r and non-energy j of Z[r_j, c_i]; intermediates = all j; output = OUT of row c_i
  narrow: only j == i.
Aggregates are ratios of sums. Rows with a zero denominator are left out.

Usage: python3 wiod_reference.py [TABLES_DIR] [OUTPUT_CSV]
  defaults: ../shared/data/wiod2013 beside the repository root, and BEL_wiod2013_reference.csv here.
Output columns: denominator,narrow,country,unit,year,measure,group,value (value = repr of the float).

  python3 wiod_reference.py --energy without_mining [TABLES_DIR] [OUTPUT_CSV]
  the energy classification choice (issue 20): mining and quarrying (c2) counted as a raw material ("other"), not
  as energy, so energy is c8 and c17 only; the nonenergy denominator, broad and narrow (the other denominators do
  not depend on it). Default output BEL_wiod2013_without_mining_reference.csv here.
"""
import glob
import os
import re
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
COUNTRY = "BEL"

MANUFACTURED = [f"c{k}" for k in list(range(3, 8)) + list(range(9, 17))]
BUSINESS = ["c27", "c28", "c30"]
ENERGY = ["c2", "c8", "c17"]
# `--energy without_mining`: mining and quarrying (c2) is a raw material, energy only c8 and c17.
ENERGY_WITHOUT_MINING = ["c8", "c17"]
AGGREGATES = [("manufacturing", [f"c{k}" for k in range(3, 17)]),
              ("market_services", [f"c{k}" for k in range(19, 31)])]
GROUPS = [
    ("OECD", "AUS CAN DNK DEU FIN FRA GRC ISL IRL ITA JPN LUX NLD NZL NOR AUT PRT ESP GBR USA SWE CHE".split()),
    ("CEE", "BGR EST HUN LVA LTU POL ROU SVN SVK CZE".split()),
    ("ASIA", "CHN PHL HKG IND IDN MYS SGP TWN THA KOR".split()),
]
ALIASES = {"ROM": "ROU"}


def sums_for(df, industries, country, denominator, narrow, energy=ENERGY):
    """Numerator sums by (measure, origin) and the denominator for each using industry of `country`; `energy` the
    products left out of the nonenergy denominator."""
    row_region = np.array([lab.split("_", 1)[0] for lab in df.index])
    row_prod = np.array([lab.split("_", 1)[1] for lab in df.index])
    origin = np.array([ALIASES.get(r, r) for r in row_region])
    out = {}
    for i in industries:
        col = df[f"{country}_{i}"].to_numpy(dtype=float)
        foreign = row_region != country
        if denominator == "nonenergy":
            d = col[~np.isin(row_prod, energy)].sum()
        elif denominator == "intermediates":
            d = col.sum()
        else:
            d = float(df.loc[f"{country}_{i}", "OUT"])
        own = (row_prod == i) if narrow else np.ones(len(col), dtype=bool)
        res = {}
        for measure, prods in (("om", MANUFACTURED), ("os", BUSINESS)):
            base = foreign & own & np.isin(row_prod, prods)
            res[(measure, "total")] = col[base].sum()
            for g, members in GROUPS:
                res[(measure, g)] = col[base & np.isin(origin, members)].sum()
        out[i] = (res, d)
    return out


def main():
    args = sys.argv[1:]
    without_mining = args[:2] == ["--energy", "without_mining"]
    if without_mining:
        args = args[2:]
    tables = args[0] if len(args) > 0 else os.path.join(ROOT, "..", "shared", "data", "wiod2013")
    default_name = "BEL_wiod2013_without_mining_reference.csv" if without_mining else "BEL_wiod2013_reference.csv"
    target = args[1] if len(args) > 1 else os.path.join(HERE, default_name)
    files = sorted(glob.glob(os.path.join(tables, "WIOT*_wiod2013.csv.gz")))
    if not files:
        sys.exit(f"no WIOT*_wiod2013.csv.gz in {tables}")
    rows = []
    for path in files:
        year = int(re.search(r"WIOT(\d{4})", os.path.basename(path)).group(1))
        df = pd.read_csv(path, index_col=0, compression="gzip")
        industries = [f"c{k}" for k in range(1, 36)]
        inter_cols = [c for c in df.columns if re.fullmatch(r"[A-Za-z]{3}_c\d+", c)]
        assert len(inter_cols) == 1435 and list(df.index) == inter_cols, path
        z = df[inter_cols]
        full = z.copy()
        full["OUT"] = df["OUT"]
        if without_mining:
            rows += rows_for(full, industries, year, denominators=("nonenergy",), energy=ENERGY_WITHOUT_MINING)
        else:
            rows += rows_for(full, industries, year)
    write_rows(rows, target)


def rows_for(full, industries, year, denominators=("nonenergy", "intermediates", "output"), energy=ENERGY):
    """The output rows of one year: every denominator (of `denominators`), broad and narrow, every industry and
    aggregate; `energy` the products left out of the nonenergy denominator."""
    rows = []
    for denominator in denominators:
        for narrow in (False, True):
            sums = sums_for(full, industries, COUNTRY, denominator, narrow, energy)
            units = [(i, [i]) for i in industries] + AGGREGATES
            for unit, members in units:
                d = sum(sums[m][1] for m in members)
                if d == 0:
                    continue
                for measure in ("om", "os"):
                    for group in ["total"] + [g for g, _ in GROUPS]:
                        num = sum(sums[m][0][(measure, group)] for m in members)
                        rows.append((denominator, "true" if narrow else "false", COUNTRY, unit, year,
                                     measure, group, repr(float(100.0 * num / d))))
    return rows


def write_rows(rows, target):
    """Writes the rows with the reference files' header."""
    with open(target, "w") as f:
        f.write("denominator,narrow,country,unit,year,measure,group,value\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")
    print(f"wrote {len(rows)} rows to {target}")


if __name__ == "__main__":
    main()
