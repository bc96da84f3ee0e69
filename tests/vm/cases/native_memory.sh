# The memory calls (mmap, munmap, mprotect, mremap, brk) served from the HRT
# heap: mem_calls (churn of many sizes with zero-fill on reuse, MAP_FIXED
# inside a mapping, a PROT_NONE guard page that faults in a child and in
# the HRT thread itself, brk grow and shrink, mremap, mmap buffers in read
# and write, threads) behaves as its native build with the memory calls
# native, forwarded, and named alone; the profile (HVM_PROFILE=1) shows them
# served on the HRT only when native (one named names all five); a bad
# HVM_HEAP and a heap that does not fit are refused by name, HVM_HEAP=0
# forwards them, and so does a program started under a finite RLIMIT_AS
# (no heap unless HVM_HEAP asks); the corpus still behaves the same with
# them native.
need_hrt
VM_TIMEOUT=900
out=$(vm 'for policy in all none mmap,munmap,mprotect,brk; do
	echo "policy $policy"
	HVM_NATIVE=$policy hybrid-compare mem_calls
	HVM_NATIVE=$policy hybrid-compare mem_calls guard
	HVM_NATIVE=$policy hybrid-compare mem_calls stats
done
for policy in none all mmap; do
	HVM_NATIVE=$policy HVM_PROFILE=1 mem_calls-hybrid stats > /dev/null 2> /tmp/stats
	sed "s/^/$policy: /" /tmp/stats
done
HVM_HEAP=lots mem_calls-hybrid stats; echo "bad heap status=$?"
(ulimit -v 1048576; HVM_HEAP=4G mem_calls-hybrid stats; echo "no room status=$?")
(ulimit -v 1048576; HVM_PROFILE=1 mem_calls-hybrid stats 2>&1 | sed "s/^/limited: /")
HVM_HEAP=0 HVM_PROFILE=1 mem_calls-hybrid stats 2>&1 | sed "s/^/heap0: /"
HVM_HEAP=64M hybrid-compare mem_calls
export HVM_NATIVE=all
'"$CORPUS_COMPARE"'
hybrid-compare threads
hybrid-compare processes
hybrid-compare signals
hybrid-compare native_calls
hybrid-compare time_calls
hybrid-compare fault_signals
hybrid-compare signal_frames
true' 2>&1)
expect_same "$out" "a hybrid program"
[ "$(grep -c '^same: mem_calls (exit 0)$' <<< "$out")" = 7 ] || fail "mem_calls differs under some HVM_NATIVE policy or heap size"
[ "$(grep -c '^same: mem_calls (exit 139)$' <<< "$out")" = 3 ] || fail "a guard page did not fault on the HRT"
# Profile rows: call, native count, its mean, forwarded count, its mean, total.
# Served, the heap's own requests to Linux show as forwarded mmap (decommit:
# PROT_NONE) and mprotect (commit: read-write); the program's are all served.
for call in mmap munmap mprotect mremap brk; do
	expect_in "$out" "^none: +$call +0 +- +[1-9][0-9]* "
	expect_in "$out" "^heap0: +$call +0 +- +[1-9][0-9]* "
	expect_in "$out" "^limited: +$call +0 +- +[1-9][0-9]* "
	case $call in
	mmap | mprotect) forwarded='[0-9]+ +[-0-9.]+' ;;
	*) forwarded='0 +-' ;;
	esac
	expect_in "$out" "^all: +$call +[1-9][0-9]* +[0-9.]+ +$forwarded "
	expect_in "$out" "^mmap: +$call +[1-9][0-9]* +[0-9.]+ +$forwarded "
done
expect_in "$out" "multiverse-rt: HVM_HEAP: 'lots' is no heap size"
expect_in "$out" '^bad heap status=127$'
expect_in "$out" 'multiverse-rt: cannot run on the HRT: cannot reserve the HRT heap, HVM_HEAP=4096M of address space: set HVM_HEAP to a smaller size'
expect_in "$out" '^no room status=127$'
for prog in args_env file_io pipes sockets malloc_heavy mmap_churn exit_code segfault abort_now \
	    stdin_filter clock threads processes signals native_calls time_calls fault_signals signal_frames; do
	expect_in "$out" "^same: $prog \\(exit [0-9]+\\)$"
done
