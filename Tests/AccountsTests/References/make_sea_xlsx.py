#!/usr/bin/env python3
"""Writes the SEA fixtures of AccountsTests (run from anywhere; outputs beside this file). Needs openpyxl (PyPI) and
LibreOffice (Debian: libreoffice-calc-nogui).

Layout of the WIOD Socio-Economic Accounts workbooks (WIOD SEA documentation, Erumban et al. 2012; the DATA sheet of
the 2013 and 2016 releases' Excel files): sheet `DATA`, header `Country,Variable,Description,Code` then one column
per year, written `_1995` in the 2013 release and `2000` in the 2016 release.

- sea2013_excerpt.csv: rows of the real Belgian SEA 2013 (SupplyUseTables/accounts/wiod2013_sea_BEL.csv) for a few
  variables and industries, years written `_1995`, the missing capital of P (c35) and the empty 2010-2011 skill
  splits kept as empty cells; values rounded to 15 significant digits (what a spreadsheet keeps).
- sea2016_excerpt.csv: the real Belgian SEA 2016 (tidy file) written back to the DATA layout, years `2000`.
- *_openpyxl.xlsx: each CSV written cell by cell by openpyxl into sheet DATA (numbers as floats, empty cells left
  out). *_libreoffice.xlsx: each CSV converted by LibreOffice headless (soffice --convert-to xlsx) from a copy
  named DATA.csv, so that the sheet is called DATA.
- sea2013_bad_text.xlsx: the openpyxl copy of the 2013 excerpt with the text 'abc' in cell F3.
"""
import csv
import os
import shutil
import subprocess
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
ACC = os.path.join(HERE, "..", "..", "..", "SupplyUseTables", "accounts")


def excerpt_2013():
    keep_vars = {"GO", "GO_P", "K_GFCF", "H_EMP", "LAB", "H_LS", "LABLS"}
    keep_codes = {"AtB", "15t16", "20", "30t33", "71t74", "P", "TOT"}
    with open(os.path.join(ACC, "wiod2013_sea_BEL.csv"), newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0][:4] + ["_" + y for y in rows[0][4:]]
    # Values rounded to 15 significant digits: Excel and LibreOffice keep 15, so the CSV and both workbooks hold
    # the same numbers (the source file has up to 17 digits in its 2010-2011 estimates).
    out = [head] + [r[:4] + [("%.15g" % float(x)) if x else "" for x in r[4:]]
                    for r in rows[1:] if r[1] in keep_vars and r[3] in keep_codes]
    with open(os.path.join(HERE, "sea2013_excerpt.csv"), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(out)


def excerpt_2016():
    with open(os.path.join(ACC, "wiod2016_sea_BEL.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    years = sorted({r["year"] for r in rows})
    codes = ["A01", "C10-C12", "C26", "M69_M70"]
    out = [["Country", "Variable", "Description", "Code"] + years]
    for v in ["GO", "GO_PI", "K", "H_EMPE", "COMP"]:
        for c in codes:
            by = {r["year"]: r[v] for r in rows if r["code"] == c}
            out.append(["BEL", v, v + " (2016 release)", c] + [by.get(y, "") for y in years])
    with open(os.path.join(HERE, "sea2016_excerpt.csv"), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(out)


def number_or_text(s):
    try:
        return float(s)
    except ValueError:
        return s


def openpyxl_copy(name):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DATA"
    with open(os.path.join(HERE, name + ".csv"), newline="", encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f), start=1):
            for c, s in enumerate(row, start=1):
                if s == "":
                    continue
                # Codes such as 20 stay text, as in the SEA workbooks; values are numbers.
                ws.cell(row=r, column=c, value=number_or_text(s) if r > 1 and c > 4 else s)
    wb.save(os.path.join(HERE, name + "_openpyxl.xlsx"))


def libreoffice_copy(name):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "DATA.csv")
        shutil.copy(os.path.join(HERE, name + ".csv"), src)
        # 44 = comma, 34 = double quote, 76 = UTF-8; the profile in tmp keeps the user's LibreOffice untouched.
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--infilter=CSV:44,34,76,1",
                        "--convert-to", "xlsx", "--outdir", tmp, src], check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "DATA.xlsx"), os.path.join(HERE, name + "_libreoffice.xlsx"))


def bad_copy():
    """sea2013_bad_text.xlsx: the openpyxl copy with the text 'abc' in cell F3 (a value of 1996)."""
    wb = openpyxl.load_workbook(os.path.join(HERE, "sea2013_excerpt_openpyxl.xlsx"))
    wb["DATA"]["F3"] = "abc"
    wb.save(os.path.join(HERE, "sea2013_bad_text.xlsx"))


if __name__ == "__main__":
    excerpt_2013()
    excerpt_2016()
    for n in ["sea2013_excerpt", "sea2016_excerpt"]:
        openpyxl_copy(n)
        libreoffice_copy(n)
    bad_copy()
