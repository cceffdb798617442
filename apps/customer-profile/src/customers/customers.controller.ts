import { normaliseEmail, normalisePhone } from '@csp/contracts';
import { NotFoundError, Roles, ValidationError } from '@csp/platform-nest';
import { ConflictException, Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CUSTOMER_PROFILE_DEPS, type CustomerProfileDeps } from '../customer-profile.deps';
import { Customer360Query } from './customer-360.query';
import { ListCustomersQuery } from './list-customers/list-customers.query';
import { parseLimit } from './page-cursor';
import { TimelineQuery } from './timeline/timeline.query';

const READERS = ['agent', 'lead', 'manager', 'admin'] as const;
const TIERS = ['standard', 'gold', 'vip'];
const RISKS = ['low', 'medium', 'high'];

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  private readonly customers: Customer360Query;
  private readonly timeline: TimelineQuery;
  private readonly list: ListCustomersQuery;

  constructor(@Inject(CUSTOMER_PROFILE_DEPS) deps: CustomerProfileDeps) {
    this.customers = new Customer360Query(deps.dataSource);
    this.timeline = new TimelineQuery(deps.dataSource);
    this.list = new ListCustomersQuery(deps.dataSource);
  }

  @Get()
  @Roles(...READERS)
  find(@Query() q: Record<string, string | undefined>) {
    const errors = [
      ...(q.tier !== undefined && !TIERS.includes(q.tier) ? [{ path: '/query/tier', message: `must be one of: ${TIERS.join(', ')}` }] : []),
      ...(q.churnRisk !== undefined && !RISKS.includes(q.churnRisk) ? [{ path: '/query/churnRisk', message: `must be one of: ${RISKS.join(', ')}` }] : []),
    ];
    if (errors.length) throw new ValidationError(errors);
    return this.list.page({ segment: q.segment, tag: q.tag, churnRisk: q.churnRisk, tier: q.tier }, parseLimit(q.limit), q.cursor);
  }

  /**
   * Screen pop: by email, phone (any international spelling) or external id. A shared identifier (a family
   * email) answers 409 with the candidate customers rather than guessing.
   */
  @Get('lookup')
  @Roles(...READERS)
  async lookup(@Query('email') email?: string, @Query('phone') phone?: string, @Query('externalId') externalId?: string) {
    // Parsing a phone number is the costliest step of a screen pop (libphonenumber): once per request.
    const phoneValue = phone === undefined ? undefined : normalisePhone(phone);
    if (phone !== undefined && !phoneValue) {
      throw new ValidationError([{ path: '/query/phone', message: 'is not a valid phone number in international format (e.g. +4930123456)' }]);
    }
    const given = [
      ['email', email && normaliseEmail(email)],
      ['phone', phoneValue],
      ['externalId', externalId?.trim()],
    ].filter(([, value]) => value);
    if (given.length !== 1) {
      throw new ValidationError([{ path: '/query', message: 'give exactly one of email, phone or externalId' }]);
    }
    const [[kind, value]] = given as [string, string][];
    const { ids, customer } = await this.customers.lookup(kind, value);
    if (ids.length > 1) {
      throw new ConflictException({ code: 'CUSTOMER.AMBIGUOUS_IDENTIFIER', message: `${kind} ${value} is shared by ${ids.length} customers: ${ids.join(', ')}` });
    }
    if (!customer) throw new NotFoundError(`no customer with ${kind} ${value}`);
    return customer;
  }

  /** A merged-away id answers 200 with the survivor (its `id` is the survivor's; `mergedFrom` lists the asked id). */
  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const customer = await this.customers.byId(id);
    if (!customer) throw new NotFoundError(`customer ${id} not found`);
    return customer;
  }

  @Get(':id/timeline')
  @Roles(...READERS)
  async history(@Param('id', ParseUUIDPipe) id: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    const page = await this.timeline.page(id, parseLimit(limit), cursor);
    if (!page) throw new NotFoundError(`customer ${id} not found`);
    return page;
  }
}
