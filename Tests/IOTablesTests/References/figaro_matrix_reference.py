"""Independent reading of a FIGARO matrix file, for FIGAROMatrixReaderTests.testPandasReadingOfTheFixtureAgrees.

Run from this folder:  python3 figaro_matrix_reference.py [--make-fixture]

--make-fixture writes figaro_matrix_fixture_2011.csv from the bundled WIOD 2011 table (BEL, DEU, FRA; WIOD's 35
industries as codes) in Eurostat's matrix layout: rowLabels, AREA_CODE columns, final demand per region in the order
P3_S13 P3_S14 P3_S15 P51G P5M, the industry rows, then six W2_ rows (W2_B2A3G balances each column to WIOD's output).

Without it, the script reads the fixture with pandas, as the layout is documented (labels split at the first
underscore, output = each industry column's total including the W2_ rows) and writes, for each Belgian industry,
its output, its intermediate inputs (all regions) and its imported inputs (other regions) to
figaro_matrix_reference.csv.
"""
import sys
import pandas as pd

FIXTURE = "figaro_matrix_fixture_2011.csv"
OUT = "figaro_matrix_reference.csv"


def make_fixture():
    wiod = pd.read_csv("../../../SupplyUseTables/wiod2013/WIOT2011_wiod2013.csv.gz", index_col=0)
    regions = ["BEL", "DEU", "FRA"]
    inds = [f"c{k}" for k in range(1, 36)]
    labels = [f"{r}_{i}" for r in regions for i in inds]
    fd_map = [("P3_S13", "CONS_g"), ("P3_S14", "CONS_h"), ("P3_S15", "CONS_np"), ("P51G", "GFCF"), ("P5M", "INVEN")]
    z = wiod.loc[labels, labels]
    fd = pd.DataFrame({f"{r}_{f}": wiod.loc[labels, f"{r}_{w}"] for r in regions for f, w in fd_map})
    body = pd.concat([z, fd], axis=1)
    va = pd.DataFrame(0, index=[f"W2_{c}" for c in ["D21X31", "OP_RES", "OP_NRES", "D1", "D29X39", "B2A3G"]], columns=body.columns)
    va.loc["W2_B2A3G", labels] = wiod.loc[labels, "OUT"].values - z.sum(axis=0).values
    table = pd.concat([body, va]).astype("int64")
    table.index.name = "rowLabels"
    table.to_csv(FIXTURE)


def read_reference():
    m = pd.read_csv(FIXTURE, index_col=0)
    area = lambda s: s.split("_", 1)[0]
    industry_cols = [c for c in m.columns if c.split("_", 1)[1] not in ("P3_S13", "P3_S14", "P3_S15", "P51G", "P5M")]
    industry_rows = [r for r in m.index if area(r) != "W2"]
    rows = []
    for col in industry_cols:
        if area(col) != "BEL":
            continue
        output = m[col].sum()
        inputs = m.loc[industry_rows, col].sum()
        imported = m.loc[[r for r in industry_rows if area(r) != "BEL"], col].sum()
        rows.append((col.split("_", 1)[1], repr(float(output)), repr(float(inputs)), repr(float(imported))))
    pd.DataFrame(rows, columns=["industry", "output", "inputs", "imported"]).to_csv(OUT, index=False)


if __name__ == "__main__":
    if "--make-fixture" in sys.argv:
        make_fixture()
    read_reference()
