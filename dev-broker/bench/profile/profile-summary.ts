/**
 * Self and total time by function of a V8 CPU profile (`.cpuprofile`), as µs per message when the
 * number of messages handled while profiling is known.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The parts of a `.cpuprofile` (Chrome DevTools protocol `Profiler.Profile`) read here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  /** `function file:line`; the file is shortened to its last two path segments. */
  label: string;
  /** Time in µs. */
  selfUs: number;
  totalUs: number;
}

export interface ProfileSummary {
  /** Sampled time in µs, and the part of it the thread was idle. */
  sampledUs: number;
  idleUs: number;
  lines: ProfileLine[];
}

const IDLE = new Set(['(idle)', '(program)']);

function labelOf({ functionName, url, lineNumber }: CallFrame): string {
  const file = url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'} ${file}:${String(lineNumber + 1)}`;
}

/** Adds each sample's time to its function (self) and to every distinct function on its stack (total). */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const lines = new Map<string, ProfileLine>();
  const line = (label: string): ProfileLine => {
    let found = lines.get(label);
    if (!found) {
      found = { label, selfUs: 0, totalUs: 0 };
      lines.set(label, found);
    }
    return found;
  };
  let sampledUs = 0;
  let idleUs = 0;
  samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; charge it to the sample it ends.
    const us = deltas[i] ?? 0;
    const node = nodes.get(id);
    if (!node) return;
    sampledUs += us;
    if (IDLE.has(node.callFrame.functionName)) idleUs += us;
    line(labelOf(node.callFrame)).selfUs += us;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parents.get(cur)) {
      const frame = nodes.get(cur)?.callFrame;
      if (!frame) break;
      const label = labelOf(frame);
      if (seen.has(label)) continue;
      seen.add(label);
      line(label).totalUs += us;
    }
  });
  return { sampledUs, idleUs, lines: [...lines.values()] };
}

/** A table of the `top` functions by self and by total time, in µs per message. */
export function formatSummary(summary: ProfileSummary, messages: number, top: number): string {
  const perMsg = (us: number): string => (us / Math.max(1, messages)).toFixed(2).padStart(8);
  const busy = summary.sampledUs - summary.idleUs;
  const share = (us: number): string =>
    `${((100 * us) / Math.max(1, busy)).toFixed(1)}%`.padStart(6);
  const table = (key: 'selfUs' | 'totalUs'): string[] =>
    [...summary.lines]
      .filter((l) => !IDLE.has(l.label.split(' ')[0] ?? ''))
      .sort((a, b) => b[key] - a[key])
      .slice(0, top)
      .map((l) => `${perMsg(l[key])} ${share(l[key])}  ${l.label}`);
  return [
    `sampled ${(summary.sampledUs / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s, ` +
      `${String(messages)} messages: ${perMsg(busy).trim()} µs busy per message`,
    '',
    '   µs/msg  share  self time',
    ...table('selfUs'),
    '',
    '   µs/msg  share  total time (self + callees)',
    ...table('totalUs'),
  ].join('\n');
}
