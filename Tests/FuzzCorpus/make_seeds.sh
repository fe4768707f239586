#!/usr/bin/env bash
# Writes the seed corpora of the fuzz harnesses (Tests/FuzzCorpus/<harness>/) from real data and the repository:
# a WIOD 2011 table cut to 3 regions x 3 industries (valid), the same table in the ICIO, FIGARO and SUT layouts
# (written by `offshore convert`), the bundled TOML files, a head of the synthetic accounts and of Grunfeld's data,
# every formula written in the model presets, the configs and the tests, and hand-picked numbers and CSV oddities.
# Run from anywhere: Tests/FuzzCorpus/make_seeds.sh [OFFSHORE_BINARY]  (default: a normal build's offshore).
# Seeds only: the inputs libFuzzer adds (scripts/fuzz.sh, merged with -merge=1) are left as they are.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="$(cd "$root/../shared" && pwd)"
offshore="${1:-$root/.build/debug/offshore}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 - "$shared/data/wiod2013/WIOT2011_wiod2013.csv.gz" "$tmp/WIOT2011_3x3.csv" <<'PY'
# Cut the WIOD 2011 table to BEL, DEU, RoW x c3 (food), c17 (electricity), c28 (business services), keeping their
# final demand: one product of each category that counts (manufactured, energy, business_services).
import csv, gzip, sys
regions, industries = ["BEL", "DEU", "RoW"], ["c3", "c17", "c28"]
with gzip.open(sys.argv[1], "rt", newline="") as f:
    rows = list(csv.reader(f))
header = rows[0]
labels = [f"{r}_{i}" for r in regions for i in industries]
final = [h for h in header if h.split("_")[0] in regions and not h.split("_", 1)[1].startswith("c")]
keep = [0] + [header.index(l) for l in labels] + [header.index(h) for h in final] + [header.index("OUT")]
by_label = {r[0]: r for r in rows[1:]}
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow([header[k] for k in keep])
    for l in labels:
        w.writerow([by_label[l][k] for k in keep])
PY

seed() { mkdir -p "$here/$1"; cp "$2" "$here/$1/${3:-$(basename "$2")}"; }
seed wiod "$tmp/WIOT2011_3x3.csv"
gzip -9 -n -c "$tmp/WIOT2011_3x3.csv" > "$tmp/WIOT2011_3x3.csv.gz"
seed wiod "$tmp/WIOT2011_3x3.csv.gz"
seed csv "$tmp/WIOT2011_3x3.csv.gz"
seed csv "$tmp/WIOT2011_3x3.csv"
seed csv-gzip "$tmp/WIOT2011_3x3.csv"

mkdir -p "$here/classification"
cat > "$here/classification/cut_3x3.toml" <<'TOML'
# The classification of the 3-industry WIOD cut (c3 food, c17 electricity, c28 business services).
[classification]
name = "WIOD 2013 cut to 3 industries"

[categories]
manufactured = ["c3"]
business_services = ["c28"]
energy = ["c17"]
other = []

[[aggregate]]
name = "manufacturing"
label = "Manufacturing"
industries = ["c3"]
TOML
convert() { "$offshore" convert --classification "$here/classification/cut_3x3.toml" --tables "$tmp/WIOT2011_3x3.csv" "$@" >/dev/null; }
convert --to icio --output "$tmp/icio" >/dev/null
seed icio "$tmp/icio/ICIO2011.csv" ICIO2011_3x3.csv
convert --to figaro --output "$tmp/figaro" >/dev/null
seed figaro "$tmp/figaro/figaro_ixi_2011.csv" figaro_ixi_2011_3x3.csv
convert --to figaro --figaro-variant pxi --output "$tmp/pxi" >/dev/null
seed figaro "$tmp/pxi/figaro_pxi_2011.csv" figaro_pxi_2011_3x3.csv
convert --to sut --country BEL --output "$tmp/sut" >/dev/null
seed sut "$tmp/sut/SUT_BEL.csv" SUT_BEL_3x3.csv
seed origin-shares "$tmp/sut/SUT_BEL_origin_values.csv" SUT_BEL_3x3_origin_values.csv

for f in "$root"/SupplyUseTables/classifications/*.toml; do seed classification "$f"; done
seed grouping "$root/SupplyUseTables/groupings/default.toml"
seed estimate-config "$root/SupplyUseTables/config/estimate-default.toml"
seed sensitivity-grid "$root/SupplyUseTables/config/sensitivity-default.toml"
python3 - "$root/SupplyUseTables/classifications/wiod2013.toml" "$here/classification-csv/wiod2013.csv" <<'PY'
# The bundled WIOD classification as a CSV concordance (code,category,aggregates).
import sys, tomllib, os
doc = tomllib.load(open(sys.argv[1], "rb"))
aggs = {}
for a in doc.get("aggregate", []):
    for code in a.get("industries", []):
        aggs.setdefault(code, []).append(a["name"])
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
with open(sys.argv[2], "w") as out:
    out.write("code,category,aggregates\n")
    for cat, codes in doc["categories"].items():
        for c in codes:
            out.write(f"{c},{cat},{';'.join(aggs.get(c, []))}\n")
PY

mkdir -p "$here/accounts" "$here/dataframe"
{ head -1 "$root/SupplyUseTables/accounts/BEL_synthetic_sea.csv"; grep -E ',c(1|2|3),' "$root/SupplyUseTables/accounts/BEL_synthetic_sea.csv" | head -12; } > "$here/accounts/BEL_synthetic_sea_head.csv"
printf 'country,variable,industry,year,value\nBEL,GO,c1,1995,10.5\nBEL,GO,c1,1996,11\nBEL,GO,15t16,1995,3\nBEL,II,c2,1995,\n' > "$here/accounts/tidy.csv"
head -31 "$shared/data/validation/grunfeld.csv" > "$here/dataframe/grunfeld_head.csv"
printf 'id,year,y,x,group\n1,2000,1.5,2,a\n1,2001,NA,3,b\n2,2000,2.5,,a\n' > "$here/dataframe/missing.csv"

python3 - "$root" "$here/formula" <<'PY'
# Every formula literal (a string with a '~', without interpolation) in the presets, the configs and the tests.
import hashlib, os, re, sys
root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
found = set()
for base in ["Sources/OffshoringModels", "Sources/Econometrics", "Tests", "SupplyUseTables/config"]:
    for d, _, files in os.walk(os.path.join(root, base)):
        if "FuzzCorpus" in d:
            continue
        for name in files:
            if not name.endswith((".swift", ".toml")):
                continue
            text = open(os.path.join(d, name), encoding="utf-8").read()
            for m in re.finditer(r'"((?:[^"\\\n]|\\")*~(?:[^"\\\n]|\\")*)"', text):
                s = m.group(1).replace('\\"', '"')
                if "\\(" not in s and len(s) < 400:
                    found.add(s)
for s in sorted(found):
    open(os.path.join(out, hashlib.sha1(s.encode()).hexdigest()[:16]), "w").write(s)
print(f"{len(found)} formulas", file=sys.stderr)
PY

mkdir -p "$here/number"
i=0
for n in 0 -0 1 1.5 -2.25e-3 " 42 " 0.1 0.30000000000000004 9007199254740993 123456789012345678901234567890 \
         1.7976931348623157e308 1.7976931348623159e308 2.2250738585072014e-308 4.9e-324 1e-400 1e400 .5 5. +1 1e 1e+ \
         1,5 1.234,5 NaN -inf Infinity 0x1p3 12a 1e22 1e23 8.589973e9 7.038531e-26 3.0517578125e-05; do
  printf '%s' "$n" > "$here/number/seed$i"; i=$((i + 1))
done
printf '\xef\xbb\xbfa,b\r\n1,"x, ""y"""\r\n,NA\r\n' > "$here/csv/bom_crlf_quotes.csv"
printf 'a;b\n1,5;2\n"open\n' > "$here/csv/semicolon_open_quote.csv"
cp "$here/csv/bom_crlf_quotes.csv" "$here/csv-gzip/"
echo "seeds written under $here" >&2
