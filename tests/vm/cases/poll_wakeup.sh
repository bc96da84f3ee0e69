# No lost wake-up across 1,000,000 forwarded calls
# (tests/hybrid/poll_wakeup.c). Four threads, two on each HRT CPU (new
# threads go round robin over the HRT CPUs, starting after main's), make
# forwarded getppid calls (HVM_NATIVE=none) until CALLS are made in all,
# and every 10,000 calls a thread starts a short-lived thread that makes
# one call, and joins it. So a CPU keeps having threads that wait for
# Linux (it polls or halts) while another of its threads becomes ready or
# a new call is posted to it. Every answer must be the shell's pid, and
# the program must end with 0. A lost wake-up is a hang: the program says
# "progress: N calls" every 5 s, and a line that stays the same for
# STALL_S seconds fails the case with "no progress for STALL_S seconds"
# and that line. At the end Linux is clean: live objects back to zero.
# The case prints the HRT CPUs' polling cap it ran with (hrt_poll_us,
# "n/a" for an hvm.ko without one).
need_hrt
THREADS=4
CALLS=1000000
# Under TCG on the 2-core build machine (2 HRT CPUs, one Linux vCPU) the
# calls took 84 s (11,900 a second) on an idle machine and 229 s (4,400 a
# second) with other VMs running (load 11); the case prints its rate.
# A stall is 12 progress lines in a row the same: far past any pause of a
# loaded machine.
STALL_S=60
VM_TIMEOUT=900
mark=$(leak_mark)
out=$(vm "threads=$THREADS calls=$CALLS stall=$STALL_S"'
cd /tmp && rm -f pw.out pw.err
echo "poll cap $(cat /sys/module/hvm/parameters/hrt_poll_us 2> /dev/null || echo n/a)"
start=$(cut -d " " -f 1 /proc/uptime)
HVM_NATIVE=none poll_wakeup-hybrid $threads $calls > pw.out 2> pw.err & pid=$!
last= still=0
while kill -0 $pid 2> /dev/null && ! grep -q "^calls:" pw.out; do
	sleep 1
	now=$(grep "^progress:" pw.out | tail -n 1)
	if [ "$now" != "$last" ]; then last=$now still=0; else still=$((still + 1)); fi
	if [ $still -ge $stall ]; then
		echo "no progress for $stall seconds; the last progress line: ${last:-none}"
		kill -9 $pid
		break
	fi
done
wait $pid
echo "exit $?"
echo "seconds $(awk -v s=$start "{ print int(\$1 - s + 0.5) }" /proc/uptime)"
cat pw.out
sed "s/^/stderr: /" pw.err
echo "shell $$"' 2>&1)
stall=$(grep '^no progress' <<< "$out" || true)
[ -z "$stall" ] || { echo "$out" | tail -n 5; fail "$stall (a lost wake-up?)"; }
shell=$(sed -n 's/^shell \([0-9]*\)$/\1/p' <<< "$out")
expect_in "$out" '^exit 0$'
expect_in "$out" "^calls: $CALLS made, $CALLS answered $shell$"
expect_in "$out" '^short-lived threads: [1-9][0-9]* started, [0-9]+ joined, 0 refused$'
started=$(sed -n 's/^short-lived threads: \([0-9]*\) started.*/\1/p' <<< "$out")
expect_in "$out" "^short-lived threads: $started started, $started joined, 0 refused$"
seconds=$(sed -n 's/^seconds \([0-9]*\)$/\1/p' <<< "$out")
poll_cap=$(sed -n 's/^poll cap //p' <<< "$out")
echo "$CALLS forwarded calls from $THREADS threads and $started short-lived ones in $seconds s ($((CALLS / (seconds > 0 ? seconds : 1))) calls/s; HRT polling cap: $poll_cap us)"
expect_no_leaks "$mark"
