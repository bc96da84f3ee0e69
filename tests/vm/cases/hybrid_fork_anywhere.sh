# A native child of a hybrid process goes on as a plain Linux process from
# wherever it was forked: returning from main (fork_return), returning
# from the signal handler it was forked in or siglongjmp-ing out of it
# (fork_in_handler; both also run with the corpus), and 300 forks in a
# handler while another thread of the parent raises signals at itself
# without pause (fork_in_handler storm): every child exits 0, the parent
# lives on, hvm-kernel never gives up on a thread's signal ring, and
# nothing leaks.
need_hrt
VM_TIMEOUT=600
mark=$(leak_mark)
out=$(vm 'log_before=$(hvmctl log | grep -c "signal ring")
for prog in fork_return fork_in_handler; do hybrid-compare $prog; done
hybrid-compare fork_in_handler storm 300
cat /tmp/cmp/fork_in_handler-hybrid.out
echo "signal ring complaints: $(($(hvmctl log | grep -c "signal ring") - log_before))"' 2>&1)
expect_same "$out" "a program forking from a handler"
expect_in "$out" '^same: fork_return \(exit 0\)$'
[ "$(grep -c '^same: fork_in_handler (exit 0)$' <<< "$out")" = 2 ] || { echo "$out"; fail "fork_in_handler differs from its native build"; }
expect_in "$out" '^300 forks in a handler while another thread took signals: 0 children did not exit 0$'
expect_in "$out" '^signal ring complaints: 0$'
expect_no_leaks "$mark"
