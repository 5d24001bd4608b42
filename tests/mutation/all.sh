#!/usr/bin/env bash
# The whole mutation measurement of src/NtkPure/Dynamics, Kernels and Claims, one slice after another, each
# against the tests that exercise it (README, "Mutation testing"). Reports go to StrykerOutput/<slice>/; the
# scores are printed per file and in total at the end. Run it on a quiet machine: a test run slowed by other
# load past its allowance counts as a detected timeout. About 3–4 hours on 2 cores.
#
#   tests/mutation/all.sh [SLICE…]      (default: every slice below)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
t=NtkPure.Tests
declare -A config glob filter
add() { config[$1]=$2; glob[$1]=$3; filter[$1]=$4; order+=("$1"); }
order=()
add dynamics stryker-config.json "**/NtkPure/Dynamics/**/*.cs" "FullyQualifiedName~$t.Core|FullyQualifiedName~$t.Dynamics"
add kernels stryker-config.json "**/NtkPure/Kernels/**/*.cs" "FullyQualifiedName~$t.Core|FullyQualifiedName~$t.Kernels"
add framework stryker-config.json "**/NtkPure/Claims/Claim.cs;**/NtkPure/Claims/ClaimRunner.cs;**/NtkPure/Claims/Statistical.cs;**/NtkPure/Claims/Trends.cs;**/NtkPure/Claims/Instances.cs;**/NtkPure/Claims/Catalog.cs" \
  "FullyQualifiedName~$t.Claims.StatisticalTests|FullyQualifiedName~$t.Claims.FrameworkMutationTests|FullyQualifiedName~$t.Claims.CatalogVerdictTests"
add trialcounts stryker-catalog.json "**/NtkPure/Claims/TrialCounts.cs" "FullyQualifiedName~$t.Claims.TrialCountsTests"
add foundation stryker-catalog.json "**/NtkPure/Claims/FoundationClaims.cs" "FullyQualifiedName~$t.Claims.FoundationClaimTests"
add ntknotes stryker-catalog.json "**/NtkPure/Claims/NtkNotesClaims.cs" "FullyQualifiedName~$t.Claims.NtkNotesClaimTests"
add kernelclaims stryker-catalog.json "**/NtkPure/Claims/KernelClaims.cs" "FullyQualifiedName~$t.Claims.KernelClaimTests"
add wuboolean stryker-catalog.json "**/NtkPure/Claims/WuBooleanClaims.cs" "FullyQualifiedName~$t.Claims.WuBooleanClaimTests"
add wu stryker-catalog.json "**/NtkPure/Claims/WuClaims.cs;**/NtkPure/Claims/WuClaims.KernelRegime.cs;**/NtkPure/Claims/WuClaims.RandomFeatures.cs" "FullyQualifiedName~$t.Claims.WuClaimTests"
add ntkslides stryker-catalog.json "**/NtkPure/Claims/NtkSlidesClaims.cs;**/NtkPure/Claims/NtkSlidesClaims.Smoothness.cs;**/NtkPure/Claims/NtkSlidesClaims.Training.cs" "FullyQualifiedName~$t.Claims.NtkSlidesClaimTests"
add lecture7 stryker-catalog.json "**/NtkPure/Claims/Lecture7Claims.cs" "FullyQualifiedName~$t.Claims.Lecture7ClaimTests"
add hu stryker-catalog.json "**/NtkPure/Claims/HuClaims.cs" "FullyQualifiedName~$t.Claims.HuClaimTests"

slices=("$@")
if [ ${#slices[@]} -eq 0 ]; then slices=("${order[@]}"); fi
mkdir -p StrykerOutput
dirs=()
for s in "${slices[@]}"; do
  if [ -z "${config[$s]:-}" ]; then echo "all.sh: no slice '$s' (slices: ${order[*]})" >&2; exit 2; fi
  args=(-c "${config[$s]}" -f "${filter[$s]}" -o "StrykerOutput/$s")
  IFS=';' read -ra globs <<< "${glob[$s]}"
  for g in "${globs[@]}"; do args+=(-m "$g"); done
  echo "== $s ($(date +%T))"
  tests/mutation/slice.sh "${args[@]}" > "StrykerOutput/$s.log" 2>&1 || echo "all.sh: slice $s failed (StrykerOutput/$s.log)" >&2
  python3 tests/mutation/summary.py "StrykerOutput/$s" | tail -n 1
  dirs+=("StrykerOutput/$s")
done
python3 tests/mutation/summary.py "${dirs[@]}"
