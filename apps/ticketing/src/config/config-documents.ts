import { TICKETING_CONFIG_KINDS, type ValidationIssue } from '@csp/contracts';
import {
  CalendarsDocumentSchema, type RoutingRulesDocument, schemaIssues, SlaPoliciesDocumentSchema, SurveysDocumentSchema, type TeamsDocument,
  TimeRulesDocumentSchema, validateRoutingRules, validateTeams,
} from '@csp/ticketing-domain';
import type { ConfigKind } from './config-store';

export const CONFIG_KINDS: readonly ConfigKind[] = TICKETING_CONFIG_KINDS;

/** What the other documents are checked against (a routing rule must name an existing team). */
export interface ConfigContext {
  teams: TeamsDocument;
}

/** Every problem of a PUT document, with JSON Pointer paths; empty = valid. */
export function validateConfigDocument(kind: ConfigKind, document: unknown, context: ConfigContext): ValidationIssue[] {
  switch (kind) {
    case 'teams':
      return issuesOf(validateTeams(document));
    case 'routing-rules':
      return issuesOf(validateRoutingRules(document, context.teams));
    case 'sla-policies':
      return schemaIssues(SlaPoliciesDocumentSchema, document);
    case 'calendars':
      return schemaIssues(CalendarsDocumentSchema, document);
    case 'surveys':
      return schemaIssues(SurveysDocumentSchema, document);
    case 'time-rules':
      return schemaIssues(TimeRulesDocumentSchema, document);
  }
}

function issuesOf(result: { ok: true } | { ok: false; errors: ValidationIssue[] }): ValidationIssue[] {
  return result.ok ? [] : result.errors;
}

/** What applies before anyone configured a kind: nothing routed, no SLA, no survey. */
export function emptyDocument(kind: ConfigKind): Record<string, unknown> {
  switch (kind) {
    case 'teams':
      return { agents: [], teams: [] } satisfies TeamsDocument;
    case 'routing-rules':
      return { rules: [] };
    case 'sla-policies':
      return { policies: [] };
    case 'calendars':
      return { calendars: [] };
    case 'surveys':
      return { onSolve: { enabled: false, kinds: ['csat'] } };
    case 'time-rules':
      return { rules: [] };
  }
}

/** Routing needs a default team; without a stored routing document there is none and tickets stay unrouted. */
export function isRoutingConfigured(document: Record<string, unknown>): document is RoutingRulesDocument {
  return typeof document['default'] === 'object' && document['default'] !== null;
}
