# Valid images that every check accepts but that are no working hvm-kernel
# (tests/vm/programs/mk-bad-images.c, hostile/): one hangs before it
# announces itself, one crashes at its entry point (before it has an IDT:
# the trampoline's catches it, where INIT's real-mode one would triple-fault
# and reset the VM), two scribble on the boot information, the mailboxes and
# the log ring's header, and then hang or announce themselves without ever
# answering. Each boot fails with its own clear error, every HRT core is
# stopped, status/log/crash still answer in bounded time, Linux is
# unharmed, and the good image boots and runs calls right after.
VM_TIMEOUT=300
# The mark of live objects in the state the case ends in: the good image just booted, one call made.
need_hrt
vm 'hvmctl reboot > /dev/null && hvm-call-test basic > /dev/null; dmesg -c > /dev/null'
mark=$(leak_mark)
out=$(vm 'hvmctl halt > /dev/null
while IFS="	" read -r file expect; do
	msg=$(timeout 30 hvmctl boot "/lib/hvm/bad-images/hostile/$file" 2>&1) && { echo "BOOTED $file"; continue; }
	case $msg in
	*"$expect"*) echo "failed clearly $file" ;;
	*) echo "WRONG-MESSAGE $file: $msg (expected: $expect)" ;;
	esac
	timeout 10 hvmctl status | grep "hvm-kernel:" | sed "s|^|$file: |"
	timeout 10 hvmctl log > /dev/null 2>&1; echo "$file: log rc $?"
	timeout 10 hvmctl crash > /dev/null 2>&1; echo "$file: crash rc $?"
	timeout 2 true && echo "$file: linux responsive"
	timeout 60 hvmctl boot > /dev/null && timeout 60 hvm-call-test basic | tail -1 | sed "s|^|$file: next good image: |"
	hvmctl halt > /dev/null
done < /lib/hvm/bad-images/hostile/expected.txt
hvmctl boot
dmesg | grep -E "BUG|Oops|WARNING|soft lockup|rcu.*stall" || echo "dmesg clean"' 2>&1)
! grep -E '^(BOOTED|WRONG-MESSAGE)' <<< "$out" || fail "a hostile image booted or failed for the wrong reason"
n=$(grep -c '^failed clearly ' <<< "$out" || true)
[ "$n" -ge 4 ] || fail "only $n hostile images were tried: $out"
for f in hang crash-at-entry scribble-hang scribble-up; do
	expect_in "$out" "^failed clearly $f.elf\$"
	expect_in "$out" "^$f.elf: hvm-kernel: boot failed"
	expect_in "$out" "^$f.elf: log rc 0\$"
	expect_in "$out" "^$f.elf: crash rc 0\$"
	expect_in "$out" "^$f.elf: linux responsive\$"
	expect_in "$out" "^$f.elf: next good image: ok\$"
done
expect_in "$out" '^hvm-kernel booted from /lib/hvm/hvm-kernel.elf$'
expect_in "$out" '^dmesg clean$'
# Nothing of the failed boots is left: live objects back to zero, no core lost.
expect_no_leaks "$mark"
