# hvm-exec runs stock glibc programs, unmodified, on the HRT, each compared
# with the same binary run natively in the same guest (standard output,
# exit status, files made): a static glibc program built with gcc -static
# (what a process sees of itself after exec, threads, a handler, fork, exec
# of itself), the guest's busybox (static glibc) as a shell running a
# one-liner, and in the guest's Debian root (debian-root) the dynamic build
# of the same program, Debian's python3 running a script through its '#!'
# line (threads, subprocess, files, sockets on loopback, a signal, json),
# Debian's bzip2 and xz, a pipeline in the hybridized dash, --children (a
# program the hybrid program execs is hybrid too), and an OpenMP
# program (gcc -fopenmp, libgomp) with as many threads as HRT CPUs and with
# four times as many.
need_hrt
VM_TIMEOUT=600
mark=$(leak_mark)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The identity program, static: every line the same, down to /proc/self/exe.
out=$(vm 'cd /tmp && HVM_EXEC=1 hybrid-compare exec_identity_static x' 2>&1)
expect_same "$out" "a static glibc program run through hvm-exec"
expect_in "$out" '^same: exec_identity_static \(exit 7\)$'
out=$(vm 'cd /tmp && hvm-exec exec_identity_static-native x; rm -f made-by-program' 2>&1) || true
for line in 'exe: exec_identity_static-native' 'comm: exec_identity_s' 'cmdline is argv: yes' \
	'AT_EXECFN: exec_identity_static-native' 'AT_PHDR is the program.s: yes' 'AT_ENTRY is _start: yes' \
	'break after the data, within 1 GiB: yes' 'signal: 10' 'fork: child exited 5' 'exec: child exited 3'; do
	expect_in "$out" "^$line\$"
done

# busybox's sh (static glibc) as the hybridized shell: a pipeline, a
# subshell, command substitution and an exit status.
cat > "$tmp/oneliner.sh" << 'EOF'
i=0; while [ $i -lt 50 ]; do i=$((i + 1)); echo line $i; done | grep -c line
(echo sub; exit 3); echo "sub $?"; x=$(echo captured | tr a-z A-Z); echo $x; exit 9
EOF
$HVMVM push "$tmp/oneliner.sh" /tmp/oneliner.sh > /dev/null
out=$(vm 'cd /tmp && sh -c "$(cat oneliner.sh)" > sh-n.out; echo "native $?"
	hvm-exec /bin/sh -c "$(cat oneliner.sh)" > sh-h.out; echo "hvm-exec $?"
	cmp sh-n.out sh-h.out && echo same-output; cat sh-h.out; rm -f sh-?.out oneliner.sh')
expect_in "$out" '^native 9$'
expect_in "$out" '^hvm-exec 9$'
expect_in "$out" '^same-output$'
expect_in "$out" '^CAPTURED$'

# --children: what the program execs itself runs through hvm-exec too (so
# it reports its own profile), without it natively; an exec that fails
# fails as natively (the shell says so, status 127).
out=$(vm 'cd /tmp && for opt in --children plain; do
	[ $opt = plain ] && opt=
	echo "${opt:-plain}: $(HVM_PROFILE=1 hvm-exec $opt /bin/sh -c "exec exec_identity_static-native x" 2>&1 | grep -c "system calls forwarded")"
	done; rm -f made-by-program; hvm-exec --children /bin/sh -c "exec /no/such"; echo "status $?"' 2>&1)
expect_in "$out" '^--children: 1$'
expect_in "$out" '^plain: 0$'
expect_in "$out" '/no/such: not found'
expect_in "$out" '^status 127$'

# In the Debian root: the dynamic identity program, started through ld.so.
vm 'debian-root true' || fail "debian-root could not set the Debian root up"
out=$(vm 'debian-root sh -c "cd /tmp && HVM_EXEC=1 hybrid-compare exec_identity x"' 2>&1)
expect_same "$out" "a dynamic glibc program run through hvm-exec"
expect_in "$out" '^same: exec_identity \(exit 7\)$'

# python3 (tests/exec/exec_py_check.py, started by its '#!' line).
out=$(vm 'debian-root sh -c "for how in native hvm-exec; do
	rm -rf /tmp/py-\$how && mkdir /tmp/py-\$how && cd /tmp/py-\$how
	if [ \$how = native ]; then exec_py_check.py > out; else hvm-exec exec_py_check.py > out; fi
	echo \"\$how status \$?\"; cat out; md5sum py-made.json; done; rm -rf /tmp/py-*"' 2>&1)
expect_in "$out" '^native status 6$'
expect_in "$out" '^hvm-exec status 6$'
expect_in "$out" '"child": \["child of python", 4\], "reply": "HELLO OVER LOOPBACK", "signal": \[10\]'
[ "$(grep -c '"reply": "HELLO OVER LOOPBACK"' <<< "$out")" -eq 2 ] ||
	{ echo "$out"; fail "python3 through hvm-exec printed something else than natively"; }
[ "$(grep 'py-made.json' <<< "$out" | cut -d' ' -f1 | sort -u | wc -l)" -eq 1 ] ||
	{ echo "$out"; fail "python3 through hvm-exec wrote another file than natively"; }

# Debian's bzip2 and xz (not rebuilt), and dash hybridized running a pipeline.
cat > "$tmp/tools.sh" << 'EOF'
cd /tmp && { seq 1 50000; head -c 200000 /dev/urandom; } > exec-data
bzip2 -9c exec-data | md5sum; hvm-exec bzip2 -9c exec-data | md5sum
hvm-exec xz -T2 -c exec-data | xz -dc | md5sum; md5sum < exec-data
sum='seq 1 1000 | awk "{ s += \$1 } END { print s }"'
sh -c "$sum"; hvm-exec sh -c "$sum; exit 3"; echo "dash $?"; rm -f exec-data
EOF
$HVMVM push "$tmp/tools.sh" /tmp/exec-tools.sh > /dev/null
out=$(vm 'debian-root sh /tmp/exec-tools.sh; rm -f /tmp/exec-tools.sh' 2>&1)
[ "$(sed -n 1p <<< "$out")" = "$(sed -n 2p <<< "$out")" ] || { echo "$out"; fail "bzip2 through hvm-exec compressed differently"; }
[ "$(sed -n 3p <<< "$out")" = "$(sed -n 4p <<< "$out")" ] || { echo "$out"; fail "xz through hvm-exec did not round-trip the data"; }
[ "$(grep -c '^500500$' <<< "$out")" -eq 2 ] || { echo "$out"; fail "dash through hvm-exec computed something else"; }
expect_in "$out" '^dash 3$'

# OpenMP: as many threads as HRT CPUs, and four times as many.
for threads in $HRT_VCPUS $((4 * HRT_VCPUS)); do
	out=$(vm "debian-root sh -c 'cd /tmp && OMP_NUM_THREADS=$threads omp_sum-native > omp-n.out; echo native \$?
		OMP_NUM_THREADS=$threads hvm-exec omp_sum-native > omp-h.out; echo hvm-exec \$?
		cmp omp-n.out omp-h.out && echo same-output; cat omp-h.out; rm -f omp-?.out'" 2>&1)
	expect_in "$out" '^native 0$'
	expect_in "$out" '^hvm-exec 0$'
	expect_in "$out" '^same-output$'
	expect_in "$out" "^threads: $threads\$"
done
expect_no_leaks "$mark"
echo "hvm_exec_glibc: static and dynamic glibc programs, busybox sh, python3, bzip2, xz, dash and OpenMP ran through hvm-exec as natively"
