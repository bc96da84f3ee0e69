# The system-call profile. syscall_counts makes a number of getpid, write
# and clock_gettime calls given by its arguments, from 1 or 3 threads, and
# prints how many it made; hybridized with HVM_PROFILE=1 its profile must
# show exactly those counts, natively served or forwarded as HVM_NATIVE
# says, with positive mean times, and HVM_PROFILE_SVG must write a
# well-formed SVG chart naming them. 'hvmctl profile PID' shows the
# counters of a hybrid process live while it blocks in read(), 'hvmctl
# profile' lists it, '-w' follows it until it ends, and a process that is
# not hybrid, or none at all, is named in a clear refusal.
need_hrt
VM_TIMEOUT=900
out=$(vm 'for policy in all none; do
	for threads in 1 3; do
		tag=$policy/$threads
		HVM_NATIVE=$policy HVM_PROFILE=1 HVM_PROFILE_SVG=/tmp/profile-$policy-$threads.svg \
			syscall_counts-hybrid $threads 300 40 25 > /tmp/sc.out 2> /tmp/sc.err
		echo "$tag status=$?"
		sed "s|^|$tag out: |" /tmp/sc.out
		sed "s|^|$tag err: |" /tmp/sc.err
	done
done
HVM_STATS=1 syscall_counts-hybrid 1 5 5 5 > /dev/null 2> /tmp/stats; sed "s/^/stats: /" /tmp/stats
hybrid-compare syscall_counts 3 50 5 5' 2>&1)

# A row of the profile table of run TAG for CALL: "native native-mean forwarded forwarded-mean total".
profile_row() {
	grep -E "^$1 err:   $2 +[0-9]" <<< "$out" | awk '{ print $4, $5, $6, $7, $8 }'
}
positive() { awk -v v="$1" 'BEGIN { exit !(v + 0 > 0) }'; }

# check_run POLICY THREADS: that run's profile counts what the program made, the policy's way.
check_run() {
	local policy=$1 tag=$1/$2 call made native nmean fwd fmean total
	expect_in "$out" "^$tag status=0$"
	expect_in "$out" "^$tag err: multiverse-rt: [0-9]+ system calls forwarded to Linux, [0-9]+ served by hvm-kernel, [0-9.]+ ms in all$"
	for call in getpid write clock_gettime; do
		made=$(sed -n "s|^$tag out: made $call \([0-9]*\)$|\1|p" <<< "$out")
		[ -n "$made" ] && [ "$made" -gt 0 ] || fail "$tag: syscall_counts did not say how many $call calls it made"
		read -r native nmean fwd fmean total <<< "$(profile_row "$tag" "$call")"
		[ -n "$total" ] || fail "$tag: no $call row in the profile: $(grep "^$tag err" <<< "$out")"
		[ $((native + fwd)) = "$made" ] ||
			fail "$tag: the program made $made $call calls, the profile counts $native native + $fwd forwarded"
		[ "$native" = 0 ] || positive "$nmean" || fail "$tag: $call: native mean time '$nmean' is not positive"
		[ "$fwd" = 0 ] || positive "$fmean" || fail "$tag: $call: forwarded mean time '$fmean' is not positive"
		positive "$total" || fail "$tag: $call: total time '$total' is not positive"
		if [ "$policy" = none ]; then
			[ "$native" = 0 ] || fail "$tag: $native $call calls served natively under HVM_NATIVE=none"
		elif [ "$call" = getpid ]; then
			[ "$fwd" = 0 ] || fail "$tag: $fwd getpid calls forwarded under HVM_NATIVE=all"
		elif [ "$call" = write ]; then
			[ "$native" = 0 ] || fail "$tag: write has no native handler, yet $native were counted native"
		fi
	done
}

# check_svg POLICY THREADS: the chart is one well-formed SVG document with getpid's bar going the policy's way.
check_svg() {
	local svg made way
	svg=$(vm "cat /tmp/profile-$1-$2.svg" 2>&1)
	if command -v xmllint > /dev/null; then
		xmllint --noout - <<< "$svg" || fail "$1/$2: the SVG chart is not well-formed XML"
	fi
	[ "$(head -n 2 <<< "$svg" | grep -c '^<?xml \|^<svg xmlns="http://www.w3.org/2000/svg"')" = 2 ] &&
		[ "$(tail -n 1 <<< "$svg")" = '</svg>' ] || fail "$1/$2: the chart is not one SVG document: $(head -c 300 <<< "$svg")"
	made=$(sed -n "s|^$1/$2 out: made getpid \([0-9]*\)$|\1|p" <<< "$out")
	way="served by hvm-kernel"
	[ "$1" = none ] && way="forwarded to Linux"
	expect_in "$svg" "<title>getpid: $made calls $way, "
	expect_in "$svg" '>write</text>'
	expect_in "$svg" '>clock_gettime</text>'
}

for policy in all none; do
	for threads in 1 3; do
		check_run $policy $threads
		check_svg $policy $threads
	done
done
expect_in "$out" '^same: syscall_counts \(exit 0\)$'
# HVM_STATS=1, the switch's old name, prints the same report.
expect_in "$out" '^stats: multiverse-rt: [0-9]+ system calls forwarded to Linux, [0-9]+ served by hvm-kernel'
expect_in "$out" '^stats:   getpid +5 '

# Live: a hybrid process blocked in read() on a FIFO, looked at from outside.
live=$(vm 'rm -f /tmp/pf; mkfifo /tmp/pf
HVM_NATIVE=all syscall_counts-hybrid 2 150 15 5 wait < /tmp/pf > /tmp/live.out 2> /tmp/live.err &
pid=$!
exec 3> /tmp/pf
i=0; until grep -q "^made clock_gettime" /tmp/live.out || [ $i -ge 600 ]; do sleep 0.1; i=$((i + 1)); done
echo "live pid=$pid"
sed "s/^/live out: /" /tmp/live.out
hvmctl profile $pid > /tmp/one.txt 2>&1; echo "one status=$?"; sed "s/^/one: /" /tmp/one.txt
hvmctl profile > /tmp/all.txt 2>&1; echo "all status=$?"; sed "s/^/all: /" /tmp/all.txt
timeout 300 hvmctl profile -w 0.5 $pid > /tmp/watch.txt 2>&1 & w=$!
i=0; until grep -q "^pid $pid " /tmp/watch.txt || [ $i -ge 600 ]; do sleep 0.1; i=$((i + 1)); done
echo x >&3; exec 3>&-
wait $pid; echo "program status=$?"
wait $w; echo "watch status=$?"
sed "s/^/watch: /" /tmp/watch.txt
hvmctl profile $$; echo "shell status=$?"
hvmctl profile 999999; echo "nopid status=$?"
hvmctl profile -w soon; echo "badarg status=$?"' 2>&1)
pid=$(sed -n 's/^live pid=\([0-9]*\)$/\1/p' <<< "$live")
[ -n "$pid" ] || fail "the blocking hybrid program did not start: $live"
expect_in "$live" '^one status=0$'
expect_in "$live" "^one: pid $pid \\(space [0-9]+, merged [0-9.]+ s ago\\): "
for call in getpid write clock_gettime; do
	made=$(sed -n "s/^live out: made $call \([0-9]*\)$/\1/p" <<< "$live")
	[ -n "$made" ] || fail "the blocking program did not say how many $call calls it made: $live"
	row=$(grep -E "^one:   $call +[0-9]" <<< "$live" | awk '{ print $3 + $5 }')
	[ "$row" = "$made" ] || fail "hvmctl profile $pid counts '$row' $call calls while the program blocks; it made $made"
done
expect_in "$live" '^all status=0$'
expect_in "$live" "^all: pid $pid \\(space "
expect_in "$live" '^program status=0$'
expect_in "$live" '^watch status=0$'
expect_in "$live" "^watch: pid $pid \\(space "
expect_in "$live" "^watch: process $pid ended$"
expect_in "$live" 'hvmctl: profile: process [0-9]+ is not a hybrid program: it has no address space merged with hvm-kernel'
expect_in "$live" '^shell status=1$'
expect_in "$live" '^hvmctl: profile: no process 999999$'
expect_in "$live" '^nopid status=1$'
expect_in "$live" "^hvmctl: profile -w: 'soon' is not a number of seconds above 0$"
expect_in "$live" '^badarg status=2$'
