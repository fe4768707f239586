#!/usr/bin/env python3
"""Writes the .xlsx fixtures of SpreadsheetsTests and IOTablesTests (run from anywhere; outputs beside this file
and in ../../IOTablesTests/References). Needs openpyxl (PyPI) and LibreOffice (Debian: libreoffice-calc-nogui).

- cells_openpyxl.xlsx: cells.csv written cell by cell by openpyxl (numbers as floats, the rest as text).
- cells_libreoffice.xlsx: cells.csv converted by LibreOffice headless (soffice --convert-to xlsx).
- handmade.xlsx: hand-written SpreadsheetML (zipfile) for the layout facts openpyxl and LibreOffice do not write:
  rows and cells without `r`, sparse cells, inline strings with runs, rich-text shared strings with a phonetic run,
  booleans, error values, formulas with cached values, a `t="d"` date, a sheet part in a subfolder.
- bomb.xlsx: a valid workbook whose sheet part inflates to 3 MiB of white space (from about 3 KiB); liar.xlsx: the
  same with the part's declared uncompressed size patched to 100 bytes (both must be refused under a 1 MiB cap).
- IOTablesTests/References/XMP_NIOT_mini.xlsx: a national IO table in the WIOD 2016 layout, 3 industries, 2 years
  (openpyxl), and BAD_NIOT_text.xlsx: the same with the text 'abc' in cell F5.
"""
import csv
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
IOT = os.path.join(HERE, "..", "..", "IOTablesTests", "References")


def number_or_text(s):
    try:
        return float(s)
    except ValueError:
        return s


def openpyxl_copy():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "cells"
    with open(os.path.join(HERE, "cells.csv"), newline="", encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f), start=1):
            for c, s in enumerate(row, start=1):
                if s == "":
                    continue
                ws.cell(row=r, column=c, value=number_or_text(s) if r > 1 else s)
    wb.save(os.path.join(HERE, "cells_openpyxl.xlsx"))


def libreoffice_copy():
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "cells.csv")
        shutil.copy(os.path.join(HERE, "cells.csv"), src)
        # 44 = comma, 34 = double quote, 76 = UTF-8; the profile in tmp keeps the user's LibreOffice untouched.
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--infilter=CSV:44,34,76,1",
                        "--convert-to", "xlsx", "--outdir", tmp, src], check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "cells.xlsx"), os.path.join(HERE, "cells_libreoffice.xlsx"))


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="First &amp; only" sheetId="1" rel:id="rIdA"/><sheet name="Empty" sheetId="2" rel:id="rIdB"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/sheets/data/one.xml"/><Relationship Id="rIdB" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheets/../sheets/two.xml"/><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/><Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="file:///C:/elsewhere.xlsx" TargetMode="External"/></Relationships>"""
STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>plain</t></si><si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space="preserve">text &lt;&amp;&gt; &#233;</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si><si><t/></si></sst>"""
SHEET_ONE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment before the root -->
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E6"/><sheetData>
<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>
<row r="3"><c r="B3"><v>1.5E-3</v></c><c><v>-2</v></c><c r="E3" t="b"><v>1</v></c></row>
<row><c r="A4" t="e"><v>#N/A</v></c><c t="e"><v>#DIV/0!</v></c><c s="3"><f>A1+1</f><v>42</v></c><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c><f>NOW()</f></c></row>
<row r="6"><c r="C6" t="d"><v>2014-12-31T00:00:00</v></c><c r="D6" s="5"><v>41999</v></c><c r="E6" t="s"><v>2</v></c></row>
</sheetData></worksheet>"""
SHEET_TWO = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"""


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            z.writestr(name, text)


def handmade():
    write_zip(os.path.join(HERE, "handmade.xlsx"), [
        ("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/strings.xml", STRINGS),
        ("xl/sheets/data/one.xml", SHEET_ONE), ("xl/sheets/two.xml", SHEET_TWO)])


def bombs():
    big = SHEET_TWO.replace("<sheetData/>", "<sheetData>" + " " * (3 << 20) + "</sheetData>")
    rels = WORKBOOK_RELS.replace("/xl/sheets/data/one.xml", "sheets/two.xml")
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK),
             ("xl/_rels/workbook.xml.rels", rels), ("xl/strings.xml", STRINGS), ("xl/sheets/two.xml", big)]
    bomb = os.path.join(HERE, "bomb.xlsx")
    write_zip(bomb, parts)
    # The liar: patch the uncompressed size of xl/sheets/two.xml in its local header and central directory entry.
    data = bytearray(open(bomb, "rb").read())
    name = b"xl/sheets/two.xml"
    size = len(big.encode())
    patched = 0
    for sig, off in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)]:
        k = 0
        while True:
            k = data.find(sig, k)
            if k < 0:
                break
            name_at = k + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                assert struct.unpack("<I", data[k + off:k + off + 4])[0] == size
                data[k + off:k + off + 4] = struct.pack("<I", 100)
                patched += 1
            k += 4
    assert patched == 2
    open(os.path.join(HERE, "liar.xlsx"), "wb").write(bytes(data))


def mini_niot(path, bad_cell=None):
    codes = ["A01", "C10-C12", "K64"]
    finals = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP", "GO"]
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Country"
    notes["B1"] = "Example"
    ws = wb.create_sheet("National IO-tables")
    ws.append(["Year", "Code", "Description", "Origin"] + codes + finals)
    ws.append([None, None, None, None] + [f"description of {c}" for c in codes + finals])
    for y, scale in [(2000, 1.0), (2001, 1.5)]:
        for origin, base in [("Domestic", 10.0), ("Imports", 1.0)]:
            for j, c in enumerate(codes):
                ws.append([y, c, f"product {c}", origin] + [scale * (base * (j + 1) + i) for i in range(3)] + [1.0] * 6 + [100.0 * scale])
        for code, value in [("II_fob", None), ("TXSP", 0.5), ("VA", 50.0), ("GO", None)]:
            row = [y, code, code, "TOT"]
            if code == "II_fob":
                row += [sum(scale * (b * (j + 1) + i) for j in range(3) for b in (10.0, 1.0)) for i in range(3)]
            elif code == "GO":
                row += [scale * (200.0 + i) for i in range(3)]
            else:
                row += [value] * 3
            ws.append(row + [0.0] * 7)
    if bad_cell:
        ws[bad_cell] = "abc"
    wb.save(path)


if __name__ == "__main__":
    openpyxl_copy()
    libreoffice_copy()
    handmade()
    bombs()
    mini_niot(os.path.join(IOT, "XMP_NIOT_mini.xlsx"))
    mini_niot(os.path.join(IOT, "BAD_NIOT_text.xlsx"), bad_cell="F5")
    print("written")
