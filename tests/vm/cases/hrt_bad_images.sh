# Every image of the malformed corpus (tests/vm/programs/mk-bad-images.c) is
# refused with its own message, before anything changes: a running HRT keeps
# running, a halted one keeps its image, and a valid boot works afterwards.
VM_TIMEOUT=300
out=$(vm 'hvmctl status | grep -q "hvm-kernel: running" || hvmctl boot > /dev/null
hvmctl boot /lib/hvm/bad-images/wrong-machine.elf; hvmctl ping | head -1
hvmctl halt
while IFS="	" read -r file expect; do
	msg=$(hvmctl boot "/lib/hvm/bad-images/$file" 2>&1) && { echo "ACCEPTED $file"; continue; }
	case $msg in
	*"$expect"*) echo "refused $file" ;;
	*) echo "WRONG-MESSAGE $file: $msg (expected: $expect)" ;;
	esac
done < /lib/hvm/bad-images/expected.txt
hvmctl status | grep -E "hvm-kernel:|image:"
hvmctl boot && hvmctl ping' 2>&1)
expect_in "$out" "hvm-kernel is already running \(boot [0-9]+\): 'hvmctl reboot' restarts it"
expect_in "$out" '^HRT core 0: answered'
! grep -E '^(ACCEPTED|WRONG-MESSAGE)' <<< "$out" || fail "an image was accepted or refused for the wrong reason"
[ "$(grep -c '^refused ' <<< "$out")" -ge 15 ] || fail "fewer than 15 malformed images were tried"
expect_in "$out" '^hvm-kernel: halted$'
expect_in "$out" 'image: /lib/hvm/hvm-kernel.elf'
expect_in "$out" '^hvm-kernel booted from /lib/hvm/hvm-kernel.elf$'
