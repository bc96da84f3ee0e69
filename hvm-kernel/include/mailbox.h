/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Linux -> HRT commands through this CPU's struct hvm_mailbox (kernel/mailbox.c). */
#ifndef HVM_MAILBOX_H
#define HVM_MAILBOX_H

void mailbox_handle(void);

#endif /* HVM_MAILBOX_H */
