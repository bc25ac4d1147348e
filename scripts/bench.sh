#!/usr/bin/env bash
# Runs the benchmark suite and writes one markdown table of all its rows.
#   scripts/bench.sh [--quick] [--out FILE] [BENCH...]
# BENCH... are `fedactors bench` subcommands, by default: actors trainer batched distances journal
# round overhead (a default one this build lacks is skipped with a notice, a named one fails; cluster
# needs a broker and runs only when named). --quick passes --quick: smoke sizes, the numbers mean little.
# The table | bench | case | metric | value | unit |, under a line with the date, the host's cores
# and the git revision, goes to FILE (default bench-results.md in the current directory) and to
# stdout; progress goes to stderr. A bench that fails is reported and the others still run; the exit
# status is then 1. FEDACTORS_DLL=PATH runs that fedactors.dll instead of this checkout's Release
# build (which is bootstrapped first). Needs jq (installed when missing).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "$1"
}

quick=() out=bench-results.md benches=()
while (($# > 0)); do
  case $1 in
    --quick) quick=(--quick) ;;
    --out)
      (($# >= 2)) || usage 2
      out=$2
      shift
      ;;
    --out=*) out=${1#--out=} ;;
    -h | --help) usage 0 ;;
    -*)
      echo "bench.sh: unknown option $1" >&2
      usage 2
      ;;
    *) benches+=("$1") ;;
  esac
  shift
done
named=true
if ((${#benches[@]} == 0)); then
  named=false
  benches=(actors trainer batched distances journal round overhead)
fi

# jq reads the benches' JSON: installed here when missing (as root; otherwise the sudo line is printed).
# shellcheck source=scripts/lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"
ensure_apt_packages bench.sh jq@jq || exit 1

dll=${FEDACTORS_DLL:-}
if [[ -z $dll ]]; then
  bash "$ROOT/scripts/bootstrap.sh" --quiet
  dll=$ROOT/src/FedActors.Cli/bin/Release/net10.0/fedactors.dll
fi
# shellcheck source=scripts/lib/dotnet.sh
source "$ROOT/scripts/lib/dotnet.sh"
use_dotnet || true
fedactors=(dotnet "$dll")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The subcommands this build has: the first word of each line under "Commands:" in `bench --help`.
known=$("${fedactors[@]}" bench --help | awk '/^Commands:/ { listing = 1; next } listing && NF { print $1 }')

failed=()
: >"$work/rows.tsv"
for bench in "${benches[@]}"; do
  if ! grep -qx -- "$bench" <<<"$known"; then
    echo "bench.sh: skipping $bench: this build has no 'fedactors bench $bench'" >&2
    $named && failed+=("$bench (no such bench)")
    continue
  fi
  echo "bench.sh: fedactors bench $bench --json ${quick[*]}" >&2
  status=0
  "${fedactors[@]}" bench "$bench" --json "${quick[@]}" >"$work/$bench.json" </dev/null || status=$?
  if ((status != 0)); then
    echo "bench.sh: bench $bench failed (exit $status); going on with the others" >&2
    failed+=("$bench (exit $status)")
    continue
  fi
  if ! jq -r '.[] | [.bench, .case, .metric, (.value | tostring), .unit] | @tsv' "$work/$bench.json" >>"$work/rows.tsv"; then
    echo "bench.sh: bench $bench printed no valid JSON rows (kept in the log above)" >&2
    failed+=("$bench (no JSON)")
  fi
done

revision=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null) ]] && revision+="-dirty"
{
  echo "Benchmarks of $revision on $(uname -n) ($(nproc) cores), $(date -u '+%Y-%m-%d %H:%M UTC')${quick:+, --quick (smoke sizes: the numbers mean little)}"
  echo
  echo "| bench | case | metric | value | unit |"
  echo "|---|---|---|---:|---|"
  # Values as the bench tables print them: thousands separators from 1,000 up, else 4 significant digits.
  awk -F '\t' '
    function commas(n,   sign, digits, grouped) {
      sign = n < 0 ? "-" : ""
      digits = sprintf("%.0f", n < 0 ? -n : n)
      grouped = ""
      while (length(digits) > 3) {
        grouped = "," substr(digits, length(digits) - 2) grouped
        digits = substr(digits, 1, length(digits) - 3)
      }
      return sign digits grouped
    }
    {
      value = ($4 >= 1000 || $4 <= -1000) ? commas($4 + 0) : sprintf("%.4g", $4)
      printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, value, $5
    }' "$work/rows.tsv"
  if ((${#failed[@]} > 0)); then
    echo
    echo "Failed: ${failed[*]}"
  fi
} | tee "$out"

((${#failed[@]} == 0))
