import type { ValidationIssue } from '@csp/contracts';
import { schemaIssues, type DocumentValidation } from '../documents/document-schema.validate';
import type { TeamsDocument } from '../assignment/teams.document';
import { isMatchableKeyword } from './keyword-match';
import { RoutingRulesDocumentSchema, type RoutingRule, type RoutingRulesDocument } from './routing-rules.document';

/**
 * Validates a routing-rules document as PUT: the schema first, then what a schema cannot say. Rule ids are
 * unique; every rule sets something; keywords can match a whole word; no rule hides behind a rule without
 * conditions. Given the current teams document, teams must exist and some member of the team must have each
 * required skill, else its tickets would wait in the queue for good (run it again when the teams change).
 */
export function validateRoutingRules(value: unknown, teams?: TeamsDocument): DocumentValidation<RoutingRulesDocument> {
  const errors = schemaIssues(RoutingRulesDocumentSchema, value);
  if (errors.length > 0) return { ok: false, errors };
  const document = value as RoutingRulesDocument;
  const problems = [
    ...duplicateRuleIds(document.rules),
    ...document.rules.flatMap(ruleProblems),
    ...unreachableRules(document.rules),
    ...(teams ? teamProblems(document, teams) : []),
  ];
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, document };
}

function duplicateRuleIds(rules: readonly RoutingRule[]): ValidationIssue[] {
  const first = new Map<string, number>();
  return rules.flatMap((rule, index) => {
    const earlier = first.get(rule.id);
    if (earlier === undefined) first.set(rule.id, index);
    return earlier === undefined ? [] : [{ path: `/rules/${index}/id`, message: `duplicates the rule id '${rule.id}' of /rules/${earlier}` }];
  });
}

function ruleProblems(rule: RoutingRule, index: number): ValidationIssue[] {
  const path = `/rules/${index}`;
  const problems: ValidationIssue[] = [];
  if (Object.keys(rule.then).length === 0) {
    problems.push({ path: `${path}/then`, message: 'must set at least one of teamId, priority, category, requiredSkills' });
  }
  const keywords = rule.when.keywords;
  if (keywords && keywords.any === undefined && keywords.all === undefined) {
    problems.push({ path: `${path}/when/keywords`, message: 'must list keywords in any or all' });
  }
  for (const list of ['any', 'all'] as const) {
    keywords?.[list]?.forEach((keyword, k) => {
      if (!isMatchableKeyword(keyword)) {
        problems.push({ path: `${path}/when/keywords/${list}/${k}`, message: 'must contain a letter or digit to match as a whole word' });
      }
    });
  }
  return problems;
}

function unreachableRules(rules: readonly RoutingRule[]): ValidationIssue[] {
  const catchAll = rules.findIndex((rule) => Object.keys(rule.when).length === 0);
  if (catchAll < 0) return [];
  return rules.slice(catchAll + 1).map((_rule, offset) => ({
    path: `/rules/${catchAll + 1 + offset}`,
    message: `is never reached: /rules/${catchAll} has no conditions and matches every ticket`,
  }));
}

function teamProblems(document: RoutingRulesDocument, teams: TeamsDocument): ValidationIssue[] {
  const skillsByTeam = teamSkills(teams);
  const check = (path: string, teamId: string, teamPath: string | undefined, skills: readonly string[] | undefined) => {
    const known = skillsByTeam.get(teamId);
    if (!known) return teamPath ? [{ path: teamPath, message: `team '${teamId}' is not in the teams document` }] : [];
    return (skills ?? []).flatMap((skill, s) =>
      known.has(skill) ? [] : [{ path: `${path}/requiredSkills/${s}`, message: `no member of team '${teamId}' has skill '${skill}'` }],
    );
  };
  const fallback = document.default;
  return [
    ...check('/default', fallback.teamId, '/default/teamId', fallback.requiredSkills),
    ...document.rules.flatMap((rule, index) => {
      const path = `/rules/${index}/then`;
      const teamId = rule.then.teamId ?? fallback.teamId;
      return check(path, teamId, rule.then.teamId === undefined ? undefined : `${path}/teamId`, rule.then.requiredSkills);
    }),
  ];
}

/** Every skill some member of the team has, by team id. */
function teamSkills(teams: TeamsDocument): Map<string, Set<string>> {
  const agents = new Map(teams.agents.map((agent) => [agent.id, agent] as const));
  return new Map(
    teams.teams.map((team) => [team.id, new Set(team.members.flatMap((id) => agents.get(id)?.skills ?? []))] as const),
  );
}
