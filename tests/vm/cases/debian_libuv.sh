# libuv 1.44 from Debian's source package (libuv1), built by its own CMake
# build natively and hybrid (tests/debian/libuv/build-libuv): every test of
# its own runner uv_run_tests_a (fs, fs events, pipes, tcp and udp on
# loopback, signals, threads and the thread pool, child processes, timers,
# the epoll loop), each in processes of its own with its echo-server
# helpers (tests/debian/libuv/libuv-suite), gets the same verdict hybrid as
# natively, test by test. A native failure is compared too: what the guest
# lacks fails (or is skipped) both ways. Known native failures in the guest:
#   dlerror       static musl has no dlopen: its message does not name the
#                 library the test asked for
#   fs_copyfile   the guest runs as root: copying onto a read-only file
#                 succeeds where the test expects EACCES
#   tcp_writealot under load it can miss its timeout (seen once natively)
# Trimmed for time (about two and a half minutes a build under TCG
# otherwise): libuv-suite leaves out the tests that resolve names
# (getaddrinfo_*, getnameinfo_*, threadpool_multiple_event_loops): the
# guest has no name server and each lookup waits 5 s for nothing.
# A test whose verdicts differ runs again both ways (verdicts_settled): only
# a difference seen twice fails the case. Under TCG on a loaded host the
# tests with tight time bounds (tcp_ping_pong: 1000 round trips in the
# runner's 10 s; tcp_writealot) can miss them once either way.
tarball=$HVM_SUITE_BUILD/tests/debian/libuv.tar.gz
[ -r "$tarball" ] || fail "no $tarball: build it with 'meson compile -C $HVM_SUITE_BUILD'"
need_hrt
# The tree of an earlier run goes; the new one is unpacked in its place.
vm 'rm -rf /tmp/libuv' > /dev/null
$HVMVM push "$tarball" /tmp/libuv.tar.gz || fail "cannot copy $tarball into the guest"
vm 'cd /tmp && tar -xzf libuv.tar.gz && rm libuv.tar.gz' > /dev/null || fail "cannot unpack libuv.tar.gz in the guest"

# suite KIND: libuv-suite's lines for KIND (it exits 1 on a failed test).
VM_TIMEOUT=900
suite() { vm "cd /tmp/libuv && sh ./libuv-suite $*" 2>&1 || true; }
native=$(suite native)
hybrid=$(suite hybrid)
echo "$hybrid"
tests=$(sed -n 's/^libuv-suite native \([^:]*\): .*/\1/p' <<< "$native")
expected=$(suite list | wc -l)
[ "$(wc -w <<< "$tests")" -eq "$expected" ] ||
	{ echo "$native"; fail "the native run reported $(wc -w <<< "$tests") tests, expected $expected"; }
differ=$(verdicts_settled libuv-suite suite "$tests" "$native" "$hybrid")
[ -z "$differ" ] || { echo "$native" | grep -A5 ': FAIL'; fail "verdicts differ:
$differ
hvm.ko said: $(hvm_said)"; }
vm 'rm -rf /tmp/libuv' > /dev/null || true
count() { grep -c "^libuv-suite native [^:]*: $1" <<< "$native" || true; }
echo "debian_libuv: $(wc -w <<< "$tests") upstream tests with the same verdict native and hybrid ($(count pass) pass, $(count skip) skip, $(count FAIL) fail both ways)"
