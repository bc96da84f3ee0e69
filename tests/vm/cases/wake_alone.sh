# A sleeping partner is woken alone (tests/hybrid/wake_alone.c). Two
# threads compute on the HRT without a system call, so their partners (the
# Linux threads that make their forwarded calls) sleep in hvm.ko; main
# makes CALLS forwarded getppid calls (HVM_NATIVE=none), each after 2 ms
# of computing, so that its own partner sleeps too when the request comes
# and the HRT rings Linux's doorbell (hvm-doorbell in /proc/interrupts).
# A doorbell is news for main's partner only: the computing threads'
# partners must sleep through it. Each partner's voluntary_ctxt_switches
# (/proc/PID/task/TID/status: one per wake-up and sleep again) is read
# before and after main's calls, when the partner must be asleep (state S,
# D or I), with the doorbells and the time the calls took.
#
# The bound: a partner asleep in its wait still wakes once a second (the
# wait's timeout, when hvm.ko looks at the call's signal ring), so it may
# switch about once per elapsed second; twice that plus 10 is allowed. The
# doorbells must be at least 5 times that bound, or the run cannot tell a
# partner woken by every doorbell from one woken by its timeouts. Every
# call must answer the shell's pid, and the program must end with 0.
need_hrt
VM_TIMEOUT=300
COMPUTERS=2
# 18 to 26 ms a call under TCG (9 to 13 s for 500): 2 ms of computing,
# the forwarded call, and up to a 10 ms preemption slice (main shares its
# HRT CPU with a computing thread).
CALLS=500
mark=$(leak_mark)
out=$(vm "computers=$COMPUTERS calls=$CALLS"'
cd /tmp && rm -rf wake && mkdir wake && cd wake && mkfifo in
HVM_NATIVE=none wake_alone-hybrid $computers $calls $$ < in > out 2> err & pid=$!
exec 3> in
# until_said PATTERN: poll the output up to 120 s for a line (not past the program).
until_said() {
	i=0
	until grep -q "$1" out || [ $i -ge 1200 ] || ! kill -0 $pid 2> /dev/null; do sleep 0.1; i=$((i + 1)); done
}
# sample TAG: the time, the doorbells so far, and each computing partner'"'"'s switches and state.
sample() {
	echo "$1 uptime $(cut -d " " -f 1 /proc/uptime)"
	echo "$1 doorbells $(awk "/hvm-doorbell/ { n = 0; for (i = 2; i <= NF && \$i ~ /^[0-9]+\$/; i++) n += \$i; print n }" /proc/interrupts)"
	for t in $(sed -n "s/^computing: //p" out); do
		echo "$1 partner $t $(awk "/^State:/ { s = \$2 } /^voluntary_ctxt_switches:/ { v = \$2 } END { print v, s }" /proc/$pid/task/$t/status)"
	done
}
until_said "^ready$"
sample before
echo go >&3
until_said "^calls:"
sample after
echo stop >&3
exec 3>&-
wait $pid
echo "exit $?"
cat out
sed "s/^/stderr: /" err
echo "shell $$"' 2>&1)
shell=$(sed -n 's/^shell \([0-9]*\)$/\1/p' <<< "$out")
expect_in "$out" '^exit 0$'
expect_in "$out" "^calls: $CALLS made, $CALLS answered $shell$"
expect_in "$out" "^joined: $COMPUTERS$"
partners=$(sed -n 's/^computing: \([0-9]*\)$/\1/p' <<< "$out")
[ "$(wc -w <<< "$partners")" = "$COMPUTERS" ] || { echo "$out"; fail "wake_alone did not name its $COMPUTERS computing threads"; }
main=$(sed -n 's/^main: \([0-9]*\)$/\1/p' <<< "$out")
[ -n "$main" ] && ! grep -qx "$main" <<< "$partners" || { echo "$out"; fail "main's tid $main is a computing thread's too"; }
# sampled TAG WHAT: the value a sample line says.
sampled() { awk -v t="$1" -v w="$2" '$1 == t && $2 == w { print $3 }' <<< "$out"; }
for what in uptime doorbells; do
	[[ "$(sampled before $what) $(sampled after $what)" =~ ^[0-9.]+\ [0-9.]+$ ]] ||
		{ echo "$out"; fail "no $what before and after the calls (is hvm-doorbell in /proc/interrupts?)"; }
done
elapsed_s=$(awk -v a="$(sampled after uptime)" -v b="$(sampled before uptime)" \
	'BEGIN { s = a - b; print (s == int(s)) ? s : int(s) + 1 }')
doorbells=$(($(sampled after doorbells) - $(sampled before doorbells)))
allowed=$((elapsed_s * 2 + 10))
echo "main's $CALLS calls in $elapsed_s s rang the doorbell $doorbells times; a computing partner may switch $allowed times"
[ $doorbells -ge $((CALLS / 2)) ] ||
	fail "only $doorbells doorbells for $CALLS calls: main's partner was not asleep at its calls, nothing was measured (does it spin longer than 2 ms?)"
[ $((allowed * 5)) -le $doorbells ] ||
	fail "the calls took $elapsed_s s: the allowed $allowed switches are not far below the $doorbells doorbells, the run cannot tell (a loaded machine? run it again)"
problems=
for t in $partners; do
	before=$(awk -v t="$t" '$1 == "before" && $2 == "partner" && $3 == t { print $4, $5 }' <<< "$out")
	after=$(awk -v t="$t" '$1 == "after" && $2 == "partner" && $3 == t { print $4, $5 }' <<< "$out")
	[[ "$before $after" =~ ^[0-9]+\ [A-Z]\ [0-9]+\ [A-Z]$ ]] ||
		{ echo "$out"; fail "no switches and state of computing thread $t's partner before and after the calls"; }
	woken=$((${after% *} - ${before% *}))
	echo "computing thread $t's partner: $woken voluntary switches (state ${before#* } before, ${after#* } after)"
	case "${before#* }${after#* }" in
	[SDI][SDI]) ;;
	*) problems="$problems; computing thread $t's partner was not asleep (state ${before#* }, then ${after#* })" ;;
	esac
	[ $woken -le $allowed ] ||
		problems="$problems; computing thread $t's partner was woken $woken times (allowed: $allowed in $elapsed_s s)"
done
[ -z "$problems" ] || fail "${problems#; } (main's calls rang the doorbell $doorbells times; a doorbell must wake only the partner whose call has news)"
expect_no_leaks "$mark"
