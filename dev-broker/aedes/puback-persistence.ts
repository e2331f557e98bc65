import type { Client } from 'aedes';
import persistenceModule, { type AedesMemoryPersistence } from 'aedes-persistence';

type Persistence = AedesMemoryPersistence;

/**
 * aedes-persistence is CommonJS (`module.exports = factory`) with typings that say `export default`:
 * Node's ESM loader hands over the factory itself, while NodeNext typings (the package build) see a
 * namespace holding `default`. Either way this is the factory.
 */
const factory: unknown =
  (persistenceModule as unknown as { default?: unknown }).default ?? persistenceModule;
const aedesMemoryPersistence = factory as () => Persistence;

/**
 * aedes' in-memory persistence (the `persistence` option, aedes-persistence 10.3.1), except that
 * each PUBACK a client sends is reported to `onPuback` instead of being looked up.
 *
 * Why here: broker → device messages are written by our client link with our own packet ids, so
 * aedes never stores them and its public 'ack' event carries nothing for them. aedes passes every
 * PUBACK to `persistence.outgoingClearMessageId(client, puback)` (the persistence interface:
 * "passing a PUBACK is ok"), synchronously as the packet is handled, in arrival order. Not looking
 * these up also keeps the memory persistence from creating an empty outgoing queue per client id.
 * PUBCOMP and anything else still reach the memory persistence.
 */
export function pubackObservingPersistence(
  onPuback: (client: Client, messageId: number) => void,
): Persistence {
  const persistence = aedesMemoryPersistence();
  // aedes 2 calls the persistence promise-style; the bundled typings still show callbacks
  type Clear = (client: Client, packet: { cmd?: string; messageId?: number }) => Promise<unknown>;
  const clear = persistence.outgoingClearMessageId.bind(persistence) as unknown as Clear;
  const observing: Clear = (client, packet) => {
    if (packet.cmd !== 'puback' || packet.messageId === undefined) return clear(client, packet);
    onPuback(client, packet.messageId);
    return Promise.resolve(undefined); // nothing was stored for our packet ids
  };
  Object.assign(persistence, { outgoingClearMessageId: observing });
  return persistence;
}
