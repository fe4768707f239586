#!/usr/bin/env python3
"""Independent reference for `offshore measure --prices`: Belgian om/os at constant prices on the WIOD 2013 tables.

Every row r_j of the intermediate block (region r, product j) is divided by product j's price index over 100 (the
same index for every region: the file's flow is `all`), then om and os are computed exactly as wiod_reference.py
computes them at current prices (its `sums_for`, which was written from METHOD.md alone). The output denominator
divides each Belgian industry's OUT by its own product's index. Prices: ../../../SupplyUseTables/prices/
BEL_sea2013_go_p.csv (read here with the csv module, comments skipped); years 1995-2009 (the indices' years).

Usage: python3 constant_price_reference.py [TABLES_DIR] [OUTPUT_CSV]
Output columns as wiod_reference.py: denominator,narrow,country,unit,year,measure,group,value.
"""
import csv
import os
import re
import sys

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wiod_reference import COUNTRY, HERE, ROOT, rows_for, write_rows  # noqa: E402

PRICES = os.path.join(ROOT, "SupplyUseTables", "prices", "BEL_sea2013_go_p.csv")


def read_prices(path):
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    head = rows[0]
    p, y, i = head.index("product"), head.index("year"), head.index("index")
    return {(r[p], int(r[y])): float(r[i]) for r in rows[1:]}


def main():
    tables = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "wiod2013")
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "BEL_wiod2013_constant_prices_reference.csv")
    prices = read_prices(PRICES)
    industries = [f"c{k}" for k in range(1, 36)]
    rows = []
    for year in range(1995, 2010):
        path = os.path.join(tables, f"WIOT{year}_wiod2013.csv.gz")
        df = pd.read_csv(path, index_col=0, compression="gzip")
        inter = [c for c in df.columns if re.fullmatch(r"[A-Za-z]{3}_c\d+", c)]
        assert len(inter) == 1435 and list(df.index) == inter, path
        factor = pd.Series([100.0 / prices[(lab.split("_", 1)[1], year)] for lab in df.index], index=df.index)
        full = df[inter].astype(float).mul(factor, axis=0).copy()
        out = df["OUT"].astype(float).copy()
        for i in industries:
            out[f"{COUNTRY}_{i}"] = out[f"{COUNTRY}_{i}"] * 100.0 / prices[(i, year)]
        full["OUT"] = out
        rows += rows_for(full, industries, year)
    write_rows(rows, target)

if __name__ == "__main__":
    main()
