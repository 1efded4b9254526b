/**
 * Waits for Ctrl-C (SIGINT) or SIGTERM, then keeps the process alive while it cleans up. One Ctrl-C
 * under `npm start` reaches the process more than once (the terminal, npm and tsx relay it); with
 * Node's default action the repeat would kill it halfway through stopping, leaving processes and
 * files behind. Repeats within REPEAT_GRACE_MS of the first are ignored; a later one is a person
 * insisting: `onForce` runs (synchronous cleanup) and the process exits with 130.
 */
export const REPEAT_GRACE_MS = 2_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function untilStopSignal(onForce: () => void, now: () => number = Date.now): Promise<void> {
  return new Promise<void>((resolve) => {
    let first: number | undefined;
    const handler = (): void => {
      if (first === undefined) {
        first = now();
        resolve();
        return;
      }
      if (now() - first < REPEAT_GRACE_MS) return; // the same Ctrl-C, relayed
      onForce();
      process.exit(130);
    };
    for (const signal of SIGNALS) process.on(signal, handler);
  });
}
