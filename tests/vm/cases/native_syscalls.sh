# HVM_NATIVE chooses per process which system calls hvm-kernel serves itself:
# the same binary behaves as its native build both ways (HVM_NATIVE=none
# forwards everything, HVM_NATIVE=all serves getpid, gettid, getppid,
# sched_yield and uname on the HRT, a list serves just those named), and
# the profile (HVM_PROFILE=1: native and forwarded counts per call) shows
# which way they went.
# The whole corpus still behaves the same with every ported call native.
need_hrt
VM_TIMEOUT=600
out=$(vm 'HVM_NATIVE=none hybrid-compare native_calls
HVM_NATIVE=all hybrid-compare native_calls
HVM_NATIVE=getpid,uname hybrid-compare native_calls
for policy in none all getpid,uname; do
	HVM_NATIVE=$policy HVM_PROFILE=1 native_calls-hybrid > /dev/null 2> /tmp/stats
	sed "s/^/$policy: /" /tmp/stats
done
HVM_NATIVE=bogus native_calls-hybrid; echo "bogus status=$?"
export HVM_NATIVE=all
'"$CORPUS_COMPARE"'
hybrid-compare threads
hybrid-compare processes
hybrid-compare signals
true' 2>&1)
expect_same "$out" "a hybrid program"
[ "$(grep -c '^same: native_calls (exit 0)$' <<< "$out")" = 3 ] || fail "native_calls differs under some HVM_NATIVE policy"
# Profile rows: call, native count, its mean, forwarded count, its mean, total.
for call in getpid gettid getppid sched_yield uname; do
	expect_in "$out" "^none: +$call +0 +- +[1-9][0-9]* "
	expect_in "$out" "^all: +$call +[1-9][0-9]* +[0-9.]+ +0 +- "
done
expect_in "$out" '^getpid,uname: +gettid +0 +- +[1-9][0-9]* '
expect_in "$out" '^getpid,uname: +getpid +[1-9][0-9]* +[0-9.]+ +0 +- '
expect_in "$out" '^getpid,uname: +uname +[1-9][0-9]* +[0-9.]+ +0 +- '
expect_in "$out" "multiverse-rt: HVM_NATIVE: 'bogus' is no system call name"
expect_in "$out" '^bogus status=127$'
for prog in args_env file_io pipes sockets malloc_heavy mmap_churn exit_code segfault abort_now \
	    stdin_filter clock threads processes signals; do
	expect_in "$out" "^same: $prog \\(exit [0-9]+\\)$"
done
