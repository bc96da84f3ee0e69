#!/bin/bash
# Helpers for vm cases; runs the case file given as $1 with them defined.
# A case is a bash script: it fails on the first failed check (set -e) and
# says why with fail().
set -euo pipefail

# Run a command in the guest; prints its output, returns its exit status.
vm() { $HVMVM run --timeout "${VM_TIMEOUT:-120}" "$@"; }
fail() { echo "check failed: $*" >&2; exit 1; }
# expect_in TEXT PATTERN: PATTERN (extended regex) must occur in TEXT.
expect_in() {
	grep -qE -- "$2" <<< "$1" || { echo "--- output was:"; echo "$1"; fail "no match for /$2/"; }
}
# Make sure hvm-kernel runs with every core (another case may have reloaded
# hvm.ko, halted it, or had a core stopped).
need_hrt() {
	vm "st=\$(hvmctl status | grep '^hvm-kernel:')
	case \$st in
	*'running'*' $HRT_VCPUS/$HRT_VCPUS cores up'*) ;;
	*'running'*) hvmctl reboot ;;
	*) hvmctl boot ;;
	esac" > /dev/null || fail "hvm-kernel does not boot: $(vm 'hvmctl status | tail -3' 2>&1)"
}

# The hybridization corpus, run in the guest: each program native and hybrid,
# compared (the list is tests/hybrid/corpus, built into hybrid-compare).
CORPUS_COMPARE='hybrid-compare --corpus'
CORPUS_LIST=$(dirname "${BASH_SOURCE[0]}")/../hybrid/corpus

# Layout values, for checks that follow the configured partition.
# shellcheck disable=SC1090
. "$LAYOUT_CONF"

# shellcheck disable=SC1090
. "$1"
