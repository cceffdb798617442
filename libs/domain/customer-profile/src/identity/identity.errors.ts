/** Refusals of manual identity decisions; the app maps the codes to HTTP statuses. */
export class CustomerConflict extends Error {
  constructor(
    readonly code: 'CUSTOMER.EXTERNAL_ID_CONFLICT' | 'CUSTOMER.ALREADY_MERGED' | 'CUSTOMER.NOT_MERGED' | 'CUSTOMER.SAME_CUSTOMER' | 'CUSTOMER.NOT_IDENTIFIED',
    message: string,
  ) {
    super(message);
    this.name = 'CustomerConflict';
  }
}
