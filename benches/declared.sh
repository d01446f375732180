#!/usr/bin/env bash
# Findings per severity that `auditgate show` reads in each version of an
# audit series, against the totals the version declares of itself
# (`**Critical Issues Found:** 176`), and how many versions are within 2 %
# on every declared severity. All findings count, open or closed: the
# totals count issues found, not issues open.
#
#   bash benches/declared.sh            # builds target/release/auditgate first
#   SERIES=path/to/series bash benches/declared.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
series=${SERIES:-$root/../shared/corpus/yellowman__liminallm/ISSUES}
[ -f "$series/index.json" ] || { echo "no series at $series" >&2; exit 2; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
python3 - "$root/target/release/auditgate" "$series" <<'PY'
import collections, json, os, subprocess, sys
bin, series = sys.argv[1], sys.argv[2]
versions = json.load(open(os.path.join(series, "index.json")))
within = declaring = 0
for v in versions:
    out = subprocess.run([bin, "show", os.path.join(series, v["file"]), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    audit = json.loads(out)
    declared = audit["declared_counts"] or {}
    read = collections.Counter(f["severity"] for f in audit["findings"])
    cells, ok = [], True
    for sev in ("critical", "high", "medium", "low", "info"):
        if sev in declared:
            off = (read[sev] - declared[sev]) / max(declared[sev], 1)
            ok = ok and abs(off) <= 0.02
            cells.append(f"{sev} {read[sev]}/{declared[sev]} ({off:+.1%})")
    if declared:
        declaring += 1
        within += ok
    print(f"{'ok ' if ok else 'OFF'} {v['file']}: " + (", ".join(cells) or "declares no totals"))
print(f"{within} of {declaring} versions that declare totals are within 2 % on every declared severity")
PY
