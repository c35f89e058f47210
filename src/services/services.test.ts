// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createServices } from './services';
import { CommandService } from './command-service';
import { HistoryPersistence } from './history-persistence';
import { LibraryService } from './library-service';
import { createInProcessConnection } from '../test-support/in-process-connection';

describe('services.publishing()', () => {
  it('loads the publishing services on the first call, and gives the same ones after', async () => {
    const connection = createInProcessConnection();
    const services = createServices(connection);
    const first = services.publishing();
    expect(services.publishing()).toBe(first);
    const publishing = await first;
    expect(publishing.commands).toBeInstanceOf(CommandService);
    expect(publishing.library).toBeInstanceOf(LibraryService);
    expect(publishing.history).toBeInstanceOf(HistoryPersistence);
    expect(typeof publishing.generator.start).toBe('function');
    // No IndexedDB here: the history and the library still settle.
    await publishing.history.started;
    await publishing.library.loaded;
    connection.terminate();
  });
});
