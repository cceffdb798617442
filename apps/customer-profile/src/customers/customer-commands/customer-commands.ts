import type { CustomerErasedData, CustomersMergedData, CustomersUnmergedData, CustomerTagsChangedData } from '@csp/contracts';
import { CustomerConflict, type CustomerIdentityView, decideMerge, decideTags, decideUnmerge } from '@csp/customer-profile-domain';
import type { EventStore, ExpectedRevision } from '@csp/event-store';
import { NotFoundError } from '@csp/platform-nest';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { membersOf, survivorOf } from '../customer-refresh';

export interface Actor {
  kind: 'user' | 'connector' | 'system';
  id: string;
}

/**
 * Agents' decisions about customers, written as events on the customer's stream with the revision read just
 * before (a concurrent decision on the same customer gives 409/412, never a lost write). The read model
 * follows asynchronously (202 for merges; the tags response carries the resulting tags).
 */
export class CustomerCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  async merge(id: string, otherId: string, actor: Actor, now: Date): Promise<{ survivorId: string; mergedId: string }> {
    const [target, other] = [await this.view(id), await this.view(otherId)];
    for (const c of [target, other]) {
      // Identity decisions bind identifiers; a customer only a ticket named (no identifier seen yet) has none.
      const known: unknown[] = await this.dataSource.query('SELECT 1 FROM customer_aliases WHERE alias_id = $1', [c.id]);
      if (known.length === 0) throw new CustomerConflict('CUSTOMER.NOT_IDENTIFIED', `customer ${c.id} has no identifier yet; it cannot be merged`);
    }
    const decision = decideMerge(target, other);
    const data: CustomersMergedData = { ...decision, mode: 'manual', reason: 'merged by an agent', actor, at: now.toISOString() };
    await this.append(decision.survivorId, 'cs.customer.merged.v1', data);
    return decision;
  }

  async unmerge(id: string, otherId: string, actor: Actor, now: Date): Promise<{ survivorId: string; mergedId: string }> {
    const decision = decideUnmerge(await this.view(id), otherId);
    const data: CustomersUnmergedData = { ...decision, reason: 'unmerged by an agent', actor, at: now.toISOString() };
    await this.append(decision.survivorId, 'cs.customer.unmerged.v1', data);
    return decision;
  }

  async tags(id: string, add: string[] | undefined, remove: string[] | undefined, actor: Actor, now: Date): Promise<{ customerId: string; tags: string[]; changed: boolean }> {
    const customerId = await survivorOf(this.dataSource.manager, id);
    const [row]: { tags: string[] }[] = await this.dataSource.query('SELECT tags FROM customers WHERE id = $1', [customerId]);
    if (!row) throw new NotFoundError(`customer ${id} not found`);
    const change = decideTags(row.tags, add, remove);
    if (!change) return { customerId, tags: row.tags, changed: false };
    const data: CustomerTagsChangedData = { customerId, ...change, actor, at: now.toISOString() };
    await this.append(customerId, 'cs.customer.tags-changed.v1', data);
    return { customerId, tags: change.tags, changed: true };
  }

  /**
   * Erasure of the person: the customer the id answers as, with every id merged into it. A repeated request for
   * an id already erased answers the same way without a second event.
   */
  async erase(id: string, actor: Actor, now: Date): Promise<{ customerId: string; alsoErasedIds: string[] }> {
    const customerId = await survivorOf(this.dataSource.manager, id);
    const [row]: unknown[] = await this.dataSource.query('SELECT 1 FROM customers WHERE id = $1', [customerId]);
    if (!row) {
      const erased: unknown[] = await this.dataSource.query('SELECT 1 FROM erased_customers WHERE customer_id = $1', [id]);
      if (erased.length > 0) return { customerId: id, alsoErasedIds: [] };
      throw new NotFoundError(`customer ${id} not found`);
    }
    const alsoErasedIds = (await membersOf(this.dataSource.manager, customerId)).filter((m) => m !== customerId).sort();
    const data: CustomerErasedData = { customerId, alsoErasedIds, actor, at: now.toISOString() };
    await this.append(customerId, 'cs.customer.erased.v1', data);
    return { customerId, alsoErasedIds };
  }

  private async view(requested: string): Promise<CustomerIdentityView> {
    const id = await survivorOf(this.dataSource.manager, requested);
    const [row]: { merged_from: string[] }[] = await this.dataSource.query('SELECT merged_from FROM customers WHERE id = $1', [id]);
    if (!row) throw new NotFoundError(`customer ${requested} not found`);
    const ext: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM customer_identities WHERE customer_id = $1 AND kind = 'externalId' AND NOT shared ORDER BY value`,
      [id],
    );
    return { id, externalIds: ext.map((e) => e.value), mergedFrom: row.merged_from };
  }

  private async append(customerId: string, type: string, data: unknown): Promise<void> {
    const stream = `customer-${customerId}`;
    const existing = await this.store.readStream(stream);
    const expectedRevision: ExpectedRevision = existing.length === 0 ? 'no_stream' : existing[existing.length - 1].revision;
    await this.store.append(stream, [{ id: randomUUID(), type, data, metadata: { partitionKey: customerId, actor: (data as { actor: Actor }).actor.id, occurredAt: (data as { at: string }).at } }], { expectedRevision });
  }
}
