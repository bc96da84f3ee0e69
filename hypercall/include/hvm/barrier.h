/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The ordering points of the shared-memory protocols, one helper each.
 * GCC's __atomic builtins compile the same in hvm-kernel, hvm.ko and user
 * space; on x86 (TSO) release and acquire cost no fence, only a compiler
 * barrier, but naming them says what each access orders.
 */
#ifndef HVM_BARRIER_H
#define HVM_BARRIER_H

/* Publish *p = v: every store before it is visible before *p changes. */
#define hvm_publish(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

/* Observe *p: every load after it sees what was published before *p was written. */
#define hvm_observe(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)

/* Read a field the other side may change at any time, exactly once. */
#define hvm_read_once(p) __atomic_load_n((p), __ATOMIC_RELAXED)

/* Full fence: stores before it are visible before loads after it. */
#define hvm_full_fence() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Claim *p: true if it held old and now holds v; then we see what its last owner published. */
#define hvm_claim(p, old, v)                                                                       \
	({                                                                                         \
		__typeof__(*(p)) hvm_claim_old_ = (old);                                           \
		__atomic_compare_exchange_n((p), &hvm_claim_old_, (v), 0, __ATOMIC_ACQUIRE,        \
					    __ATOMIC_RELAXED);                                     \
	})

/* Order accesses against a signal handler of this same thread: the compiler's order only. */
#define hvm_signal_fence() __atomic_signal_fence(__ATOMIC_SEQ_CST)

#endif /* HVM_BARRIER_H */
