import type { IssueCategory } from './issue-category';

/** What customers write in one language: the opening message of each category, and the turns around it. */
export interface LanguagePack {
  language: string;
  greetings: readonly string[];
  signOffs: readonly string[];
  /** Prepended to the body of an angry customer. */
  angryOpeners: readonly string[];
  angryClosers: readonly string[];
  /** A long-standing or business customer reminding us of it. */
  vipClosers: readonly string[];
  followUps: readonly string[];
  angryFollowUps: readonly string[];
  issues: Record<IssueCategory, { subjects: readonly string[]; bodies: readonly string[] }>;
}
