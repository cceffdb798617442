import { Type } from '@sinclair/typebox';
import { defineEvent } from '../catalogue/event-definition';
import { CustomerRefSchema, Str } from './customer-ref.schema';


export const MessageReceived = defineEvent({
  type: 'cs.message.received.v1',
  version: 1,
  owner: 'ingestion',
  category: 'interaction',
  public: true,
  description: 'A customer wrote to us on a channel (email, chat, sms, social, webform, phone). Opens or updates a ticket.',
  schema: Type.Object(
    {
      channel: Type.Union([
        Type.Literal('email'), Type.Literal('chat'), Type.Literal('sms'),
        Type.Literal('social'), Type.Literal('webform'), Type.Literal('phone'),
      ]),
      customer: CustomerRefSchema,
      thread: Type.Optional(Type.Object({ externalId: Str(200) }, { additionalProperties: false })),
      subject: Type.Optional(Type.String({ maxLength: 500 })),
      body: Type.String({ maxLength: 100_000 }),
      language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
      attachments: Type.Optional(
        Type.Array(
          Type.Object(
            { name: Str(500), url: Type.String({ format: 'uri', maxLength: 2000 }), size: Type.Integer({ minimum: 0 }) },
            { additionalProperties: false },
          ),
          { maxItems: 50 },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
