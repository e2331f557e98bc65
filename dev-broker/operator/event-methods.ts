import type { Hub } from '../platform/hub.ts';

import { compact } from './compact.ts';
import { optionalDevice } from './device-ref.ts';
import { sessionDto } from './dto.ts';
import type { MethodHandlers } from './method-types.ts';

/** events.list (recorded refusals and session changes) and sessions.list (live connections). */
export function eventMethods(hub: Hub): Pick<MethodHandlers, 'events.list' | 'sessions.list'> {
  return {
    'events.list': (p) => {
      // events outlive their device, so a deviceId is used as given; a name must name a device
      const deviceId = p.deviceId ?? optionalDevice(hub, p)?.id;
      return hub.events.list(
        compact({ deviceId, kinds: p.kinds, afterId: p.afterId, limit: p.limit }),
      );
    },
    'sessions.list': (p) => {
      const device = optionalDevice(hub, p);
      return hub.sessions
        .all()
        .filter(
          (s) =>
            !s.closed &&
            (!device || s.deviceId === device.id) &&
            (!p.kind || s.principal.kind === p.kind),
        )
        .map(sessionDto);
    },
  };
}
