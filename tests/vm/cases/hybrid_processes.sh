# A hybrid program creates processes: fork (the child goes on natively under
# Linux from the HRT thread's registers), fork + exec, system(), posix_spawn
# and vfork + exec all behave exactly as in the native build.
need_hrt
out=$(vm 'hybrid-compare processes; cat /tmp/cmp/processes-hybrid.out' 2>&1)
expect_in "$out" '^same: processes \(exit 0\)$'
expect_in "$out" '^fork: child exited with 7, parent.s local still 41$'
expect_in "$out" '^fork \+ exec: status 0$'
expect_in "$out" '^system: status 3$'
expect_in "$out" '^posix_spawn: status 5$'
expect_in "$out" '^vfork \+ exec: status 9$'
