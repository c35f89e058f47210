/**
 * The services only the Publish panel uses: commands, the generator, the message library and
 * the publish history. They and their domain code load apart from the first bundle, when the
 * Publish panel first asks for them (see `Services.publishing`).
 */
import type { Connection } from '../mqtt/connection';
import { openBrowserDb } from './browser-db';
import { CommandService, type MessageSource } from './command-service';
import { createGeneratorService, type GeneratorService } from './generator-service';
import { HistoryPersistence } from './history-persistence';
import { LibraryService } from './library-service';
import type { SubscriptionRegistry } from './subscription-registry';

export interface Publishing {
  commands: CommandService;
  generator: GeneratorService;
  /** The saved-message library, kept in the browser database. */
  library: LibraryService;
  /** Keeps the publish history in the browser database. */
  history: HistoryPersistence;
}

export interface PublishingDeps {
  connection: Connection;
  subscriptions: SubscriptionRegistry;
  /** Every kept live message (a command's reply is matched among them). */
  liveMessages: MessageSource;
}

/** Creates the publishing services; the library and the history start reading the database. */
export function createPublishing({
  connection,
  subscriptions,
  liveMessages,
}: PublishingDeps): Publishing {
  const db = openBrowserDb();
  return {
    commands: new CommandService(connection, subscriptions, liveMessages),
    generator: createGeneratorService(connection),
    library: new LibraryService(db),
    history: new HistoryPersistence(db),
  };
}
