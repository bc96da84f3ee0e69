# hvm gdb from the host, in gdb's batch mode: a program built with mv-cc
# (tests/tool/run_check.c) stops at main on the HRT; a breakpoint in one
# of its functions is hit on the HRT vCPU, bt shows its frames, a local
# and a parameter print their known values, continue runs on to its call
# of exit, and once gdb detaches the program ends normally with its output. hvm gdb
# --kernel stops in hvm-kernel's system-call entry while a hybrid program
# makes system calls.
in_shared_dir hvm-gdb
need_hrt

out=$(timeout 300 "${HVM_ON_SUITE_VM[@]}" gdb --batch \
	--ex 'info threads' --ex 'hbreak report' --ex continue --ex bt --ex 'print total' \
	--ex up --ex 'print n' --ex 'print total' --ex delete \
	--ex 'hbreak exit' --ex continue --ex 'bt 1' --ex delete --ex detach \
	"$tool/run_check-hybrid" sum 10 2>&1) || fail "hvm gdb failed: $out"
expect_in "$out" 'waits for the debugger on HRT CPU [0-9]+: main at 0x'
expect_in "$out" 'stopped at main'
expect_in "$out" 'Breakpoint [0-9]+, main \(argc=3, argv=0x'
expect_in "$out" 'Breakpoint [0-9]+, report \(total=55\) at .*run_check.c'
expect_in "$out" '#1 +0x[0-9a-f]+ in sum_to \(n=10\) at .*run_check.c'
expect_in "$out" '#2 +0x[0-9a-f]+ in main \(argc=3'
expect_in "$out" '^\$1 = 55$'
expect_in "$out" '^\$2 = 10$'
expect_in "$out" 'Breakpoint [0-9]+, (0x[0-9a-f]+ in )?exit \('
expect_in "$out" '^sum 55$'

# hvm-kernel itself: its system-call entry, hit on an HRT vCPU while a
# hybrid program loops on system calls.
vm 'run_check_loop() { i=0; while [ $i -lt 400 ]; do syscall_counts-hybrid 1 200 10 10 > /dev/null 2>&1; i=$((i + 1)); done; }
run_check_loop > /dev/null 2>&1 &
echo $! > /tmp/hvm-gdb-loop.pid' > /dev/null
out=$(timeout 300 "${HVM_ON_SUITE_VM[@]}" gdb --kernel --batch \
	--ex 'hbreak syscall_entry' --ex continue --ex 'print $pc == syscall_entry' --ex 'info symbol $pc' \
	--ex delete --ex detach 2>&1) || true
vm 'kill $(cat /tmp/hvm-gdb-loop.pid) 2> /dev/null; killall syscall_counts-hybrid 2> /dev/null; rm -f /tmp/hvm-gdb-loop.pid' > /dev/null 2>&1 || true
expect_in "$out" 'Breakpoint [0-9]+, .*syscall_entry'
expect_in "$out" '^\$1 = 1$'
expect_in "$out" 'syscall_entry in section \.text'
