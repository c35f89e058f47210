// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, Suspense } from 'react';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PublishPanel } from './publish-panel';
import { ServicesProvider } from '../../hooks/services-context';
import { usePublishHistoryStore } from '../../stores/publish-history-store';
import type { Services } from '../../services/services';
import type { Publishing } from '../../services/publishing';
import type { CommandOutcome } from '../../services/command-service';

/** Services whose publishing part resolves when the test says so. */
function fakeServices() {
  const send = vi.fn(async (): Promise<CommandOutcome> => ({
    kind: 'error',
    error: 'not connected',
  }));
  const publishingServices = { commands: { send } } as unknown as Publishing;
  let ready: (p: Publishing) => void = () => undefined;
  const loading = new Promise<Publishing>((resolve) => (ready = resolve));
  const publishing = vi.fn(() => loading);
  const services = { publishing } as unknown as Services;
  return { services, publishing, send, ready: () => ready(publishingServices) };
}

/** Rendered in an awaited act: the panel suspends until the publishing services are up. */
async function renderPanel(services: Services) {
  await act(async () => {
    render(
      <ServicesProvider services={services}>
        <Suspense fallback={<p>Loading Publish…</p>}>
          <PublishPanel />
        </Suspense>
      </ServicesProvider>,
    );
  });
}

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
afterEach(() => {
  cleanup();
  usePublishHistoryStore.setState(usePublishHistoryStore.getInitialState(), true);
});

describe('PublishPanel and the publishing services', () => {
  it('asks for them on mount and shows once they are up', async () => {
    const fake = fakeServices();
    await renderPanel(fake.services);
    expect(fake.publishing).toHaveBeenCalled();
    expect(screen.getByText('Loading Publish…')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Publish' })).toBeNull();

    await act(async () => fake.ready());
    expect(screen.getByRole('region', { name: 'Publish' })).toBeTruthy();
    expect(screen.queryByText('Loading Publish…')).toBeNull();
  });

  it("the tabs use the loaded services (the Command tab's send)", async () => {
    const fake = fakeServices();
    await renderPanel(fake.services);
    await act(async () => fake.ready());
    await userEvent.click(screen.getByRole('button', { name: 'Send command' }));
    expect(fake.send).toHaveBeenCalledTimes(1);
    const result = screen.getByRole('status', { name: 'Command result' });
    expect(await within(result).findByText(/not connected/)).toBeTruthy();
    expect(usePublishHistoryStore.getState().entries).toHaveLength(1);
  });
});
