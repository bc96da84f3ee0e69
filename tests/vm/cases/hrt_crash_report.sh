# A deliberate crash on an HRT core (test hook) leaves a crash record that
# 'hvmctl crash' prints with registers and a symbolized backtrace; Linux
# stays up, and a reboot brings hvm-kernel back. One run per crash kind.
vm 'echo 1 > /sys/module/hvm/parameters/test_hooks && hvmctl halt > /dev/null && hvmctl boot > /dev/null'
trap 'vm "echo 0 > /sys/module/hvm/parameters/test_hooks; hvmctl reboot" > /dev/null' EXIT
last=$((HRT_VCPUS - 1))
doorbells() { vm "grep hvm-doorbell /proc/interrupts" | awk '{print $2}'; }
for kind in ud:'invalid opcode' pf:'page fault' de:'divide' gp:'general protection'; do
	before=$(doorbells)
	out=$(vm "hvmctl test-crash $last ${kind%%:*} && hvmctl status && hvmctl crash && uname -s && dmesg | grep 'hvm-kernel crashed' | tail -1")
	[ "$(doorbells)" -gt "$before" ] || fail "the crash did not ring Linux's doorbell (hvm-doorbell in /proc/interrupts stayed at $before)"
	expect_in "$out" "^HRT core $last crashed as asked\$"
	expect_in "$out" "^hvm-kernel: crashed \(boot [0-9]+\) on HRT core $last"
	expect_in "$out" "^hvm-kernel crash in boot [0-9]+ on HRT core $last: .*${kind#*:}"
	expect_in "$out" '^  rip [0-9a-f]{16}  rsp [0-9a-f]{16}'
	expect_in "$out" '^  cr0 [0-9a-f]{16}  cr2 [0-9a-f]{16}'
	expect_in "$out" '^  #0  ffffffff8[0-9a-f]{7} [a-z_]+[a-z0-9_]*\+0x[0-9a-f]+$'
	expect_in "$out" '^  #1  ffffffff8[0-9a-f]{7} [a-z_]+'
	expect_in "$out" '^Linux$'
	expect_in "$out" "Linux is unaffected: 'hvmctl crash' shows the record"
	out=$(vm 'hvmctl reboot && hvmctl ping')
	expect_in "$out" "^HRT core $last: answered in [0-9]+ us\$"
done
