#!/usr/bin/env bash
# Wall time of `auditgate history` (every pass read and diffed) against
# `git log -p --follow` producing the text diffs, on a repository holding the
# 92 passes of ../shared/corpus/yellowman__liminallm/ISSUES committed in order
# with their dates. Medians of RUNS runs, in one run on the same machine.
#
#   bash benches/history.sh            # builds target/release/auditgate first
#   RUNS=11 SERIES=path/to/series bash benches/history.sh
#   BIN=/path/to/other/auditgate bash benches/history.sh   # another build, not rebuilt
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
series=${SERIES:-$root/../shared/corpus/yellowman__liminallm/ISSUES}
runs=${RUNS:-7}
[ -f "$series/index.json" ] || { echo "no series at $series" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fi
bin=${BIN:-$root/target/release/auditgate}
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
python3 - "$series" "$repo" <<'PY'
import json, os, subprocess, sys
series, repo = sys.argv[1], sys.argv[2]
for v in json.load(open(os.path.join(series, "index.json"))):
    dest = os.path.join(repo, v["path"])
    os.makedirs(os.path.dirname(dest) or repo, exist_ok=True)
    with open(os.path.join(series, v["file"]), "rb") as src, open(dest, "wb") as out:
        out.write(src.read())
    env = dict(os.environ, GIT_AUTHOR_DATE=v["date"], GIT_COMMITTER_DATE=v["committer_date"],
               GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@example.com",
               GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@example.com")
    subprocess.run(["git", "-C", repo, "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", repo, "commit", "-q", "--allow-empty", "-m", "pass %d" % v["n"]], check=True, env=env)
PY
path=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[-1]["path"])' "$series/index.json")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_of() { python3 -c 'import subprocess,sys,time; t=time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); print("%.3f" % (time.perf_counter()-t))' "$@"; }
ag=(); gl=()
for _ in $(seq "$runs"); do
  ag+=("$(time_of "$bin" history --repo "$repo" --path "$path" --format json)")
  gl+=("$(time_of git -C "$repo" log -p --follow -- "$path")")
done
passes=$("$bin" history --repo "$repo" --path "$path" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["rows"]))')
a=$(printf '%s\n' "${ag[@]}" | median); g=$(printf '%s\n' "${gl[@]}" | median)
echo "passes: $passes, runs: $runs"
echo "auditgate history (read + diff every pass): median ${a}s"
echo "git log -p --follow (text diffs):           median ${g}s"
echo "ratio auditgate / git log -p: $(python3 -c "print('%.2f' % ($a / $g))")"
