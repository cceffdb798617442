import type { ValidationIssue } from '@csp/contracts';
import { schemaIssues, type DocumentValidation } from '../documents/document-schema.validate';
import { TeamsDocumentSchema, type TeamsDocument } from './teams.document';

/**
 * Validates a teams document as PUT: the schema first, then what a schema cannot say (unique team and agent
 * ids, members that exist). Every problem comes back with its JSON Pointer, so the client can fix all at once.
 */
export function validateTeams(value: unknown): DocumentValidation<TeamsDocument> {
  const errors = schemaIssues(TeamsDocumentSchema, value);
  if (errors.length > 0) return { ok: false, errors };
  const document = value as TeamsDocument;
  const problems = [...duplicateIds(document), ...unknownMembers(document)];
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, document };
}

function duplicateIds(document: TeamsDocument): ValidationIssue[] {
  return [
    ...duplicatesOf(document.agents.map((a) => a.id), (i) => `/agents/${i}/id`, 'agent'),
    ...duplicatesOf(document.teams.map((t) => t.id), (i) => `/teams/${i}/id`, 'team'),
  ];
}

function duplicatesOf(ids: readonly string[], pathOf: (index: number) => string, what: string): ValidationIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  ids.forEach((id, index) => {
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else issues.push({ path: pathOf(index), message: `duplicates the ${what} id '${id}' of ${pathOf(first)}` });
  });
  return issues;
}

function unknownMembers(document: TeamsDocument): ValidationIssue[] {
  const agentIds = new Set(document.agents.map((a) => a.id));
  return document.teams.flatMap((team, t) =>
    team.members.flatMap((member, m) =>
      agentIds.has(member) ? [] : [{ path: `/teams/${t}/members/${m}`, message: `agent '${member}' is not in /agents` }],
    ),
  );
}
