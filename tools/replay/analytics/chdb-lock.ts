import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** chDB's data directory is held by another running process (the analytics service, most likely). */
export class ChdbLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    options?: { cause?: unknown },
  ) {
    super(`chDB at ${dataDir} is locked by process ${pid} (Cannot lock file ${join(dataDir, 'status')})`, options);
    this.name = 'ChdbLockedError';
  }
}

/**
 * The process holding a chDB directory, if a live one does. The engine reports "Cannot lock file <dir>/status"
 * only on stderr (the error handed to us says "Failed to create connection"), so the status file it keeps
 * while running, `PID: <n>`, is read instead; a stale one left by a crash names a dead process and is ignored.
 */
export function chdbLockHolder(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'status'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(/^PID:\s*(\d+)/m.exec(text)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
