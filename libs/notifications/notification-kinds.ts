/** Every kind of email the platform sends (issue 14), with the words a user sees in their settings. */
export const NOTIFICATION_KINDS = [
  'paper_delivered',
  'return_reminder',
  'return_due_today',
  'return_overdue',
  'exception_alert',
  'exception_escalation',
  'sign_off_requested',
  'sign_off_decided',
  'paper_late',
  'digest',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds a user may turn off or collect in a daily digest; the digest itself is not one of them. */
export const SETTABLE_KINDS = NOTIFICATION_KINDS.filter((kind) => kind !== 'digest');

export const KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  paper_delivered: 'Papers delivered to you',
  return_reminder: 'Reminders that a return is due soon',
  return_due_today: 'Reminders on the day a return is due',
  return_overdue: 'Notices that a return is overdue',
  exception_alert: 'New exceptions that need commentary',
  exception_escalation: 'Red exceptions with no commentary (escalation)',
  sign_off_requested: 'Returns waiting for your sign-off',
  sign_off_decided: 'Sign-off decisions on your returns',
  paper_late: 'Warnings that a paper cannot be ready for its meeting',
  digest: 'Daily digest',
};

export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'retrying' | 'refused' | 'held' | 'digested';
