import type { EntityManager } from 'typeorm';

/**
 * A value read at most once per transaction (a projection batch applies thousands of events in one) and forgotten
 * by the code that changes it in that transaction. Outside a transaction it is read every time.
 */
export function perTransaction<T>(load: (manager: EntityManager) => Promise<T>) {
  const values = new WeakMap<EntityManager, { value: T }>();
  return {
    async get(manager: EntityManager): Promise<T> {
      if (!manager.queryRunner?.isTransactionActive) return load(manager);
      const known = values.get(manager);
      if (known) return known.value;
      const value = await load(manager);
      values.set(manager, { value });
      return value;
    },
    /** The value as read by someone else in this transaction (a batch's first statement reads several at once). */
    know(manager: EntityManager, value: T): void {
      if (manager.queryRunner?.isTransactionActive) values.set(manager, { value });
    },
    forget(manager: EntityManager): void {
      values.delete(manager);
    },
  };
}
