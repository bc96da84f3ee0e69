# /dev/hvm is root-only: an unprivileged user gets a clear refusal from
# hvmctl, and a hybrid program started by one runs natively, as its native
# build would (libuv's test runner does so after setuid), saying so once;
# HVM_HYBRID=1 makes that an error.
out=$(vm "su nobody -s /bin/sh -c 'hvmctl status' 2>&1; echo rc=\$?
su nobody -s /bin/sh -c 'exit_code-hybrid 5' 2>&1; echo hybrid rc=\$?
su nobody -s /bin/sh -c 'HVM_HYBRID=1 exit_code-hybrid 5' 2>&1; echo required rc=\$?")
expect_in "$out" '/dev/hvm: permission denied: the device is root-only; run as root'
expect_in "$out" '^rc=1$'
expect_in "$out" '^multiverse-rt: /dev/hvm is root-only and this process runs as uid 65534: running natively'
expect_in "$out" '^exiting with 5$'
expect_in "$out" '^hybrid rc=5$'
expect_in "$out" '^multiverse-rt: cannot run on the HRT: /dev/hvm: permission denied'
expect_in "$out" '^required rc=127$'
