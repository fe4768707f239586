"""pymrio's reading of the OECD ICIO fixtures that offshore's ICIOWriter wrote (ICIO2021_2010.csv, ICIO2016_2010.csv,
beside this script), as an independent check of the layouts: pymrio.parse_oecd (pymrio/tools/ioparser.py) adds the
CN*/MX* split blocks into CHN and MEX and reads the final demand country-major (2021) or component-major (2016).

Writes icio_pymrio.csv: file,matrix,row_region,row_sector,col_region,col_item,value for every non-zero cell of
Z (intermediate) and Y (final demand; the 2016 discrepancy column, region ALL, left out), values in repr (17
significant digits). Run: python3 icio_pymrio.py (pymrio from PyPI; icio_pymrio.csv written with pymrio 0.7.0)."""
import csv
import os

import pymrio

here = os.path.dirname(os.path.abspath(__file__))
rows = []
for name in ["ICIO2021_2010.csv", "ICIO2016_2010.csv"]:
    io = pymrio.parse_oecd(os.path.join(here, name))
    for (rr, rs), row in io.Z.iterrows():
        for (cr, cs), v in row.items():
            if v != 0:
                rows.append([name, "Z", rr, rs, cr, cs, repr(float(v))])
    for (rr, rs), row in io.Y.iterrows():
        for (cr, cc), v in row.items():
            if v != 0 and cr != "ALL":
                rows.append([name, "Y", rr, rs, cr, cc, repr(float(v))])
with open(os.path.join(here, "icio_pymrio.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["file", "matrix", "row_region", "row_sector", "col_region", "col_item", "value"])
    w.writerows(rows)
print(f"wrote {len(rows)} cells; pymrio {pymrio.__version__}")
