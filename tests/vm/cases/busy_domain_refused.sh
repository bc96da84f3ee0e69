# Starting a domain whose name is already running is refused with the fix
# named, and the running VM is left alone.
if out=$($HVMVM up 2>&1); then fail "a second 'up' of a running domain succeeded"; fi
expect_in "$out" "domain '$HVM_DOMAIN' is already running: stop it with .* down"
out=$(vm 'echo still-here')
expect_in "$out" '^still-here$'
