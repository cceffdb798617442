import { Type } from '@sinclair/typebox';
import { Str } from './common.schema';

/** `Customer` of api.md: at least one identifier; emails lower-cased and phones in E.164 after normalisation. */
export const CustomerRefSchema = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Type.Optional(Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', maxLength: 16, description: 'E.164 after normalisation' })),
    externalId: Type.Optional(Str(200)),
    social: Type.Optional(Type.Object({ platform: Str(50), handle: Str(200) }, { additionalProperties: false })),
    anonymousId: Type.Optional(Str(200)),
    name: Type.Optional(Str(200)),
  },
  {
    additionalProperties: false,
    description: 'at least one identifier: email, phone, externalId, social or anonymousId (name alone is not one)',
    // "At least one identifier" as "not only `name`": one error at the customer's path, where `anyOf` of
    // `required` would also report every identifier as missing and mislead the connector.
    not: { propertyNames: { const: 'name' } },
  },
);
