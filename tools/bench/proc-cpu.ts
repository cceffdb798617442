import { readFileSync } from 'node:fs';
import { cpuTicks, readMemory } from './proc-memory';

/**
 * Clock ticks per second of /proc's CPU times (USER_HZ). It is 100 on every Linux architecture Node runs on;
 * the kernel converts to it whatever its internal HZ is.
 */
export const TICKS_PER_SECOND = 100;

/** The whole machine's CPU time from the first line of /proc/stat, in ticks: busy (not idle, not iowait) and total. */
export function parseMachineCpu(procStat: string): { busy: number; total: number } {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already counted in user.
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map((v) => Number(v) || 0);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

/** CPU ticks a set of processes used between two readings; a process absent from `before` started in between. */
export function ticksBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of after) sum += Math.max(0, ticks - (before.get(pid) ?? 0));
  return sum;
}

/** Milliseconds of CPU per 1,000 events. */
export function cpuMsPerThousand(ticks: number, events: number): number {
  return events > 0 ? (ticks * (1000 / TICKS_PER_SECOND) * 1000) / events : Number.NaN;
}

export interface CpuReading {
  /** The server process (user + system ticks). */
  server: number;
  /** Other processes that work for it (PostgreSQL backends of the bench database), by pid. */
  helpers: Map<number, number>;
  machine: { busy: number; total: number };
  /** This process (the load generator), in microseconds. */
  client: NodeJS.CpuUsage;
}

export function readCpu(serverPid: number, helperPids: readonly number[]): CpuReading {
  return {
    server: cpuTicks(serverPid),
    helpers: new Map(helperPids.map((pid) => [pid, cpuTicks(pid)])),
    machine: parseMachineCpu(readFileSync('/proc/stat', 'utf8')),
    client: process.cpuUsage(),
  };
}

/** What a scenario cost, per 1,000 events, from readings taken just before and just after it. */
export interface CpuCost {
  serverMsPer1k: number;
  /** NaN when there are no helper processes to read (the bare server, or a PostgreSQL on another machine). */
  helpersMsPer1k: number;
  clientMsPer1k: number;
  /** Share of all cores busy during the scenario (everything on the machine), 0..1. */
  machineBusy: number;
  /** Resident memory of the server after the scenario and its peak so far, KiB. */
  rssKb: number;
  hwmKb: number;
}

export function cpuCost(before: CpuReading, after: CpuReading, events: number, serverPid: number, helpersRead: boolean): CpuCost {
  const clientMicros = after.client.user + after.client.system - before.client.user - before.client.system;
  const machineTotal = after.machine.total - before.machine.total;
  const memory = readMemory(serverPid);
  return {
    serverMsPer1k: cpuMsPerThousand(after.server - before.server, events),
    helpersMsPer1k: helpersRead ? cpuMsPerThousand(ticksBetween(before.helpers, after.helpers), events) : Number.NaN,
    clientMsPer1k: events > 0 ? clientMicros / events : Number.NaN,
    machineBusy: machineTotal > 0 ? (after.machine.busy - before.machine.busy) / machineTotal : Number.NaN,
    rssKb: memory.rssKb,
    hwmKb: memory.hwmKb,
  };
}
