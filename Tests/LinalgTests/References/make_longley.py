"""Writes longley.csv from the copy statsmodels ships (the Longley data used by NIST StRD)."""
import statsmodels.api as sm

d = sm.datasets.longley.load_pandas().data
d.to_csv("longley.csv", index=False, float_format="%.1f")
