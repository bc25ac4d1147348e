#!/usr/bin/env bash
# Runs one scenario once per defense pipeline and prints a markdown table of final accuracy, attack
# success rate and the first stage's detection counts, one row per pipeline. Runs go one at a time.
#   scripts/detection-table.sh CONF OUTDIR [--set key=value ...]
# CONF is the scenario (its own pipeline is replaced), OUTDIR gets one run directory per pipeline
# (an existing OUTDIR/LABEL/results.json is reused, not re-run), and the --set overrides go to every
# run. PIPELINES=FILE replaces the pipelines below with FILE's "LABEL|PIPELINE" lines.
# Detection is pooled over the attacking rounds (round >= attack.start-round): P = sum TP / sum(TP + FP)
# ("-" when the stage flagged nobody), R = sum TP / sum(TP + FN); mean P averages the per-round precision
# over the rounds in which the stage flagged someone, mean R the per-round recall over the attacking
# rounds that had an attacker. Needs jq (installed when missing).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
if [[ $# -lt 2 ]]; then
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
conf=$1 out=$2
shift 2
# jq reads the runs' results.json: installed here when missing (as root; otherwise the sudo line is printed).
# shellcheck source=scripts/lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"
ensure_apt_packages detection-table.sh jq@jq || exit 1

# The parameters are ours for the MNIST mlp [200] scenario of hocon/experiments/krum-foolsgold-mnist.conf
# (K = 10 per round, about 2 attackers a round): f = 3 is the largest f with K >= 2f + 3; trimmed-mean
# drops 2 values at each end; sniper and auror as in sniper-mnist.conf and auror-mnist.conf. The
# bounds (l2-check 1.5, cosine-check 0.2, norm-clip and dp-gaussian 0.7) are about the 90th percentile
# of the honest updates' largest distance to another update, their 10th percentile of cosine to the
# others' mean and their median norm in an undefended run of that scenario; other scenarios need others.
default_pipelines='fedavg|[{ type = fedavg, weighting = samples }]
krum|[{ type = krum, f = 3 }, { type = fedavg, weighting = samples }]
multi-krum|[{ type = multi-krum, f = 3 }, { type = fedavg, weighting = samples }]
l2-check|[{ type = l2-check, max-distance = 1.5 }, { type = fedavg, weighting = samples }]
cosine-check|[{ type = cosine-check, min-cosine = 0.2 }, { type = fedavg, weighting = samples }]
sniper|[{ type = sniper, gamma-mode = relative, factor = 0.5, step = 0.05 }, { type = fedavg, weighting = samples }]
auror|[{ type = auror, output-features = 2010, alpha-factor = 0.3, tau = 0.35 }, { type = fedavg, weighting = samples }]
accuracy-check|[{ type = accuracy-check, tolerance = 0.02 }, { type = fedavg, weighting = samples }]
foolsgold|[{ type = foolsgold }, { type = fedavg, weighting = samples }]
norm-clip|[{ type = norm-clip, bound = 0.7 }, { type = fedavg, weighting = samples }]
dp-gaussian|[{ type = dp-gaussian, clip-bound = 0.7, sigma = 0.005 }]
median|[{ type = median }]
trimmed-mean|[{ type = trimmed-mean, beta = 0.2 }]'
pipelines=$default_pipelines
[[ -n ${PIPELINES:-} ]] && pipelines=$(cat "$PIPELINES")

mkdir -p "$out"
echo "| pipeline | final acc | ASR final | ASR mean last 5 | stage | TP/FP/FN | P | R | mean P | mean R | seconds |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
while IFS='|' read -r label pipeline; do
  [[ -z $label || $label == \#* ]] && continue
  dir=$out/$label
  if [[ ! -f $dir/results.json ]]; then
    rm -rf "$dir"
    if ! "$ROOT/scripts/fedactors" run "$conf" --out "$dir" "$@" --set "fedactors.defense.pipeline=$pipeline" \
      >"$out/$label.log" 2>&1 </dev/null; then
      echo "| $label | run failed, see $out/$label.log |||||||||"
      continue
    fi
  fi
  jq -r --arg name "$label" '
    def pct: . * 100 | round / 100 | tostring;
    def r3: if . == null then "-" else . * 1000 | round / 1000 | tostring end;
    .config.fedactors.attack["start-round"] as $start
    | [.rounds[] | select(.round >= $start)] as $rs
    | (.rounds[0].detection | keys_unsorted[0]) as $stage
    | [$rs[] | .detection[$stage]] as $d
    | ([$d[].truePositives] | add) as $tp | ([$d[].falsePositives] | add) as $fp
    | ([$d[].falseNegatives] | add) as $fn
    | ([$d[] | select(.truePositives + .falsePositives > 0) | .precision]) as $ps
    | ([$d[] | select(.truePositives + .falseNegatives > 0) | .recall]) as $rcs
    | [.rounds[-5:][].attackSuccessRate] as $last
    | "| \($name) | \(.summary.finalAccuracy * 100 | pct)% | \(.rounds[-1].attackSuccessRate | pct)% | \($last | add / length | pct)% | \($stage) | \($tp)/\($fp)/\($fn) | \(if $tp + $fp > 0 then $tp / ($tp + $fp) else null end | r3) | \(if $tp + $fn > 0 then $tp / ($tp + $fn) else null end | r3) | \(if ($ps | length) > 0 then $ps | add / length else null end | r3) | \(if ($rcs | length) > 0 then $rcs | add / length else null end | r3) | \(.summary.elapsedSeconds | round) |"
  ' "$dir/results.json"
done <<<"$pipelines"
