import { eventsAndCommands } from './events-commands-steps';
import { lastWill } from './last-will-steps';
import { messageExpiry } from './message-expiry-steps';
import { noLocalRetainHandling } from './no-local-retain-steps';
import { qosLevels } from './qos-steps';
import { retainedMessages } from './retained-steps';
import type { ScenarioDefinition } from './scenario-types';
import { sharedSubscriptions } from './shared-steps';
import { wildcards } from './wildcards-steps';

export const SCENARIOS: readonly ScenarioDefinition[] = [
  eventsAndCommands,
  qosLevels,
  retainedMessages,
  lastWill,
  wildcards,
  sharedSubscriptions,
  messageExpiry,
  noLocalRetainHandling,
];
