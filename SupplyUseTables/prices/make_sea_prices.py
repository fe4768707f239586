#!/usr/bin/env python3
"""Writes BEL_sea2013_go_p.csv: Belgian gross-output price indices of the WIOD Socio-Economic Accounts (2013
release, 1995 = 100), one per WIOD 2013 product c1-c35, for `offshore measure --prices`.

Each product c_j gets the output price index (GO_P) of the SEA industry that makes it (WIOD's products and
industries share the codes c1-c35; ../concordances/wiod2013_to_sea2013.csv maps them to the SEA's NACE codes).
The SEA has no import price indices, so the same index deflates domestic and imported use of a product
(flow = all): an approximation (Belgian producer prices for imports) stated in every output that uses it.
Years without a GO_P value (2010-2011 in this release) are left out; c35 (private households) has none.

Usage: python3 make_sea_prices.py   (reads ../accounts/wiod2013_sea_BEL.csv, writes BEL_sea2013_go_p.csv here)
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SEA = os.path.join(HERE, "..", "accounts", "wiod2013_sea_BEL.csv")
CONCORDANCE = os.path.join(HERE, "..", "concordances", "wiod2013_to_sea2013.csv")
OUT = os.path.join(HERE, "BEL_sea2013_go_p.csv")

with open(CONCORDANCE, newline="") as f:
    rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
header = rows[0]
code_col, source_col = header.index("code"), header.index("source_code")
to_sea = [(r[code_col], r[source_col]) for r in rows[1:]]

with open(SEA, newline="") as f:
    reader = csv.reader(f)
    head = next(reader)
    years = [(k, int(h)) for k, h in enumerate(head) if h.isdigit()]
    go_p = {r[3]: r for r in reader if r[1] == "GO_P"}

with open(OUT, "w", newline="") as f:
    f.write("# Belgian gross-output price indices (GO_P, 1995 = 100) of the WIOD Socio-Economic Accounts, 2013 release\n")
    f.write("# (Timmer, Dietzenbacher, Los, Stehrer and de Vries 2015), by WIOD 2013 product; written by make_sea_prices.py.\n")
    f.write("# One index for domestic and imported use (flow all): the SEA has no import prices.\n")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["product", "year", "index", "flow"])
    for code, sea in to_sea:
        row = go_p.get(sea)
        if row is None:
            continue
        for k, year in years:
            if row[k].strip():
                w.writerow([code, year, repr(float(row[k])), "all"])
