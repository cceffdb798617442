import type { CustomersMergedData, CustomersUnmergedData, CustomerTierChangedData } from '@csp/contracts';
import type { TableRow } from '@csp/clickhouse';
import type { DeliveredEvent } from '@csp/message-bus';

/** Rows for cs.customers.v1: tier changes and merges (the tier dimension follows the surviving customer). */
export function customerEventRows(event: DeliveredEvent): TableRow[] {
  switch (event.type) {
    case 'cs.customer.tier-changed.v1': {
      const d = event.data as CustomerTierChangedData;
      return [{ table: 'customer_tiers', row: { customer_id: d.customerId, tier: d.to, at: d.at, event_id: event.id } }];
    }
    case 'cs.customer.merged.v1':
    case 'cs.customer.unmerged.v1': {
      const d = event.data as CustomersMergedData | CustomersUnmergedData;
      const merged = event.type === 'cs.customer.merged.v1' ? 1 : 0;
      return [{ table: 'customer_merges', row: { merged_id: d.mergedId, survivor_id: d.survivorId, merged, at: d.at, event_id: event.id } }];
    }
    default:
      return [];
  }
}
