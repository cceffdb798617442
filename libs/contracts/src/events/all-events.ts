import type { EventDefinition } from '../catalogue/event-definition';
import { ProfileConfigChanged, TicketingConfigChanged } from './config.events';
import {
  ChurnRiskCleared, ChurnRiskRaised, CustomerErased, CustomerHealthChanged, CustomerIdentityLinked, CustomersMerged,
  CustomersUnmerged, CustomerTagsChanged, CustomerTierChanged, SegmentEntered, SegmentLeft,
} from './customer.events';
import { OutboundDeliveryRecorded, OutboundRequested } from './outbound.events';
import { CartAbandoned, OrderPlaced, OrderRefunded, PageViewed, ProductViewed } from './public/commerce.events';
import {
  CallCompleted, CustomerIdentified, MarketingEngaged, MessageReceived, SocialMentioned, SurveyAnswered,
} from './public/contact.events';
import { SlaAchieved, SlaActivated, SlaBreached, SlaPaused, SlaResumed, SlaWarned } from './sla.events';
import {
  SurveyRequested, TicketMerged, TicketMessageAdded, TicketOpened, TicketReopened, TicketStatusChanged,
} from './ticket.events';
import { TicketAssigned, TicketPriorityChanged, TicketRouted, TicketUnassigned } from './ticket-routing.events';

/** The events connectors may send to ingestion (api.md, "Event types"). */
export const PUBLIC_EVENTS: readonly EventDefinition[] = [
  CustomerIdentified, MessageReceived, CallCompleted, SocialMentioned, PageViewed, ProductViewed,
  CartAbandoned, MarketingEngaged, OrderPlaced, OrderRefunded, SurveyAnswered,
];

/** The integration events the services publish to each other. */
export const INTEGRATION_EVENTS: readonly EventDefinition[] = [
  TicketOpened, TicketMessageAdded, TicketRouted, TicketAssigned, TicketUnassigned, TicketPriorityChanged,
  TicketStatusChanged, TicketReopened, TicketMerged,
  SlaActivated, SlaPaused, SlaResumed, SlaWarned, SlaAchieved, SlaBreached,
  SurveyRequested, TicketingConfigChanged,
  OutboundRequested, OutboundDeliveryRecorded,
  CustomerIdentityLinked, CustomersMerged, CustomersUnmerged, CustomerTierChanged, CustomerTagsChanged,
  SegmentEntered, SegmentLeft, CustomerHealthChanged, ChurnRiskRaised, ChurnRiskCleared, CustomerErased,
  ProfileConfigChanged,
];

/** The complete catalogue: every event type of api.md plus the integration events between services. */
export const ALL_EVENTS: readonly EventDefinition[] = [...PUBLIC_EVENTS, ...INTEGRATION_EVENTS];
