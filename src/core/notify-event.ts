/** One attempt to deliver an alert or recovery to a notification channel. */
export interface NotifyEvent {
  v: 1;
  type: "notify";
  channel: string;
  /** The alert's id, or `digest:N` for an e-mail digest. */
  id: string;
  ok: boolean;
  attempt: number;
  error?: string;
}
