import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestChdbDir {
  dir: string;
  cleanup(): void;
}

/**
 * A fresh chDB data directory under the OS temp dir, one per test file: chDB binds one directory per
 * process and locks it against other processes, so test files never share one. Close the store before
 * `cleanup()`.
 */
export function createTestChdbDir(prefix = 'csp-chdb-'): TestChdbDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
