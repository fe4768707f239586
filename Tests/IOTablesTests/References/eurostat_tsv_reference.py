"""Independent reading of a Eurostat TSV bulk file, for EurostatReaderTests.testPandasReadingOfTheTSVFixtureAgrees.

Run from this folder:  python3 eurostat_tsv_reference.py

Reads naio_10_cp1610_fixture.tsv (the hand-made use table of EurostatReaderTests: BE, 2014-2016, flags, ':' cells,
rows that are not products or industries, a second unit) with pandas as Eurostat documents the bulk format: tab
separated, the first column packing the dimensions (freq,unit,stk_flow,ind_use,prd_ava,geo), one column per year,
values with optional flags after a space, ':' not available. Keeps unit MIO_EUR, stk_flow TOTAL and IMP, products
CPA_*, industries A01 and C10, years with any value; writes om and os (imported CPA_C10, resp. CPA_K64, in percent of
the non-energy inputs CPA_A01 + CPA_C10 + CPA_K64) of each industry and year to eurostat_tsv_reference.csv.
"""
import pandas as pd

raw = pd.read_csv("naio_10_cp1610_fixture.tsv", sep="\t", dtype=str)
key = raw.columns[0]
dims = key.split("\\")[0].split(",")
raw[dims] = raw[key].str.split(",", expand=True)
years = [c for c in raw.columns if c.strip().isdigit()]
long = raw.melt(id_vars=dims, value_vars=years, var_name="year", value_name="text")
long["year"] = long["year"].str.strip().astype(int)
long["number"] = long["text"].str.strip().str.split(" ").str[0]
long = long[(long["unit"] == "MIO_EUR") & long["stk_flow"].isin(["TOTAL", "IMP"]) & long["prd_ava"].str.startswith("CPA_")
            & long["ind_use"].isin(["A01", "C10"])]
long = long[long["number"] != ":"]
long["value"] = long["number"].astype(float)
rows = []
for (year, ind), g in long.groupby(["year", "ind_use"]):
    total = g[g["stk_flow"] == "TOTAL"].set_index("prd_ava")["value"]
    imp = g[g["stk_flow"] == "IMP"].set_index("prd_ava")["value"]
    d = total[["CPA_A01", "CPA_C10", "CPA_K64"]].sum()
    rows.append((ind, year, repr(float(imp["CPA_C10"] / d * 100)), repr(float(imp["CPA_K64"] / d * 100))))
pd.DataFrame(rows, columns=["industry", "year", "om", "os"]).to_csv("eurostat_tsv_reference.csv", index=False)
