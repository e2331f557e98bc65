/** What `retryWhenOnline` needs of a session (MqttSession has it). */
export interface Retryable {
  retryNow(): boolean;
}

/**
 * The browser says the network is back (`online`) or the page is shown again (`visibilitychange`
 * to visible: a laptop opened, a phone unlocked): each session that is reconnecting tries at once
 * instead of waiting out its back-off (issue 9 §5). A session that is not reconnecting ignores it
 * (`retryNow` returns false). Returns the function that removes the listeners.
 */
export function retryWhenOnline(
  session: Retryable,
  win: Window = window,
  doc: Document = document,
): () => void {
  const retry = (): void => {
    session.retryNow();
  };
  const shown = (): void => {
    if (doc.visibilityState === 'visible') retry();
  };
  win.addEventListener('online', retry);
  doc.addEventListener('visibilitychange', shown);
  return () => {
    win.removeEventListener('online', retry);
    doc.removeEventListener('visibilitychange', shown);
  };
}
