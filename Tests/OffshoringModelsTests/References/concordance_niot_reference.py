"""Independent reference for TableConcordanceTests: om, os, om_sup and os_sup of Belgium per WIOD 2013 industry
(c1-c35) and year, 2000-2009, from the WIOD 2016 national input-output table (56 ISIC rev. 4 industries) aggregated
through SupplyUseTables/concordances/wiod2016_to_wiod2013.csv.

Written from the layout the workbook's own sheet documents (SupplyUseTables/wiod2016-niot/PROVENANCE.md: sheet
`National IO-tables`, columns Year, Code, Description, Origin, the 56 industries; per year 56 rows Origin `Domestic`
and 56 rows `Imports`), the product categories of SupplyUseTables/classifications/wiod2016.toml and METHOD.md's
definitions (om: imported manufactured inputs, os: imported business services, in percent of non-energy intermediate
inputs, domestic plus imported). An accounts industry's om is a ratio of SUMS over its table industries:
100 * sum over members of imports / sum over members of non-energy inputs (never a mean of the members' ratios).
Suppliers' offshoring: om_sup[I] = sum over J of a[I, J] * om[J], a[I, J] the domestic flow from J's to I's members
over I's domestic inputs from every industry, suppliers J with an undefined om adding nothing.

Run from the repository root: python3 Tests/OffshoringModelsTests/References/concordance_niot_reference.py
"""
import csv
import io
import math
import tomllib

import numpy as np
import pandas as pd

ROOT = "SupplyUseTables/"
YEARS = range(2000, 2010)
OUT = "Tests/OffshoringModelsTests/References/concordance_niot_reference.csv"

with open(ROOT + "classifications/wiod2016.toml", "rb") as f:
    categories = tomllib.load(f)["categories"]
manufactured = set(categories["manufactured"])
services = set(categories["business_services"])
energy = set(categories["energy"])

with open(ROOT + "concordances/wiod2016_to_wiod2013.csv") as f:
    body = "".join(line for line in f if not line.startswith("#"))
target = {r["table_code"]: r["accounts_code"] for r in csv.DictReader(io.StringIO(body))}

sheet = pd.read_excel(ROOT + "wiod2016-niot/BEL_NIOT_nov16.xlsx", sheet_name="National IO-tables", header=0)
sheet = sheet[sheet["Year"].notna()]
codes = [c for c in sheet.columns[4:] if c in target]
assert len(codes) == 56, len(codes)
targets = list(dict.fromkeys(target[c] for c in codes))  # in the order of their first table industry
member = np.array([[1.0 if target[c] == t else 0.0 for c in codes] for t in targets])  # targets x table industries

rows = []
for year in YEARS:
    block = sheet[sheet["Year"] == year]
    dom = block[block["Origin"] == "Domestic"].set_index("Code")[codes].astype(float)
    imp = block[block["Origin"] == "Imports"].set_index("Code")[codes].astype(float)
    assert list(dom.index) == codes and list(imp.index) == codes
    om_num = imp.loc[[p for p in codes if p in manufactured]].sum().to_numpy()
    os_num = imp.loc[[p for p in codes if p in services]].sum().to_numpy()
    nonenergy = [p for p in codes if p not in energy]
    den = (dom.loc[nonenergy].sum() + imp.loc[nonenergy].sum()).to_numpy()
    # Sums over each accounts industry's table industries, then the ratio.
    om_t, os_t, den_t = member @ om_num, member @ os_num, member @ den
    with np.errstate(divide="ignore", invalid="ignore"):
        om = np.where(den_t > 0, 100 * om_t / den_t, np.nan)
        os_ = np.where(den_t > 0, 100 * os_t / den_t, np.nan)
    z = member @ dom.to_numpy() @ member.T  # supplier target x user target
    total = z.sum(axis=0)
    for u, t in enumerate(targets):
        a = z[:, u] / total[u] if total[u] != 0 else np.zeros(len(targets))
        ok = den_t > 0
        om_sup = float(np.sum(a[ok] * om[ok]))
        os_sup = float(np.sum(a[ok] * os_[ok]))
        rows.append((t, year, om[u], os_[u], om_sup, os_sup))

with open(OUT, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["industry", "year", "om", "os", "om_sup", "os_sup"])
    for t, y, *values in rows:
        w.writerow([t, y] + ["nan" if math.isnan(v) else repr(float(v)) for v in values])
print(f"wrote {OUT}: {len(rows)} rows, {len(targets)} industries")
