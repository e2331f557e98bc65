import { OperatorClient } from '@/client/operator-client.ts';
import { OPERATOR_TOPICS } from '@protocol/operator-topics.ts';

import type { LiveChannel } from './device-channel.ts';
import { keepSubscribed } from './keep-subscribed.ts';

/**
 * The operator role's client (ADR 0006) over its own `MqttSession`: the typed {@link OperatorClient}
 * of src/client (ADR 0007), plus the session's lifecycle — calls in flight are cancelled when the
 * session leaves `connected`, and every event stays subscribed across logins (a new `connect()`
 * forgets subscriptions).
 */
export class SessionOperatorClient extends OperatorClient {
  readonly #stops: (() => void)[];

  constructor(session: LiveChannel, options: { timeoutMs?: number } = {}) {
    super(session, {
      ...options,
      onBadFrame: (frame) => {
        console.warn(`OperatorClient: dropped a message on ${frame.topic}: ${frame.problem}`);
      },
    });
    this.#stops = [
      session.store.subscribe((state, previous) => {
        if (previous.status === 'connected' && state.status !== 'connected')
          this.cancelAll('The operator session is no longer connected.');
      }),
      keepSubscribed(session, { [OPERATOR_TOPICS.eventsFilter]: 0 }),
    ];
  }

  override dispose(): void {
    for (const stop of this.#stops) stop();
    super.dispose();
  }
}
