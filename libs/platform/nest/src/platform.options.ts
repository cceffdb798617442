/** What `PlatformModule.forRoot` takes. */
export interface PlatformModuleOptions {
  serviceName: string;
  version: string;
  /**
   * HTTP status per domain error code (`{ 'TICKET.NOT_FOUND': 404, 'TICKET.ALREADY_CLOSED': 409 }`), merged over
   * the built-ins. An error whose code is in neither table is a 500: Node and driver errors carry codes too.
   */
  errorStatus?: Readonly<Record<string, number>>;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');

/**
 * The validated service config (`loadConfig` result), provided globally by `bootstrapService`/`createTestApp`:
 * `constructor(@Inject(SERVICE_CONFIG) config: TicketingConfig)`.
 */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
