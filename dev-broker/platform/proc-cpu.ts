import { readFileSync } from 'node:fs';

/** Linux clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on every common build). */
const TICKS_PER_S = 100;

/** CPU time (user + system) in ms of a /proc `stat` file (a process or a thread); NaN without it. */
export function statCpuMs(path: string): number {
  try {
    // fields after the ")" of the command name: utime is the 12th, stime the 13th
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}
