import { Type } from '@sinclair/typebox';

const Str = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** `Customer` of api.md: at least one identifier; emails lower-cased and phones in E.164 after normalisation. */
export const CustomerRefSchema = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Type.Optional(Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164 after normalisation' })),
    externalId: Type.Optional(Str(200)),
    social: Type.Optional(Type.Object({ platform: Str(50), handle: Str(200) }, { additionalProperties: false })),
    anonymousId: Type.Optional(Str(200)),
    name: Type.Optional(Str(200)),
  },
  {
    additionalProperties: false,
    anyOf: [
      { required: ['email'] },
      { required: ['phone'] },
      { required: ['externalId'] },
      { required: ['social'] },
      { required: ['anonymousId'] },
    ],
  },
);

export { Str };
