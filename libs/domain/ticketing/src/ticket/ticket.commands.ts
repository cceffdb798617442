import type { TicketMessageAddedData } from '@csp/contracts';
import type { TicketPriority, TicketStatus } from './ticket.types';

/** Who acts: a person (user id), a connector, or an automation (`intake`, `routing`, `time-rules`, `sla`). */
export interface Actor {
  kind: 'user' | 'connector' | 'system';
  id: string;
}

/** Commands of the Ticket decider. Time always comes in with the command (`now`). */
export type TicketCommand =
  | OpenTicket
  | AddCustomerMessage
  | AddAgentMessage
  | ChangeStatus
  | ChangePriority
  | RouteTicket
  | AssignTicket
  | UnassignTicket
  | MergeTicket;

/** Opens a ticket: automatically from an inbound message or unresolved call, or by an agent. */
export interface OpenTicket {
  type: 'OpenTicket';
  ticketId: string;
  number: number;
  customerId: string;
  channel: string;
  subject?: string;
  body: string;
  messageId: string;
  /** The interaction event that carried the message (automatic intake). */
  sourceEventId?: string;
  threadId?: string;
  /** BCP 47 tag of the customer's message, when the connector knew it. */
  language?: string;
  /** The ticket this one follows up (the customer wrote again after its reopen window). */
  followUpOf?: string;
  priority?: TicketPriority;
  /** Absent for the automatic intake (`system`). */
  agent?: Actor;
  now: Date;
}

/** A customer wrote again on the ticket's thread. */
export interface AddCustomerMessage {
  type: 'AddCustomerMessage';
  messageId: string;
  body: string;
  channel?: TicketMessageAddedData['channel'];
  sourceEventId?: string;
  /** A solved ticket reopens when the customer replies within this many minutes of solving. */
  reopenWindowMinutes: number;
  now: Date;
}

/** A public reply or an internal note of an agent, or an automatic message (acknowledgement, time rule). */
export interface AddAgentMessage {
  type: 'AddAgentMessage';
  messageId: string;
  body: string;
  public: boolean;
  author: Actor;
  now: Date;
}

export interface ChangeStatus {
  type: 'ChangeStatus';
  to: TicketStatus;
  actor: Actor;
  now: Date;
}

export interface ChangePriority {
  type: 'ChangePriority';
  to: TicketPriority;
  reason: 'manual' | 'routing' | 'time_rule' | 'sla_escalation';
  actor: Actor;
  now: Date;
}

/** The outcome of the routing rules (first match wins), or of a re-evaluation when the tier became known. */
export interface RouteTicket {
  type: 'RouteTicket';
  teamId: string;
  category: string;
  priority: TicketPriority;
  requiredSkills: string[];
  ruleId?: string;
  rulesVersion?: number;
  now: Date;
}

export interface AssignTicket {
  type: 'AssignTicket';
  agentId: string;
  teamId: string;
  strategy: 'manual' | 'round_robin' | 'least_loaded' | 'skills';
  actor: Actor;
  now: Date;
}

export interface UnassignTicket {
  type: 'UnassignTicket';
  reason: 'no_agent_available' | 'agent_unavailable' | 'manual' | 'time_rule' | 'team_changed';
  actor: Actor;
  now: Date;
}

/** Merges this ticket (a duplicate) into another; this one closes. */
export interface MergeTicket {
  type: 'MergeTicket';
  intoTicketId: string;
  actor: Actor;
  now: Date;
}
