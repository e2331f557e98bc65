import type { Scenario } from '../scenario.ts';

import { abuseConnects } from './abuse-connects.ts';
import { abuseSockets } from './abuse-sockets.ts';
import { badFrames } from './bad-frames.ts';
import { badPayloads } from './bad-payloads.ts';
import { bursts } from './bursts.ts';
import { kill9 } from './kill9.ts';
import { longTimer } from './long-timer.ts';
import { sigterm } from './sigterm.ts';
import { soak } from './soak.ts';

/** Every scenario, in the order they run. */
export const SCENARIOS: Scenario[] = [
  kill9,
  sigterm,
  bursts,
  soak,
  badFrames,
  badPayloads,
  abuseConnects,
  abuseSockets,
  longTimer,
];
