# HVM_HYBRID=0 runs a hybrid binary natively; HVM_STATS=1 (the old name of
# HVM_PROFILE=1) prints the system-call profile at exit; without hvm-kernel
# the program refuses to
# start with the fix named, and Linux is unaffected.
need_hrt
out=$(vm 'HVM_HYBRID=0 args_env-hybrid x; echo "status=$?"
HVM_STATS=1 file_io-hybrid > /dev/null 2> /tmp/stats; cat /tmp/stats
hvmctl halt > /dev/null; HVM_AUTOBOOT=0 args_env-hybrid; echo "status=$?"; hvmctl boot > /dev/null' 2>&1)
expect_in "$out" '^argv\[1\] = x$'
expect_in "$out" '^status=42$'
expect_in "$out" '^multiverse-rt: [0-9]+ system calls forwarded to Linux, [0-9]+ served by hvm-kernel, [0-9.]+ ms in all$'
expect_in "$out" '^  open +0 +- +[1-9][0-9]* '
expect_in "$out" 'multiverse-rt: running main on the HRT failed|multiverse-rt: .*(No such device|not running)'
expect_in "$out" '^status=127$'
