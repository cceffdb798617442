import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process from /proc/<pid>/status, in KiB: now (VmRSS) and its peak so far (VmHWM). */
export interface ResidentMemory {
  rssKb: number;
  hwmKb: number;
}

export function parseProcStatus(text: string): ResidentMemory {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    if (!match) throw new Error(`no ${name} in /proc status`);
    return Number(match[1]);
  };
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

export function readMemory(pid: number): ResidentMemory {
  return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/** Fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses). */
export function parseProcStat(text: string): { ppid: number; cpuTicks: number } {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): ppid is field 4, utime and stime are fields 14 and 15.
  return { ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
}

function readStat(pid: number): { ppid: number; cpuTicks: number } | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // the process is gone
  }
}

/** CPU time (user + system) a process has used, in clock ticks (usually 1/100 s). */
export function cpuTicks(pid: number): number {
  return readStat(pid)?.cpuTicks ?? 0;
}

/** Direct children of `ppid` with their command lines. */
export function childProcesses(ppid: number): Array<{ pid: number; cmdline: string }> {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => readStat(pid)?.ppid === ppid)
    .map((pid) => ({ pid, cmdline: readCmdline(pid) }));
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

export interface QuietOptions {
  /** Quiet = every process used less than this share of one core over the window (default 5 %). */
  cpuPercent?: number;
  windowMs?: number;
  timeoutMs: number;
}

/**
 * Waits until the processes are idle (consumers caught up, timers at rest): CPU use per process below a
 * threshold over a whole window. Resolves with the time it took; rejects after `timeoutMs`.
 */
export async function waitUntilQuiet(pids: readonly number[], options: QuietOptions): Promise<number> {
  const { cpuPercent = 5, windowMs = 3_000, timeoutMs } = options;
  const ticksPerWindow = (cpuPercent / 100) * (windowMs / 1000) * 100;
  const started = Date.now();
  let before = pids.map(cpuTicks);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = pids.map(cpuTicks);
    if (after.every((ticks, i) => ticks - before[i] < ticksPerWindow)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`services still busy after ${timeoutMs} ms`);
    before = after;
  }
}
