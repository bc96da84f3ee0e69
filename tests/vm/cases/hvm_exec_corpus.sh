# hvm-exec runs unmodified programs on the HRT: the corpus of
# tests/hybrid, built natively (static, musl) and not relinked, run through
# hvm-exec, behaves as the same binary run natively (standard output, exit
# status, files made), crashes and aborts included (the crash reported
# from the HRT, as for an mv-cc program); no object is left.
need_hrt
VM_TIMEOUT=600
mark=$(leak_mark)
out=$(vm "HVM_EXEC=1 $CORPUS_COMPARE
true" 2>&1)
expect_corpus_same "$out" "a program run through hvm-exec"
expect_no_leaks "$mark"
