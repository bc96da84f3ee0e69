# A hostile hybrid program writes into the shared memory hvm.ko reads (its
# function runs in ring 0 on the HRT: hvm-fuzz-shared): forged crash
# records and log text with escape sequences reach dmesg and the terminal
# escaped; random writes into slots, forward records, core states, crash
# records, the log ring and the boot block while hvmctl and calls run:
# every command ends in bounded time, Linux stays up, dmesg stays clean,
# and a reboot brings everything back.
# shellcheck disable=SC2016 # $ in single quotes is expanded in the guest
need_hrt
# The live objects in the state the case ends in: rebooted, calls made.
vm 'hvmctl reboot && hvm-call-test basic && hvm-call-test syscalls && hvmctl ping' > /dev/null
leaks=$(leak_mark)
mark=$(vm 'dmesg | wc -l')
# Bytes a terminal would act on: anything but printable ASCII, newline, tab.
raw_bytes='tr -d "\n\t -~" | wc -c'

out=$(vm "hvm-fuzz-shared forge-crash 0; hvmctl status > /dev/null
	hvmctl crash > /tmp/crash.txt; dmesg | grep 'hvm-kernel crashed' | tail -1 > /tmp/dmesg.txt
	cat /tmp/crash.txt /tmp/dmesg.txt; echo raw \$(cat /tmp/crash.txt /tmp/dmesg.txt | $raw_bytes)")
expect_in "$out" '^hvm-kernel crash in boot [0-9]+ on HRT core 0: forged\?\[2J\?\?\? reason\?$'
expect_in "$out" 'crashed on HRT CPU 0 .*: forged\?\[2J\?\?\? reason\? at RIP'
expect_in "$out" '^raw 0$'
vm 'hvmctl reboot' > /dev/null

out=$(vm "hvm-fuzz-shared forge-log && hvmctl log > /tmp/log.txt
	grep -F 'forged log' /tmp/log.txt; echo raw \$(cat /tmp/log.txt | $raw_bytes)")
expect_in "$out" '^forged log \\x1b\]0;pwned\\x07\\x1b\[2J line\\x0d$'
expect_in "$out" '^raw 0$'

# Each area for FUZZ_SECONDS while hvmctl and calls run, every one under a
# timeout (TERM, then KILL): one that needs the KILL, or that the KILL does
# not end, is reported. Calls may fail meanwhile; they must end.
FUZZ_SECONDS=8
for area in slots forward cores crash log boot; do
	seed=$RANDOM
	vm 'hvmctl reboot > /dev/null 2>&1 || hvmctl boot > /dev/null'
	out=$(VM_TIMEOUT=240 vm "
	bounded() { timeout -k 5 20 \"\$@\" > /dev/null 2>&1; rc=\$?
		[ \$rc -eq 137 ] && echo \"UNBOUNDED: \$* needed SIGKILL\"; return 0; }
	timeout -k 5 30 hvm-fuzz-shared $area $FUZZ_SECONDS $seed & fuzzer=\$!
	end=\$((\$(date +%s) + $FUZZ_SECONDS)); rounds=0
	while [ \$(date +%s) -lt \$end ]; do
		for c in status log crash ping; do bounded hvmctl \$c; done
		bounded hvm-call-test basic; bounded hvm-call-test syscalls
		rounds=\$((rounds + 1))
	done
	wait \$fuzzer; echo \"fuzzer exit \$?\"
	timeout 2 true && echo 'linux answers'
	echo \"rounds \$rounds\"")
	echo "$area (seed $seed): $(grep -E '^(fuzzer|rounds)' <<< "$out" | tr '\n' ' ')"
	expect_in "$out" '^fuzzer exit 0$'
	expect_in "$out" '^linux answers$'
	expect_in "$out" '^rounds [1-9]'
	if grep -q UNBOUNDED <<< "$out"; then
		fail "$area: $(grep UNBOUNDED <<< "$out" | head -3)"
	fi
done

out=$(vm 'hvmctl reboot && hvm-call-test basic && hvm-call-test syscalls && hvmctl ping')
expect_in "$out" '^ok$'
expect_in "$out" '^HRT core [0-9]+: answered in [0-9]+ us$'
bad=$(vm "dmesg | tail -n +$((mark + 1)) | grep -E 'BUG|Oops|WARNING|soft lockup|rcu.*stall' || true")
[ -z "$bad" ] || fail "dmesg after the fuzz: $bad"
# Nothing of the fuzzing is left: live objects back to zero, no core lost
# (cores the fuzz had stopped with INIT are back after the reboot).
LEAK_INITS_EXPECTED=1 expect_no_leaks "$leaks"
