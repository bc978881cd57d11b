/**
 * A form's submission, one at a time: `sending` while it runs (the form disables itself), and a second submit in
 * the meantime, or one while the form has nothing valid to send (`payload` null), does nothing. The page never
 * reloads.
 */
export class Submission {
  sending = $state(false);

  async run<T>(event: SubmitEvent, payload: T | null, send: (payload: T) => Promise<void>): Promise<void> {
    event.preventDefault();
    if (payload === null || this.sending) return;
    this.sending = true;
    try {
      await send(payload);
    } finally {
      this.sending = false;
    }
  }
}
