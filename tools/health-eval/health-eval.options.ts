import { Command, InvalidArgumentError } from 'commander';

export interface HealthEvalOptions {
  seed: number;
  customers: number;
  days: number;
  churnShare: number;
  json: boolean;
  /** Overrides of the model's defaults (healthModel), e.g. {"riskBelow":{"medium":60}}. */
  model: Record<string, Record<string, unknown>>;
}

const number = (check: (n: number) => boolean, what: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !check(n)) throw new InvalidArgumentError(`must be ${what}`);
  return n;
};

const HELP_AFTER = `
Simulates a population in which churners are planted with known labels (loud ones: complaints, poor
surveys, fewer orders, then none; silent ones: fading visits and orders), plus noise among those who stay
(rough patches of complaints, shopping pauses, naturally rare buyers). Every customer's events up to the
end of the period (the cut-off) go through evolveSignals and the health model; churn risk medium or high
counts as "predicted churner". Prints precision, recall and F1 of that prediction, AUC of the score, and
how each planted kind was flagged. The labels are used for scoring only, never by the model.

Example:
  npm run eval:health -- --customers 3000 --seed 7
`;

function parseModel(value: string): Record<string, Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('must be a JSON object');
  return parsed as Record<string, Record<string, unknown>>;
}

export function healthEvalCommand(): Command {
  return new Command('npm run eval:health --')
    .description('Evaluates the customer health / churn-risk model on simulated customers with planted churners.')
    .option('--seed <n>', 'seed of the population and its traffic', number((n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0'), 7)
    .option('--customers <n>', 'customers in the population', number((n) => Number.isInteger(n) && n >= 10, 'a whole number >= 10'), 2_000)
    .option('--days <n>', 'days of simulated activity before the cut-off', number((n) => Number.isInteger(n) && n >= 120 && n <= 1_000, 'a whole number from 120 to 1000'), 240)
    .option('--churn-share <x>', 'share of planted churners', number((n) => n > 0 && n < 1, 'a number between 0 and 1'), 0.15)
    .option('--json', 'print the results as JSON', false)
    .option('--model <json>', 'overrides of the model defaults, e.g. \'{"riskBelow":{"medium":60}}\'', parseModel, {})
    .addHelpText('after', HELP_AFTER)
    .showHelpAfterError();
}
