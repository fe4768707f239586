#!/usr/bin/env python3
"""Belgium's euro per US dollar exchange rates implied by the WIOD 2013 release, 1995-2011.

The WIOD tables (millions of US dollars) and the Socio-Economic Accounts (../accounts/wiod2013_sea_BEL.csv,
millions of national currency: euros, Belgian francs converted at the fixed rate before 1999) give the gross output of
the same 35 Belgian industries. The rate of a year is the ratio of the sums over the industries, SEA GO / WIOT OUT:
national currency per US dollar, the convention of `[data] exchange_rates`. The industries' own ratios agree with it
to within the tables' rounding (the spread is written beside each year); the rates agree with the published annual
averages to about 0.1 % (1995: 0.7300 against 29.48 BEF per dollar / 40.3399 BEF per euro = 0.7308 euro per dollar;
2000: 1.0827 against the ECB's 0.9236 dollar per euro).

Usage: python3 make_wiod2013_implied_rates.py [WIOD_TABLES_DIR (default ../shared/data/wiod2013 beside the repository)] > BEL_wiod2013_implied.csv
"""
import csv
import os
import sys

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SEA = os.path.join(HERE, "..", "accounts", "wiod2013_sea_BEL.csv")
CONCORDANCE = os.path.join(HERE, "..", "concordances", "wiod2013_to_sea2013.csv")


def main():
    tables = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "data", "wiod2013")
    sea = pd.read_csv(SEA)
    go = sea[sea["variable"] == "GO"].set_index("code")
    conc = pd.read_csv(CONCORDANCE, comment="#")
    out = csv.writer(sys.stdout, lineterminator="\n")
    print("# Belgium's exchange rates implied by the WIOD 2013 release: sum of the SEA's gross output of the 35 industries "
          "(millions of euros)")
    print("# over the WIOD tables' gross output of the same industries (millions of US dollars), euros per US dollar; "
          "written by make_wiod2013_implied_rates.py")
    print("# (the rate is national currency per unit of the tables' currency; the industries' own ratios lie within the "
          "spread given in the note column)")
    out.writerow(["country", "year", "rate", "note"])
    for year in range(1995, 2012):
        path = os.path.join(tables, f"WIOT{year}_wiod2013.csv.gz")
        t = pd.read_csv(path, index_col=0)
        sea_sum = table_sum = 0.0
        ratios = []
        for code, src in zip(conc["code"], conc["source_code"]):
            s = float(go.loc[src, str(year)])
            w = float(t.loc[f"BEL_{code}", "OUT"])
            sea_sum += s
            table_sum += w
            if w > 0:
                ratios.append(s / w)
        rate = sea_sum / table_sum
        out.writerow(["BEL", year, repr(rate), f"industries {min(ratios):.4f}-{max(ratios):.4f}"])


if __name__ == "__main__":
    main()
