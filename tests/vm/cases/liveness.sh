# Linux is never pinned by what hybrid work does, and every wait on the HRT
# ends for kill -9:
# (a) an all-CPU call on stacks Linux never touched, each CPU faulting in
#     fresh stack pages and then waiting for all the others, finishes (each
#     CPU's faults are served while the others wait; a deadlock would show
#     as -ETIMEDOUT after the call's 60 s bound);
# (b) an all-CPU call looping on forwarded system calls from every HRT CPU
#     has the calls of every CPU served at once (no CPU's count far below
#     another's), finishes when a Linux thread of the process stops it,
#     leaves Linux responsive while it runs ('timeout 2 true') and dies of
#     kill -9 within 2 s;
# (c) a log read into a userfaultfd page nobody serves does not hold up
#     'hvmctl status'.
need_hrt
mark=$(leak_mark)
VM_TIMEOUT=300
out=$(vm 'dmesg -c > /dev/null
hvm-call-test barrier
hvm-call-test fwdloop 3
hvm-call-test fwdloop 0 > /tmp/fwd.out 2>&1 & pid=$!
for i in $(seq 100); do grep -q forwarding /tmp/fwd.out && break; sleep 0.1; done
cat /tmp/fwd.out
timeout 2 true && echo "responsive while forwarding"
kill -9 $pid
for i in $(seq 20); do kill -0 $pid 2> /dev/null || break; sleep 0.1; done
kill -0 $pid 2> /dev/null || echo "fwdloop gone within 2 s"
wait $pid; echo "fwdloop exit=$?"
hvm-call-test basic | tail -1
hvmctl status | grep "^hvm-kernel:"
dmesg | grep -cE "BUG|Oops|WARNING|soft lockup|rcu.*stall|stopping it with INIT" || true' 2>&1) ||
	fail "the guest did not finish the commands of parts (a) and (b): $out"
for i in $(seq 0 $((HRT_VCPUS - 1))); do
	expect_in "$out" "^HRT CPU $i faulted in [0-9]+ fresh stack pages and passed the barrier\$"
	expect_in "$out" "^HRT CPU $i: [0-9]+ forwarded system calls, each answered -ENOSYS\$"
done
expect_in "$out" "^every HRT CPU's calls were served while the others ran\$"
[ "$(grep -c '^ok$' <<< "$out")" = 3 ] || { echo "$out"; fail "barrier, fwdloop 3 and basic did not all print ok"; }
expect_in "$out" '^forwarding system calls from every HRT CPU$'
expect_in "$out" '^responsive while forwarding$'
expect_in "$out" '^fwdloop gone within 2 s$'
expect_in "$out" '^fwdloop exit=137$'
expect_in "$out" "^hvm-kernel: running .* $HRT_VCPUS/$HRT_VCPUS cores up"
expect_in "$out" '^0$'

# (c) Passes once hvm.ko's log read copies to user space outside hvm_hrt.lock
# (that change is made on its own; until then 'hvmctl status' waits for the
# blocked read and this part fails). The reader is killed in any case, which
# lets a waiting 'hvmctl status' go on.
out=$(vm 'hvm-log-block > /tmp/logblock.out 2>&1 & pid=$!
for i in $(seq 100); do grep -q reading /tmp/logblock.out && break; sleep 0.1; done
for i in $(seq 50); do grep -qE "^State:.*(S|D)" /proc/$pid/status && break; sleep 0.1; done
cat /tmp/logblock.out
hvmctl status > /tmp/status.out 2>&1 & status_pid=$!
for i in $(seq 100); do kill -0 $status_pid 2> /dev/null || break; sleep 0.1; done
kill -0 $status_pid 2> /dev/null && echo "hvmctl status still waits after 10 s"
kill -9 $pid; wait $pid; echo "log reader exit=$?"
wait $status_pid; echo "status exit=$?"' 2>&1) || fail "the guest did not finish the commands of part (c): $out"
expect_in "$out" '^reading the log into an unserved userfaultfd page$'
if grep -q "still waits" <<< "$out"; then fail "'hvmctl status' waits for a log read blocked in copying to user space"; fi
expect_in "$out" '^log reader exit=137$'
expect_in "$out" '^status exit=0$'
# Every live object of hvm.ko and hvm-kernel back to zero, nothing lost.
expect_no_leaks "$mark"
