#!/usr/bin/env python3
# Writes the seed corpus of the xlsx fuzz harness (Tests/FuzzCorpus/xlsx/; see Sources/FuzzHarnesses/XLSXExercise.swift)
# from real workbooks: the small fixtures of Tests/SpreadsheetsTests/References (written by openpyxl, LibreOffice and
# by hand) and the WIOD 2016 national table of Belgium (SupplyUseTables/wiod2016-niot/BEL_NIOT_nov16.xlsx, as
# distributed), its sheets cut to their first 8 rows (seeds of a few KB keep libFuzzer fast).
# Two forms per workbook: the .xlsx file itself (zip level: the harness reads inputs starting with PK as the file),
# and its parts joined by NUL bytes in the harness's order (XML level: the harness packs them into a valid zip).
# Run from the repository root: python3 Tests/FuzzCorpus/make_xlsx_seeds.py
import io
import os
import re
import zipfile

out = "Tests/FuzzCorpus/xlsx"
os.makedirs(out, exist_ok=True)
parts_order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"]

def cut(sheet: bytes, rows: int) -> bytes:
    """The sheet's XML up to the end of its `rows`-th row, closed again."""
    ends = [m.end() for m in re.finditer(rb"</row>", sheet)]
    if len(ends) <= rows:
        return sheet
    return sheet[: ends[rows - 1]] + b"</sheetData></worksheet>"

def parts_of(z: zipfile.ZipFile, rows: int):
    names = set(z.namelist())
    parts = {n: z.read(n) for n in names}
    sheets = sorted((n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                    key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()))
    for n in sheets:
        if len(parts[n]) > 8192:
            parts[n] = cut(parts[n], rows)
    return parts, sheets

def write_seeds(name: str, path: str, rows: int = 8):
    with zipfile.ZipFile(path) as z:
        parts, sheets = parts_of(z, rows)
    last = max(int(re.search(r"\d+", s.rsplit("/", 1)[1]).group()) for s in sheets)
    ordered = [parts.get(n, b"") for n in parts_order] + [parts.get(f"xl/worksheets/sheet{k}.xml", b"") for k in range(1, last + 1)]
    assert all(b"\0" not in p for p in ordered)
    with open(f"{out}/{name}.parts", "wb") as f:
        f.write(b"\0".join(ordered))
    # The workbook again as a zip (deflated, as Excel writes), with the cut sheets and every other part.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in sorted(parts):
            if n.startswith("xl/worksheets/") or n in parts_order or n.endswith(".rels") or n == "[Content_Types].xml":
                z.writestr(n, parts[n])
    with open(f"{out}/{name}.xlsx", "wb") as f:
        f.write(buf.getvalue())

refs = "Tests/SpreadsheetsTests/References"
# The hand-made workbook keeps its parts at unusual names (its test's point): seeded as the file only.
with open(f"{refs}/handmade.xlsx", "rb") as src, open(f"{out}/handmade.xlsx", "wb") as dst:
    dst.write(src.read())
for fixture in ["cells_openpyxl", "cells_libreoffice"]:
    write_seeds(fixture, f"{refs}/{fixture}.xlsx")
write_seeds("BEL_NIOT_nov16_cut", "SupplyUseTables/wiod2016-niot/BEL_NIOT_nov16.xlsx")
for f in sorted(os.listdir(out)):
    print(f, os.path.getsize(f"{out}/{f}"))
