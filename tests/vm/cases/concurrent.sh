# Many hybrid programs at once, and the limits of the partition as clear
# errors for the process that hits them, never another process's death.
#  1. A program that starts more threads than its share of call slots
#     (hvm.max_slots_per_process) gets EAGAIN from pthread_create at the
#     share, with one message on stderr, and keeps its threads; a second
#     one gets EAGAIN when the table is full; a third program cannot even
#     start main and says why; all of them end cleanly.
#  2. While the first still holds its share: 8 corpus programs at once, one
#     starting and ending threads in a loop, and one killed with kill -9 ten
#     times; each compares equal to its native build.
#  3. Children forked without the runtime's knowledge keep the parent's
#     /dev/hvm descriptor: hvm.ko refuses their MERGE on it, and the
#     parent's space id is free once the parent exited (as many of them as
#     there are spaces).
#  4. Merged spaces run out: the program that finds none says so, and the
#     count that fit proves no space stayed held by a dead process.
# At the end dmesg has no new BUG, Oops, WARNING, lockup or stall, no HRT
# CPU was stopped with INIT, and every core is up.
need_hrt
VM_TIMEOUT=600
mark=$(leak_mark)
abi=$(dirname "$LAYOUT_CONF")/../hypercall/include/hvm/call.h
slots=$(sed -n 's/^#define HVM_MAX_SLOTS \([0-9]*\)$/\1/p' "$abi")
spaces=$(sed -n 's/^#define HVM_MAX_SPACES \([0-9]*\)$/\1/p' "$abi")
out=$(vm "spaces=$spaces"'
cd /tmp && rm -rf conc && mkdir conc && cd conc
before=$(dmesg | wc -l)
# wait_for FILE PATTERN: poll up to 120 s for a line.
wait_for() {
	polls=0
	while ! grep -q "$2" "$1" 2> /dev/null; do
		polls=$((polls + 1))
		[ $polls -le 1200 ] || { echo "no /$2/ in $1 after 120 s"; return 1; }
		sleep 0.1
	done
}
# hog NAME: thread_hog-hybrid holding up to 300 threads until its sleep ends.
hog() {
	mkfifo $1.in
	sleep 600 > $1.in & echo $! > $1.sleep
	thread_hog-hybrid 300 < $1.in > $1.out 2> $1.err & echo $! > $1.pid
	wait_for $1.out started
	sed "s/^/$1: /" $1.out; sed "s/^/$1 stderr: /" $1.err
}
# release NAME: end its sleep; the hog joins its threads and exits.
release() {
	kill $(cat $1.sleep); wait $(cat $1.pid); echo "$1 exit $?"; sed "s/^/$1: /" $1.out | tail -1
}
echo "share: $(cat /sys/module/hvm/parameters/max_slots_per_process)"
hog A
hog B
args_env-hybrid one > full.out 2>&1; echo "full table: exit $?"; sed "s/^/full table: /" full.out
release B

kills() {
	mkfifo kill.in; exec 5<> kill.in
	for i in $(seq 10); do
		block_read-hybrid < kill.in > kill.$i.out 2>&1 & pid=$!
		wait_for kill.$i.out blocking || break
		kill -9 $pid; wait $pid; echo "killed: exit $?"
	done
}
pids=
for p in threads processes fork_fds file_io pipes sockets clock thread_churn; do
	hybrid-compare $p > cmp.$p 2>&1 & pids="$pids $!"
done
hybrid-compare args_env one "two words" 3 > cmp.args_env 2>&1 & pids="$pids $!"
kills > kills.out 2>&1 & pids="$pids $!"
wait $pids
cat cmp.* kills.out

for i in $(seq $spaces); do
	hvm-call-test fork-keep > keep.$i 2>&1 || { echo "fork-keep $i failed"; cat keep.$i; }
done
for i in $(seq $spaces); do wait_for keep.$i "parent gone"; done
sed "s/child [0-9]* keeps/child keeps/" keep.* | sort | uniq -c

mkfifo space.in; exec 6<> space.in
fit=0
for i in $(seq $((spaces + 1))); do
	block_read-hybrid < space.in > space.$i.out 2>&1 & echo $! >> space.pids
	wait_for space.$i.out "blocking\|multiverse-rt" || break
	grep -q blocking space.$i.out || { sed "s/^/space $i: /" space.$i.out; break; }
	fit=$((fit + 1))
done
echo "spaces taken besides A: $fit"
for p in $(cat space.pids); do kill -9 $p; done
release A
for f in keep.*; do kill $(sed -n "s/.*child \([0-9]*\) keeps.*/\1/p" $f) 2> /dev/null; done
dmesg | tail -n +$((before + 1)) | grep -E "BUG|Oops|WARNING|soft lockup|rcu.*stall|stopping it with INIT" | sed "s/^/dmesg: /"
hvmctl ping > /dev/null && echo "ping answered"
hvmctl status | grep "hvm-kernel:"' 2>&1)
share=$(sed -n 's/^share: \([0-9]*\)$/\1/p' <<< "$out")
[ -n "$share" ] || { echo "$out"; fail "no max_slots_per_process parameter"; }
# 1. The share and the table: EAGAIN, one message each, clean ends.
expect_in "$out" "^A: started $((share - 1)) threads, then pthread_create: Resource temporarily unavailable$"
[ "$(grep -c '^A stderr: ' <<< "$out")" = 1 ] || { echo "$out"; fail "the hog's message is not one line"; }
expect_in "$out" "^A stderr: multiverse-rt: cannot start another thread on the HRT: this process holds its share of hvm.ko's call slots, one per thread \(raise /sys/module/hvm/parameters/max_slots_per_process, at most $slots\); pthread_create fails with EAGAIN$"
expect_in "$out" "^B: started $((slots - share - 1)) threads, then pthread_create: Resource temporarily unavailable$"
expect_in "$out" "^B stderr: multiverse-rt: cannot start another thread on the HRT: all $slots call slots of the HRT are in use by hybrid programs"
expect_in "$out" '^full table: exit 127$'
expect_in "$out" "^full table: multiverse-rt: cannot run on the HRT: all $slots call slots of the HRT are in use .*; set HVM_HYBRID=0 to run natively$"
expect_in "$out" "^B exit 0$"
expect_in "$out" "^B: joined $((slots - share - 1)) threads$"
# 2. Everything at once behaved as natively.
! grep -q '^DIFFERENT' <<< "$out" || { echo "$out"; fail "a program run among others differs from its native build"; }
for p in threads processes fork_fds file_io pipes sockets clock thread_churn; do
	expect_in "$out" "^same: $p \(exit 0\)$"
done
expect_in "$out" '^same: args_env \(exit 44\)$'
[ "$(grep -c '^killed: exit 137$' <<< "$out")" = 10 ] || { echo "$out"; fail "block_read was not killed 10 times with status 137"; }
# 3. Inherited descriptors: refused, and the spaces of gone parents are free.
expect_in "$out" "^ +$spaces child: MERGE on the inherited descriptor: refused \\("
expect_in "$out" "^ +$spaces child, parent gone: MERGE on it: refused \\("
expect_in "$out" "^ +$spaces parent exits; child keeps the descriptor$"
# 4. All spaces but the hog's were free, and the next one is refused with a message.
expect_in "$out" "^spaces taken besides A: $((spaces - 1))$"
expect_in "$out" "^space $spaces: multiverse-rt: cannot run on the HRT: all $spaces merged address spaces are in use, one per running hybrid program \(No space left on device\); set HVM_HYBRID=0 to run natively$"
expect_in "$out" "^A exit 0$"
expect_in "$out" "^A: joined $((share - 1)) threads$"
# Linux and hvm-kernel unharmed.
! grep -q '^dmesg: ' <<< "$out" || { echo "$out"; fail "the kernel log has errors"; }
expect_in "$out" '^ping answered$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
# Every live object of hvm.ko and hvm-kernel back to zero, nothing lost.
expect_no_leaks "$mark"
