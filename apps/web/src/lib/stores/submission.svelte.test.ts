import { describe, expect, it } from 'vitest';
import { Submission } from './submission.svelte.js';

const submitEvent = () => new Event('submit', { cancelable: true }) as SubmitEvent;

describe('Submission', () => {
  it('sends once at a time, is sending meanwhile, and keeps the page from reloading', async () => {
    const submission = new Submission();
    let sent = 0;
    let finish = () => {};
    const first = submitEvent();
    const running = submission.run(first, 'run', () => {
      sent += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    expect(first.defaultPrevented).toBe(true);
    expect(submission.sending).toBe(true);
    await submission.run(submitEvent(), 'run', async () => void (sent += 1));
    expect(sent).toBe(1);
    finish();
    await running;
    expect(submission.sending).toBe(false);
    await submission.run(submitEvent(), 'run', async () => void (sent += 1));
    expect(sent).toBe(2);
  });

  it('sends nothing while the form is not ready, and is done sending after a failure', async () => {
    const submission = new Submission();
    const refused = submitEvent();
    await submission.run(refused, null, () => Promise.reject(new Error('sent')));
    expect(refused.defaultPrevented).toBe(true);
    await expect(submission.run(submitEvent(), 'run', () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    expect(submission.sending).toBe(false);
  });
});
