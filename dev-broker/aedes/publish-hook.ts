import type { AedesOptions, PublishPacket } from 'aedes';

import { takeOverAcknowledgement } from './aedes-internals.ts';
import type { AedesClientLink } from './client-link.ts';
import { hookFailed, touch, type ClientState, type CoreContext } from './client-state.ts';

type AuthorizePublish = NonNullable<AedesOptions['authorizePublish']>;
type Done = Parameters<AuthorizePublish>[2];

/**
 * aedes `authorizePublish`: every device publish is handled by the platform here. QoS 0 and 1 are
 * acknowledged by us (the _notAuthorized touchpoint stops aedes' own PUBACK and routing): the
 * PUBACK leaves only once the platform's writes are durably committed (spec §4), in arrival order,
 * with an MQTT 5 reason code when the outcome has one. QoS 2 keeps aedes' PUBREC/PUBREL/PUBCOMP
 * flow and is processed as QoS 1 (spec §1.1).
 */
export function authorizePublishHook(ctx: CoreContext): AuthorizePublish {
  return (client, packet, done) => {
    const state = client ? ctx.states.get(client) : undefined;
    if (!client || !state?.session || !state.link) {
      done(new Error('publish before the session was set up'));
      return;
    }
    try {
      touch(ctx, client, state);
      handlePublish(ctx, state, state.link, packet, done);
    } catch (error) {
      hookFailed(ctx, 'publish', error);
      client.close();
    }
  };
}

function handlePublish(
  ctx: CoreContext,
  state: ClientState,
  link: AedesClientLink,
  packet: PublishPacket,
  done: Done,
): void {
  const session = state.session;
  if (!session) {
    done(new Error('no session'));
    return;
  }
  ctx.counts.publishesReceived++;
  packet.retain = false; // spec §1.1: retain is ignored (aedes stores nothing for QoS 2 either)
  if (packet.qos !== 2) takeOverAcknowledgement(packet);
  const settle = state.acks.reserve();
  const handled = ctx.hub.deviceApi.handlePublish(
    session,
    packet.topic,
    packet.payload as Buffer,
    packet.qos,
  );
  // The handler has applied its writes synchronously; aedes may read the next packet while this one
  // waits for its commit (QoS 2 keeps aedes' own PUBREC flow, so it waits).
  if (packet.qos !== 2) state.acks.release(() => done());
  handled.then(
    (outcome) => {
      settle(() => {
        if (!outcome.ack) {
          link.close(outcome.v5Disconnect ?? 0x80);
          return;
        }
        if (packet.qos === 1 && packet.messageId !== undefined) {
          link.puback(packet.messageId, outcome.v5ReasonCode);
          ctx.counts.publishesAcked++;
        }
        outcome.after?.();
        if (outcome.closeAfterAck) setImmediate(() => link.close());
      });
      if (packet.qos === 2) done();
    },
    (error: unknown) => {
      ctx.log.error(`publish handling failed: ${(error as Error).stack ?? String(error)}`);
      settle(() => link.close(0x80));
      if (packet.qos === 2) done();
    },
  );
}
