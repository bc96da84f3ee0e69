# Signal handlers of a hybrid program run when signals arrive (SIGALRM while
# main computes on the HRT and while it waits in pause(), SIGUSR1, SIGINT,
# SIGTERM, SIGCHLD); sigprocmask keeps a blocked signal pending. Output and
# exit status are those of the native build.
need_hrt
VM_TIMEOUT=120
out=$(vm 'hybrid-compare signals; cat /tmp/cmp/signals-hybrid.out' 2>&1)
expect_in "$out" '^same: signals \(exit 0\)$'
expect_in "$out" '^SIGALRM handler ran while main computed: yes$'
expect_in "$out" '^SIGUSR1 1, SIGINT 1, SIGTERM 1$'
expect_in "$out" '^blocked SIGUSR1: handled 1 times, pending 1$'
expect_in "$out" '^unblocked SIGUSR1: handled 2 times$'
expect_in "$out" '^pause\(\) ended by SIGALRM: handled 2 times$'
