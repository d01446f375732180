#!/usr/bin/env bash
# Peak memory and growth with input size, for the shapes that could make a
# reader or differ quadratic. For each shape, the input at n and at 4n:
# median wall time of RUNS runs and peak RSS (GNU time). Linear or n log n
# growth gives a time ratio near 4-5 for 4x the input; quadratic gives ~16.
# Then the peak RSS of `show` and `diff` on the largest corpus documents.
#
#   bash benches/resources.sh          # builds target/release/auditgate first
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
corpus=${CORPUS:-$root/../shared/corpus}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$root/target/release/auditgate
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }

python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
for n in (10_000, 40_000):
    w = lambda name, text: open(f"{d}/{name}-{n}.md", "w").write(text)
    w("nested-lists", "- " * n + "deep\n")
    w("nested-quotes", "> " * n + "deep\n")
    w("nested-mixed", "> - 1. " * (n // 3) + "deep\n")
    w("long-line", "# A\n\n### 1.1 HIGH: " + "word " * (n * 25) + "\n")
    w("near-identical", "# A\n\n" + "".join(
        f"### {i}. HIGH: Missing input validation in the request handler number {i}\n\n" for i in range(n // 4)))
    w("many-findings", "# A\n\n" + "".join(
        f"### {i}. HIGH: Finding {i} in module m{i}\n\n**Location:** `src/m{i}.rs:{i % 500 + 1}`\n\n" for i in range(n // 4)))
PY

measure() { # prints "median_seconds max_rss_kb"
  local t rss
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" > /dev/null
    cat "$tmp/t"
  done | sort -n | awk -v r="$runs" 'NR==int((r+1)/2){m=$1} {if($2>x)x=$2} END{print m, x}'
}

printf "%-16s %10s %10s %8s %12s\n" shape "t(n) s" "t(4n) s" ratio "peak RSS KB"
for shape in nested-lists nested-quotes nested-mixed long-line near-identical many-findings; do
  read -r a _ < <(measure "$bin" show "$tmp/$shape-10000.md" --format json)
  read -r b rss < <(measure "$bin" show "$tmp/$shape-40000.md" --format json)
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN{ if (a > 0) printf "%.1f", b/a; else print "-" }')
  printf "%-16s %10s %10s %8s %12s\n" "$shape" "$a" "$b" "$ratio" "$rss"
done
# Diffing two near-identical documents of many findings (the matcher's worst case).
read -r a _ < <(measure "$bin" diff "$tmp/near-identical-10000.md" "$tmp/many-findings-10000.md" --format json)
read -r b rss < <(measure "$bin" diff "$tmp/near-identical-40000.md" "$tmp/many-findings-40000.md" --format json)
printf "%-16s %10s %10s %8s %12s\n" "diff" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN{ if (a > 0) printf "%.1f", b/a; else print "-" }')" "$rss"

if [ -d "$corpus" ]; then
  mapfile -t big < <(find "$corpus" -type f \( -name '*.md' -o -name '*.txt' \) -printf '%s %p\n' | sort -rn | head -2 | cut -d' ' -f2-)
  read -r _ rss_show < <(measure "$bin" show "${big[0]}" --format json)
  read -r _ rss_diff < <(measure "$bin" diff "${big[1]}" "${big[0]}" --format json)
  echo "largest corpus document: $(basename "${big[0]}") ($(stat -c %s "${big[0]}") bytes)"
  echo "peak RSS: show ${rss_show} KB, diff with the next largest ${rss_diff} KB (target: under 65536 KB)"
fi
