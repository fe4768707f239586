#!/usr/bin/env python3
"""Independent reference for om/os from the WIOD 2016 national input-output table of Belgium.

Reads the workbook as distributed with openpyxl (through pandas.read_excel), not with the Swift reader, and
computes from METHOD.md alone, with its own copy of the categories (the choices of
SupplyUseTables/classifications/wiod2016.toml, written out below, not parsed from it):
  for using industry i, year t:  Imp_ij = the Imports row of product j in column i
  D_i (nonenergy) = sum over non-energy products j of (Domestic_ij + Imports_ij)
  D_i (intermediates) = the same over all products; D_i (output) = the TOT/GO row in column i
  om = sum_{j manufactured} Imp_ij / D_i * 100,  os = sum_{j business services} Imp_ij / D_i * 100
Aggregates (manufacturing, market services) are ratios of sums. Units whose denominator is not positive are left out.
There is no origin of imports in a national table: only the total is computed.

Usage: python3 niot_reference.py [WORKBOOK] [OUTPUT_CSV]
  defaults: SupplyUseTables/wiod2016-niot/BEL_NIOT_nov16.xlsx and BEL_niot2016_reference.csv here.
Output columns: denominator,unit,year,measure,value (value = repr of the float, percent).
"""
import os
import sys

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

MANUFACTURED = ["C10-C12", "C13-C15", "C16", "C17", "C18", "C20", "C21", "C22", "C23", "C24", "C25", "C26", "C27",
                "C28", "C29", "C30", "C31_C32", "C33"]
BUSINESS = ["H53", "J61", "J62_J63", "K64", "K65", "K66", "M69_M70", "M71", "M72", "M73", "M74_M75", "N"]
ENERGY = ["B", "C19", "D35"]
AGGREGATES = {
    "manufacturing": MANUFACTURED[:5] + ["C19"] + MANUFACTURED[5:],
    "market_services": ["G45", "G46", "G47", "H49", "H50", "H51", "H52", "H53", "I", "J58", "J59_J60", "J61", "J62_J63",
                        "K64", "K65", "K66", "L68", "M69_M70", "M71", "M72", "M73", "M74_M75", "N"],
}


def main():
    workbook = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "SupplyUseTables", "wiod2016-niot", "BEL_NIOT_nov16.xlsx")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "BEL_niot2016_reference.csv")
    # Row 1 is the header; row 2 the descriptions (skipped).
    df = pd.read_excel(workbook, sheet_name="National IO-tables", header=0, skiprows=[1], engine="openpyxl")
    columns = list(df.columns)
    industries = columns[4:columns.index("CONS_h")]
    assert len(industries) == 56, len(industries)
    for c in MANUFACTURED + BUSINESS + ENERGY + sum(AGGREGATES.values(), []):
        assert c in industries, c
    rows = []
    for year, block in df.groupby("Year", sort=True):
        dom = block[block["Origin"] == "Domestic"].set_index("Code")[industries].astype(float)
        imp = block[block["Origin"] == "Imports"].set_index("Code")[industries].astype(float)
        tot = block[block["Origin"] == "TOT"].set_index("Code")[industries].astype(float)
        assert list(dom.index) == industries and list(imp.index) == industries
        total = dom + imp
        nonenergy_rows = [p for p in industries if p not in ENERGY]
        sums = {}
        for i in industries:
            sums[i] = {
                "om": imp.loc[MANUFACTURED, i].sum(),
                "os": imp.loc[BUSINESS, i].sum(),
                "nonenergy": total.loc[nonenergy_rows, i].sum(),
                "intermediates": total[i].sum(),
                "output": tot.loc["GO", i],
            }
        units = [(i, sums[i]) for i in industries]
        for name, members in AGGREGATES.items():
            units.append((name, {k: sum(sums[i][k] for i in members) for k in ["om", "os", "nonenergy", "intermediates", "output"]}))
        for d in ["nonenergy", "intermediates", "output"]:
            for unit, s in units:
                if not s[d] > 0:
                    continue
                for m in ["om", "os"]:
                    rows.append((d, unit, int(year), m, repr(float(s[m] / s[d] * 100))))
    with open(out, "w") as f:
        f.write("denominator,unit,year,measure,value\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")
    print(f"wrote {len(rows)} rows to {out}")


if __name__ == "__main__":
    main()
