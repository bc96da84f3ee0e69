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
# Cases that drive scripts/hvm from the host: hvm runs it on the suite's
# VM; in_shared_dir NAME moves the case into a fresh directory of the
# build, which the suite's VM shares (removed at exit), and sets tool to
# the host-built test programs (tests/tool).
HVM_ON_SUITE_VM=("$(dirname "$LAYOUT_CONF")/../scripts/hvm" -b "$HVM_SUITE_BUILD" -n "$HVM_DOMAIN")
hvm() { "${HVM_ON_SUITE_VM[@]}" "$@"; }
in_shared_dir() {
	tool=$HVM_SUITE_BUILD/tests/tool
	work=$(mktemp -d "$HVM_SUITE_BUILD/$1.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	cd "$work"
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

# The guest's available memory in kB: MemAvailable plus the free pages that
# wait on the page allocator's per-CPU lists (the "count:" lines of
# /proc/zoneinfo, in 4 KiB pages), which MemAvailable leaves out. Without
# them a run that merely left a few thousand freed pages on another CPU's
# list looks like a leak of tens of MB. A guest command; prints one number.
AVAILABLE_KB_CMD="awk '/^MemAvailable:/ { a = \$2 } /^ +count:/ { p += \$2 } END { print a + p * 4 }' /proc/meminfo /proc/zoneinfo"

# Leak checks. leak_mark prints the guest's state before a case's programs
# run: hvm.ko's and hvm-kernel's live objects (/sys/class/misc/hvm/counters,
# "label value" lines), available memory (AVAILABLE_KB_CMD) and the length
# of dmesg. expect_no_leaks
# MARK then waits (bounded: exiting processes release their objects last)
# until every live object is back to zero, and fails unless no core was
# lost or stopped with INIT, hvm-kernel's free pages are what they were,
# available memory is within LEAK_MEM_MARGIN_KB (default 32 MiB) of MARK's, and
# the kernel logged no BUG, Oops, WARNING, soft lockup or RCU stall since.
HVM_COUNTERS=/sys/class/misc/hvm/counters
leak_mark() {
	vm "cat $HVM_COUNTERS; echo mem_available_kb \$($AVAILABLE_KB_CMD)
	echo dmesg_lines \$(dmesg | wc -l)"
}
# leak_value TEXT LABEL: the value of LABEL in a leak_mark-style TEXT.
leak_value() { awk -v l="$2" '$1 == l { print $2 }' <<< "$1"; }
expect_no_leaks() {
	local before=$1 now label i
	for i in $(seq 100); do
		now=$(leak_mark)
		[ "$(leak_value "$now" busy_slots)$(leak_value "$now" spaces)$(leak_value "$now" tickets)$(leak_value "$now" hrt_threads)" = 0000 ] && break
		sleep 0.1
	done
	for label in busy_slots spaces tickets hrt_threads lost_cpus; do
		[ "$(leak_value "$now" $label)" = 0 ] ||
			fail "leak: $label is $(leak_value "$now" $label) after the programs ended (hvmctl status lists the live objects)"
	done
	# LEAK_INITS_EXPECTED=1: the case has cores stopped with INIT on purpose.
	for label in $([ "${LEAK_INITS_EXPECTED:-0}" = 1 ] || echo inits_sent) hrt_free_pages; do
		[ "$(leak_value "$now" $label)" = "$(leak_value "$before" $label)" ] ||
			fail "leak: $label went from $(leak_value "$before" $label) to $(leak_value "$now" $label) ($(vm "dmesg | tail -n +$(($(leak_value "$before" dmesg_lines) + 1)) | grep -E 'INIT|did not' | tail -4" 2>&1))"
	done
	[ $(($(leak_value "$before" mem_available_kb) - $(leak_value "$now" mem_available_kb))) -le "${LEAK_MEM_MARGIN_KB:-32768}" ] ||
		fail "leak: available memory fell from $(leak_value "$before" mem_available_kb) kB to $(leak_value "$now" mem_available_kb) kB"
	local news
	news=$(vm "dmesg | tail -n +$(($(leak_value "$before" dmesg_lines) + 1)) | grep -E 'BUG|Oops|WARNING|soft lockup|rcu.*stall' || true")
	[ -z "$news" ] || fail "the kernel complained during the case: $news"
}

# expect_same TEXT WHAT: TEXT (hybrid-compare output) has no DIFFERENT
# line; otherwise prints each difference hybrid-compare reported and fails
# saying that WHAT behaved differently from its native build.
expect_same() {
	grep -q '^DIFFERENT' <<< "$1" || return 0
	grep -A9 '^DIFFERENT' <<< "$1" | grep -vE '^(same:|agree|clock:)'
	fail "$2 behaved differently from its native build"
}

# verdicts_differ SUITE TESTS NATIVE HYBRID: for a third-party suite whose
# lines read "SUITE KIND TEST: VERDICT", one "TEST: native V, hybrid W"
# line per test of TESTS whose hybrid verdict is not its native one.
verdicts_differ() {
	local t verdict
	for t in $2; do
		verdict=$(sed -n "s|^$1 native $t: ||p" <<< "$3")
		grep -qxF "$1 hybrid $t: $verdict" <<< "$4" ||
			echo "$t: native $verdict, hybrid $(sed -n "s|^$1 hybrid $t: ||p" <<< "$4")"
	done
}
# verdicts_settled SUITE RUN TESTS NATIVE HYBRID: verdicts_differ, but the
# tests whose verdicts differ run again, both ways ("RUN KIND TEST...", up
# to two more times), and only a test that never got one verdict both ways
# is printed: under TCG a test with a tight time bound (a thousand round
# trips in so many seconds, a reply within 10 ms) can miss it now and then,
# natively as hybrid, on a loaded host. What the runs again said goes to
# stderr, so the case's log shows it.
verdicts_settled() {
	local differ again native hybrid round
	differ=$(verdicts_differ "$1" "$3" "$4" "$5")
	for round in 2 3; do
		[ -n "$differ" ] || return 0
		again=$(sed 's/:.*//' <<< "$differ" | tr '\n' ' ')
		echo "$1: verdicts differ, run $round of $again: $differ" | tr '\n' ';' >&2
		native=$("$2" native "$again")
		hybrid=$("$2" hybrid "$again")
		differ=$(verdicts_differ "$1" "$again" "$native" "$hybrid")
		echo >&2
	done
	[ -z "$differ" ] || echo "$differ"
}
# hvm_said: hvm.ko's last words, for a hybrid failure (a lost HRT CPU, say).
hvm_said() { vm 'dmesg | grep "hvm:" | tail -2' 2>&1; }

# The hybridization corpus, run in the guest: each program native and hybrid,
# compared (the list is tests/hybrid/corpus, built into hybrid-compare).
CORPUS_COMPARE='hybrid-compare --corpus'
# expect_corpus_same TEXT WHAT: TEXT ($CORPUS_COMPARE's output) says "same"
# for every program of the corpus list with an exit status, and the crash
# of segfault was reported from the HRT; WHAT names the hybrid runs.
expect_corpus_same() {
	local name exit rest
	expect_same "$1" "$2"
	while read -r name exit rest; do
		case $name in '' | '#'*) continue ;; esac
		[ "$exit" = - ] || expect_in "$1" "^same: $name \\(exit $exit\\)\$"
	done < "$CORPUS_LIST"
	expect_in "$1" '^  hybrid stderr: multiverse-rt: page fault on HRT CPU [0-9]+ at rip 0x[0-9a-f]+ \(address 0'
}
CORPUS_LIST=$(dirname "${BASH_SOURCE[0]}")/../hybrid/corpus

# Layout values, for checks that follow the configured partition.
# shellcheck disable=SC1090
. "$LAYOUT_CONF"

# shellcheck disable=SC1090
. "$1"
