# /dev/hvm is root-only: an unprivileged user gets a clear refusal.
out=$(vm "su nobody -s /bin/sh -c 'hvmctl status' 2>&1; echo rc=\$?")
expect_in "$out" '/dev/hvm: permission denied: the device is root-only; run as root'
expect_in "$out" '^rc=1$'
