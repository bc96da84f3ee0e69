# The guest agent (vmconfigs/agent/hvm-agent.c) runs every command the
# host sends for the whole life of the VM: it must hold as many open
# descriptors after a mix of commands as before them (each command's
# pipes closed, however it ended). A leak of two per command once made
# the agent fail every command with EMFILE after about 500 of them.
# The mix: output on stdout and stderr, a non-zero status, a command not
# found, one killed by a signal, and one whose background job keeps the
# output pipes open after the shell exited.
agent_fds() { vm 'ls /proc/$(pidof hvm-agent)/fd | wc -l'; }
before=$(agent_fds)
for i in $(seq 5); do
	[ "$(vm "echo out $i; echo err $i >&2" 2>&1)" = "out $i
err $i" ] || fail "command $i: its stdout and stderr did not come back"
	rc=0; vm "exit $((i + 2))" || rc=$?
	[ $rc = $((i + 2)) ] || fail "command 'exit $((i + 2))' came back with status $rc"
	rc=0; vm no-such-command-here > /dev/null 2>&1 || rc=$?
	[ $rc = 127 ] || fail "a command not found came back with status $rc, not 127"
	rc=0; vm 'kill -9 $$' || rc=$?
	[ $rc = 137 ] || fail "a shell killed by SIGKILL came back with status $rc, not 137"
	vm 'sleep 1 & echo started' > /dev/null || fail "a command leaving a background job did not come back"
done
sleep 1
after=$(agent_fds)
[ "$after" = "$before" ] ||
	fail "hvm-agent held $before open descriptors before 25 commands and $after after them (a leak: ls -l /proc/\$(pidof hvm-agent)/fd in the guest)"
