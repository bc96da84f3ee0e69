# hvm-exec refuses what it cannot run as a shell refuses it: one message
# naming the file and the cause, exit status 127 (not found) or 126 (cannot
# execute), and nothing left behind: no space merged, no call slot, the
# memory as it was; a good program runs right after.
need_hrt
mark=$(leak_mark)
out=$(vm 'd=/tmp/exec-bad && rm -rf $d && mkdir -p $d && cd $d &&
	echo "just text" > text && chmod +x text &&
	cp /usr/local/bin/exit_code-native elf32 && printf "\001" | dd of=elf32 bs=1 seek=4 conv=notrunc 2> /dev/null &&
	head -c 3000 /usr/local/bin/exit_code-native > truncated && chmod +x truncated &&
	cp /usr/local/bin/exit_code-native noexec && chmod -x noexec &&
	printf "#!/no/such/shell\n" > badscript && chmod +x badscript &&
	for f in ./no-such-file no-such-command ./text ./elf32 /usr/local/bin/exec_missing_interp ./truncated $d ./noexec ./badscript; do
		hvm-exec $f arg; echo "status $?"
	done 2>&1; rm -rf $d')
expect_in "$out" '^hvm-exec: \./no-such-file: No such file or directory$'
expect_in "$out" '^hvm-exec: no-such-command: command not found \(not in PATH\)$'
expect_in "$out" '^hvm-exec: \./text: cannot execute: not an ELF program nor a .#!. script \(Exec format error\)$'
expect_in "$out" '^hvm-exec: \./elf32: cannot execute: a 32-bit ELF program'
expect_in "$out" '^hvm-exec: /usr/local/bin/exec_missing_interp: cannot execute: its interpreter /lib64/hvm-test-no-such-ld.so.2: No such file or directory$'
expect_in "$out" '^hvm-exec: \./truncated: cannot execute: truncated: segment [0-9]+ needs bytes up to [0-9]+, the file has 3000$'
expect_in "$out" '^hvm-exec: /tmp/exec-bad: Is a directory$'
expect_in "$out" '^hvm-exec: \./noexec: Permission denied \(no execute permission: chmod \+x\)$'
expect_in "$out" '^hvm-exec: \./badscript: cannot execute: its interpreter /no/such/shell: No such file or directory$'
# The statuses, in the order above: what a shell gives for each.
[ "$(grep '^status' <<< "$out" | tr '\n' ' ')" = "status 127 status 127 status 126 status 126 status 127 status 126 status 126 status 126 status 127 " ] ||
	{ echo "$out"; fail "hvm-exec's exit statuses are not the shell's (127 not found, 126 cannot execute)"; }
[ "$(grep -c '^hvm-exec: ' <<< "$out")" -eq 9 ] || { echo "$out"; fail "not one message per bad input"; }
expect_no_leaks "$mark"
out=$(vm 'hvm-exec /usr/local/bin/exit_code-native 5; echo "status $?"')
expect_in "$out" '^status 5$'
