import { CustomerConflict } from './identity.errors';

/** What a manual decision needs to know about a customer as it is resolved now. */
export interface CustomerIdentityView {
  /** The surviving id the requested id answers as. */
  id: string;
  externalIds: readonly string[];
  /** Ids merged into this customer (automatically or manually). */
  mergedFrom: readonly string[];
}

export interface MergeDecision {
  survivorId: string;
  mergedId: string;
}

/**
 * A manual merge: never two customers with different external ids (the connector says they are two people),
 * never a customer with itself. The survivor is the customer the agent is looking at.
 */
export function decideMerge(target: CustomerIdentityView, other: CustomerIdentityView): MergeDecision {
  if (target.id === other.id) throw new CustomerConflict('CUSTOMER.ALREADY_MERGED', `customer ${other.id} already answers as ${target.id}`);
  const [a, b] = [target.externalIds[0], other.externalIds[0]];
  if (a && b && a !== b) {
    throw new CustomerConflict('CUSTOMER.EXTERNAL_ID_CONFLICT', `customers ${target.id} and ${other.id} have different external ids (${a}, ${b}): they are two people`);
  }
  return { survivorId: target.id, mergedId: other.id };
}

/** An unmerge: `otherId` must be one of the ids merged into the customer (or the customer it was merged into). */
export function decideUnmerge(target: CustomerIdentityView, otherId: string): MergeDecision {
  if (otherId === target.id) throw new CustomerConflict('CUSTOMER.SAME_CUSTOMER', `give the id that was merged into ${target.id}, not the survivor itself`);
  if (!target.mergedFrom.includes(otherId)) throw new CustomerConflict('CUSTOMER.NOT_MERGED', `customer ${otherId} is not merged into ${target.id}`);
  return { survivorId: target.id, mergedId: otherId };
}
