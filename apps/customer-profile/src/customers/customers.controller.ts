import { normaliseEmail, normalisePhone } from '@csp/contracts';
import { NotFoundError, Roles, ValidationError } from '@csp/platform-nest';
import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CUSTOMER_PROFILE_DEPS, type CustomerProfileDeps } from '../customer-profile.deps';
import { Customer360Query } from './customer-360.query';

const READERS = ['agent', 'lead', 'manager', 'admin'] as const;

@ApiTags('customers')
@Controller('v1/customers')
export class CustomersController {
  private readonly query: Customer360Query;

  constructor(@Inject(CUSTOMER_PROFILE_DEPS) deps: CustomerProfileDeps) {
    this.query = new Customer360Query(deps.dataSource);
  }

  /** Screen pop: by email, phone (E.164) or external id. */
  @Get('lookup')
  @Roles(...READERS)
  async lookup(@Query('email') email?: string, @Query('phone') phone?: string, @Query('externalId') externalId?: string) {
    if (phone !== undefined && !normalisePhone(phone)) {
      throw new ValidationError([{ path: '/query/phone', message: 'is not a valid phone number in international format (e.g. +4930123456)' }]);
    }
    const given = [
      ['email', email && normaliseEmail(email)],
      ['phone', phone && normalisePhone(phone)],
      ['externalId', externalId],
    ].filter(([, value]) => value);
    if (given.length !== 1) {
      throw new ValidationError([{ path: '/query', message: 'give exactly one of email, phone or externalId' }]);
    }
    const [[kind, value]] = given as [string, string][];
    const customer = await this.query.byIdentity(kind, value);
    if (!customer) throw new NotFoundError(`no customer with ${kind} ${value}`);
    return customer;
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const customer = await this.query.byId(id);
    if (!customer) throw new NotFoundError(`customer ${id} not found`);
    return customer;
  }
}
