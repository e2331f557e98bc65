import os from 'node:os';

/** Options of the operator-devices phase. */
export interface DevicesOptions {
  /** Configured devices. */
  devices: number;
  /** Pixels per scroll step (two frames apart). */
  scrollStep: number;
}

export interface DevicesResult {
  options: DevicesOptions;
  /** startDevBroker with every device configured, until it resolved. */
  brokerStartMs: number;
  /** From opening the one-click link until the count line shows the first page. */
  firstPageMs: number;
  /** Long tasks > 50 ms while the view opened (not counted in the goal). */
  openLongTasksOver50: number;
  scroll: { steps: number; ms: number; totalShown: number };
  /** Time from the last key typed until the list shows the searched device alone. */
  searches: { name: string; ms: number }[];
  /** Long tasks > 50 ms while scrolling and searching. */
  longTasksOver50: number;
  longestTaskMs: number;
  fps: number;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  goals: { noLongTaskOver50: boolean };
}

export const loadAvg = (): number[] => os.loadavg().map((l) => Number(l.toFixed(2)));

const row = (label: string, value: string, goal = ''): string =>
  `${label.padEnd(52)} ${value.padStart(12)}  ${goal}`;

export function formatDevicesReport(r: DevicesResult): string[] {
  return [
    `\nOperator devices bench (headless Chromium): ${String(r.options.devices)} configured devices, ` +
      `the operator's device list scrolled end to end (${String(r.options.scrollStep)} px a step, ` +
      `two frames apart) and searched; load average ${r.loadAvgStart.join(' ')} at the start, ` +
      `${r.loadAvgEnd.join(' ')} at the end`,
    row('broker start with every device configured (ms)', String(r.brokerStartMs)),
    row('one-click link → first page counted (ms)', String(r.firstPageMs)),
    row('long tasks > 50 ms while the view opened', String(r.openLongTasksOver50)),
    row(
      'scroll to the last device (ms, steps)',
      `${String(r.scroll.ms)}, ${String(r.scroll.steps)}`,
    ),
    row('devices counted at the end of the list', String(r.scroll.totalShown)),
    ...r.searches.map((s) => row(`search "${s.name}": last key → row alone (ms)`, String(s.ms))),
    row(
      `long tasks > 50 ms while scrolling and searching ${String(r.options.devices)} devices`,
      String(r.longTasksOver50),
      r.goals.noLongTaskOver50 ? 'goal met (0)' : 'goal MISSED (0)',
    ),
    row('longest long task (ms)', String(r.longestTaskMs)),
    row('frames per second', String(r.fps)),
  ];
}
