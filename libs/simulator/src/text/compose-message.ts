import type { SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { ENGLISH } from './english.texts';
import { fillTemplate, type TemplateValues } from './fill-template';
import { GERMAN } from './german.texts';
import type { IssueCategory } from './issue-category';
import type { LanguagePack } from './language-pack';

/** What a conversation is about; every message of one issue is written from the same context. */
export interface IssueContext {
  customer: SimCustomer;
  category: IssueCategory;
  angry: boolean;
  /** Emails and web forms are letters (greeting, subject, sign-off); chats, texts and DMs are not. */
  formal: boolean;
  pack: LanguagePack;
  values: TemplateValues;
}

export interface ComposedMessage {
  subject?: string;
  body: string;
  language: string;
}

/** German customers mostly write German; everyone else writes English. */
export function languageFor(customer: SimCustomer, rng: Random): LanguagePack {
  return customer.locale.language === 'de' && rng.chance(0.7) ? GERMAN : ENGLISH;
}

/** The first message of an issue: the problem, in the customer's mood and voice. */
export function openingMessage(ctx: IssueContext, rng: Random): ComposedMessage {
  const { pack, customer } = ctx;
  const texts = pack.issues[ctx.category];
  const parts: string[] = [];
  if (ctx.angry) parts.push(rng.pick(pack.angryOpeners));
  parts.push(rng.pick(texts.bodies));
  if (customer.tier !== 'standard' && rng.chance(0.5)) parts.push(rng.pick(pack.vipClosers));
  if (ctx.angry && rng.chance(0.7)) parts.push(rng.pick(pack.angryClosers));
  const body = letter(ctx, parts.join(' '), rng);
  if (!ctx.formal) return { body, language: pack.language };
  const subject = fill(rng.pick(texts.subjects), ctx);
  // Some angry customers shout in the subject line too.
  return { subject: ctx.angry && rng.chance(0.3) ? `${subject.toUpperCase()}!!` : subject, body, language: pack.language };
}

/** A later message on the same thread: a nudge, or an angrier one when the first was angry already. */
export function followUpMessage(ctx: IssueContext, rng: Random): ComposedMessage {
  const lines = ctx.angry ? ctx.pack.angryFollowUps : ctx.pack.followUps;
  return { body: letter(ctx, rng.pick(lines), rng), language: ctx.pack.language };
}

function letter(ctx: IssueContext, text: string, rng: Random): string {
  if (!ctx.formal) return fill(text, ctx);
  const signature = ctx.customer.company ? `${rng.pick(ctx.pack.signOffs)}\n${ctx.customer.company}` : rng.pick(ctx.pack.signOffs);
  return fill(`${rng.pick(ctx.pack.greetings)}\n\n${text}\n\n${signature}`, ctx);
}

function fill(template: string, ctx: IssueContext): string {
  return fillTemplate(template, { first: ctx.customer.firstName, ...ctx.values });
}
