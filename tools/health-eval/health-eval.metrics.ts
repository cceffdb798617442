/** One customer as the evaluation sees it: the model's output and the planted truth. */
export interface Scored {
  score: number;
  flagged: boolean;
  churner: boolean;
}

export interface Metrics {
  customers: number;
  churners: number;
  flagged: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Area under the ROC curve of the risk (100 - score): the chance a churner scores below a stayer. */
  auc: number;
}

export function metricsOf(scored: readonly Scored[]): Metrics {
  const churners = scored.filter((s) => s.churner).length;
  const flagged = scored.filter((s) => s.flagged).length;
  const truePositives = scored.filter((s) => s.flagged && s.churner).length;
  const precision = flagged === 0 ? 0 : truePositives / flagged;
  const recall = churners === 0 ? 0 : truePositives / churners;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { customers: scored.length, churners, flagged, truePositives, precision, recall, f1, auc: auc(scored) };
}

/** Mann-Whitney: average rank of the churners' risk among all, ties sharing their mean rank. */
export function auc(scored: readonly Pick<Scored, 'score' | 'churner'>[]): number {
  const positives = scored.filter((s) => s.churner).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const sorted = [...scored].sort((a, b) => b.score - a.score); // ascending risk = descending score
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j].score === sorted[i].score) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k].churner) rankSum += meanRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Precision and recall if "predicted churner" meant a score below each threshold: the operating points. */
export function operatingPoints(scored: readonly Pick<Scored, 'score' | 'churner'>[], thresholds: readonly number[]): Array<{ below: number; precision: number; recall: number; flagged: number }> {
  return thresholds.map((below) => {
    const m = metricsOf(scored.map((s) => ({ ...s, flagged: s.score < below })));
    return { below, precision: m.precision, recall: m.recall, flagged: m.flagged };
  });
}
