#!/usr/bin/env bash
# Mutation testing of one slice of src/NtkPure with Stryker.NET, in a scratch copy of the working tree.
#
#   tests/mutation/slice.sh [-c CONFIG] -m GLOB [-m GLOB …] [-f TEST_FILTER] [-o OUT_DIR] [-t MS] [-- STRYKER_ARGS…]
#
#   -c  Stryker configuration (default stryker-config.json at the repository root)
#   -m  the files to mutate, as Stryker globs ("**/NtkPure/Claims/HuClaims.cs", or with a line range
#       "**/NtkPure/Claims/HuClaims.cs{100..180}"); repeatable
#   -f  the tests to run (a --test-case-filter expression); default: every test of tests/NtkPure.Tests
#   -o  where the report goes (default StrykerOutput/<first glob's file name>); mutation-report.json and .html
#   -t  the time in ms a mutant's test run may take beyond its measured time (the config's additional-timeout;
#       Stryker has no command-line option for it): raise it on a loaded machine, where a slow run would
#       otherwise be counted as a detected timeout
#
# Stryker places every mutant it generates into the compiled assembly, also those the `mutate` globs leave
# out, and tests only the selected ones. The hot numerical kernels (GEMM, the fused forward pass, quadrature)
# then run with a mutant switch on every operation, which makes the coverage pass and every test run many
# times slower. In the scratch copy every source file outside the slice starts with `// Stryker disable all`,
# which keeps its mutants out of the assembly; the slice's own mutants are exactly those of a plain run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
config="$root/stryker-config.json"
filter=""
out=""
timeout=""
globs=()
while getopts "c:m:f:o:t:" opt; do
  case $opt in
    c) config=$(cd "$(dirname "$OPTARG")" && pwd)/$(basename "$OPTARG") ;;
    m) globs+=("$OPTARG") ;;
    f) filter=$OPTARG ;;
    o) out=$OPTARG ;;
    t) timeout=$OPTARG ;;
    *) echo "usage: $0 [-c CONFIG] -m GLOB [-m GLOB …] [-f TEST_FILTER] [-o OUT_DIR] [-t MS] [-- STRYKER_ARGS…]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ ${#globs[@]} -eq 0 ]; then echo "slice.sh: give at least one -m GLOB" >&2; exit 2; fi
if [ -z "$out" ]; then out="$root/StrykerOutput/$(basename "${globs[0]}" .cs | tr -c 'A-Za-z0-9._-\n' '_')"; fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/ntk-stryker.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -C "$root" --exclude=.git --exclude=bin --exclude=obj --exclude=StrykerOutput -cf - . | tar -C "$work" -xf -

shopt -s globstar nullglob
inside=0
for f in "$work"/src/NtkPure/**/*.cs; do
  keep=0
  for g in "${globs[@]}"; do
    # a glob may end in a line range, "file.cs{10..50}"; as a bash pattern, * also matches '/'
    g=${g%%\{*}
    if [[ "$f" == $g || "$f" == */$g ]]; then keep=1; fi
  done
  if [ $keep -eq 1 ]; then
    inside=$((inside + 1))
  else
    { echo "// Stryker disable all : outside this mutation run's slice"; cat "$f"; } > "$f.tmp" && mv "$f.tmp" "$f"
  fi
done
if [ $inside -eq 0 ]; then echo "slice.sh: no source file matches ${globs[*]}" >&2; exit 2; fi
echo "slice.sh: $inside file(s) in the slice; report to $out"

if [ -n "$timeout" ]; then
  [[ "$timeout" =~ ^[0-9]+$ ]] || { echo "slice.sh: -t takes milliseconds" >&2; exit 2; }
  sed -E "s/\"additional-timeout\": *[0-9]+/\"additional-timeout\": $timeout/" "$config" > "$work/stryker-slice.json"
  config="$work/stryker-slice.json"
fi
args=(-f "$config" -O "$out")
for g in "${globs[@]}"; do args+=(--mutate "$g"); done
if [ -n "$filter" ]; then args+=(--test-case-filter "$filter"); fi
cd "$work" && dotnet tool restore > /dev/null
cd "$work/tests/NtkPure.Tests" && dotnet stryker "${args[@]}" "$@"
