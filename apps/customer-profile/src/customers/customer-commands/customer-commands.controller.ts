import { actorOf, CurrentPrincipal, type Principal, Roles, schemaPipe } from '@csp/platform-nest';
import { Body, Controller, Delete, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Static, Type } from '@sinclair/typebox';
import { CUSTOMER_PROFILE_DEPS, type CustomerProfileDeps } from '../../customer-profile.deps';
import { CustomerCommands } from './customer-commands';

const OtherBody = Type.Object({ otherId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const Tag = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const TagsBody = Type.Object(
  { add: Type.Optional(Type.Array(Tag, { maxItems: 100 })), remove: Type.Optional(Type.Array(Tag, { maxItems: 100 })) },
  { additionalProperties: false, minProperties: 1 },
);

/**
 * Merges, unmerges and erasures are accepted (202) and take effect when the projection applies the event; after a
 * merge both ids answer as the survivor (after an unmerge, as themselves again); after an erasure neither answers
 * (404) and the other services forget the customer too (cs.customer.erased.v1).
 */
@ApiTags('customers')
@Controller('v1/customers/:id')
export class CustomerCommandsController {
  private readonly commands: CustomerCommands;

  constructor(@Inject(CUSTOMER_PROFILE_DEPS) deps: CustomerProfileDeps) {
    this.commands = new CustomerCommands(deps.dataSource, deps.runtime.store);
  }

  @Post('merge')
  @Roles('lead', 'manager', 'admin')
  @HttpCode(202)
  merge(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(OtherBody)) body: Static<typeof OtherBody>, @CurrentPrincipal() who: Principal) {
    return this.commands.merge(id, body.otherId, actorOf(who), new Date());
  }

  @Post('unmerge')
  @Roles('lead', 'manager', 'admin')
  @HttpCode(202)
  unmerge(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(OtherBody)) body: Static<typeof OtherBody>, @CurrentPrincipal() who: Principal) {
    return this.commands.unmerge(id, body.otherId, actorOf(who), new Date());
  }

  @Delete()
  @Roles('manager', 'admin')
  @HttpCode(202)
  erase(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() who: Principal) {
    return this.commands.erase(id, actorOf(who), new Date());
  }

  @Post('tags')
  @Roles('agent', 'lead', 'manager', 'admin')
  @HttpCode(200)
  tags(@Param('id', ParseUUIDPipe) id: string, @Body(schemaPipe(TagsBody)) body: Static<typeof TagsBody>, @CurrentPrincipal() who: Principal) {
    return this.commands.tags(id, body.add, body.remove, actorOf(who), new Date());
  }
}

