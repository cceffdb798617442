import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The production migration's statements, comments dropped, with the `${NAME}` placeholders filled in. */
export function analystUserStatements(values: Record<string, string>): string[] {
  const text = readFileSync(join(__dirname, 'analyst-user.sql'), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`no value for \${${name}}`);
      return value;
    });
  return text
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
