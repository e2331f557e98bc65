import type { OperatorClient } from '@/client/operator-client.ts';
import type { DualTimeline } from '@/features/both/timeline/api/dual-timeline.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';

/** The operator role's own session, its API client and the split view's timeline (made in main.tsx). */
export interface OperatorParts {
  session: MqttSession;
  client: OperatorClient;
  timeline: DualTimeline;
}
