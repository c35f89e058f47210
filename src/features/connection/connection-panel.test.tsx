// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act } from 'react';
import { ConnectionPanel } from './connection-panel';
import { useConnectionStore } from '../../stores/connection-store';
import { ServicesProvider } from '../../hooks/services-context';
import type { Services } from '../../services/services';
import type { ConnectionForm } from '../../domain/connection-form';

const initialState = useConnectionStore.getInitialState();

/** A connection service that records the form it was asked to connect with. */
function fakeServices() {
  const connectedWith: ConnectionForm[] = [];
  const connection = {
    connect: () => {
      connectedWith.push(useConnectionStore.getState().form);
      return true;
    },
    disconnect: () => undefined,
    undoClear: () => undefined,
  };
  return { services: { connection } as unknown as Services, connectedWith };
}

function renderPanel() {
  const fake = fakeServices();
  render(
    <ServicesProvider services={fake.services}>
      <ConnectionPanel />
    </ServicesProvider>,
  );
  const region = screen.getByRole('region', { name: 'Connection' });
  return {
    ...fake,
    url: within(region).getByRole('textbox', { name: 'Broker URL' }),
    username: within(region).getByRole('textbox', { name: 'Username' }),
    password: within(region).getByLabelText('Password', { exact: true }),
    connect: within(region).getByRole('button', { name: 'Connect' }),
    region,
  };
}

/** Every value written to localStorage during the test. */
let written: string[] = [];

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
beforeEach(() => {
  useConnectionStore.setState(initialState, true);
  window.localStorage.clear();
  written = [];
  const setItem = Storage.prototype.setItem;
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (
    this: Storage,
    key: string,
    value: string,
  ) {
    written.push(value);
    setItem.call(this, key, value);
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ConnectionPanel and credentials in the Broker URL', () => {
  it('moves a typed user name and password into their fields, keystroke by keystroke', async () => {
    const user = userEvent.setup();
    const panel = renderPanel();
    await user.clear(panel.url);
    await user.type(panel.url, 'ws://alice:secret@127.0.0.1:9001/mqtt');
    expect(panel.url).toHaveValue('ws://127.0.0.1:9001/mqtt');
    expect(panel.username).toHaveValue('alice');
    expect(panel.password).toHaveValue('secret');
    expect(useConnectionStore.getState().form.url).toBe('ws://127.0.0.1:9001/mqtt');
    // Not even while it was being typed: nothing stored ever held the password.
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((v) => v.includes('secret'))).toEqual([]);
    expect(within(panel.region).getByText(/were moved to Username and Password/)).toBeVisible();

    await user.click(panel.connect);
    expect(panel.connectedWith).toHaveLength(1);
    expect(panel.connectedWith[0]).toMatchObject({
      url: 'ws://127.0.0.1:9001/mqtt',
      username: 'alice',
      password: 'secret',
    });
    expect(written.filter((v) => v.includes('secret'))).toEqual([]);
  });

  it('moves pasted credentials at once, percent-decoded', async () => {
    const user = userEvent.setup();
    const panel = renderPanel();
    await user.clear(panel.url);
    await user.click(panel.url);
    await user.paste('wss://bob:p%40ss@broker.test/mqtt');
    expect(panel.url).toHaveValue('wss://broker.test/mqtt');
    expect(panel.username).toHaveValue('bob');
    expect(panel.password).toHaveValue('p@ss');
    expect(written.filter((v) => v.includes('p@ss') || v.includes('p%40ss'))).toEqual([]);
  });

  it('keeps the password when "Remember password" is ticked, and says where', async () => {
    const user = userEvent.setup();
    const panel = renderPanel();
    const remember = within(panel.region).getByRole('checkbox', { name: 'Remember password' });
    expect(remember).toHaveAccessibleDescription(/browser's storage, not encrypted/);
    await user.click(remember);
    await user.clear(panel.url);
    await user.click(panel.url);
    await user.paste('ws://alice:secret@127.0.0.1:9001/mqtt');
    const stored = written.filter((v) => v.includes('secret'));
    expect(stored.length).toBeGreaterThan(0);
    for (const value of stored) expect(value).not.toContain('alice:secret@');
  });

  it('does not connect with, or store, a URL that is a password without its host yet', async () => {
    const user = userEvent.setup();
    const panel = renderPanel();
    await user.clear(panel.url);
    await user.type(panel.url, 'ws://alice:secret');
    expect(panel.url).toHaveValue('ws://alice:secret');
    await user.click(panel.connect);
    expect(panel.connectedWith).toEqual([]);
    expect(within(panel.region).getByRole('alert')).toHaveTextContent(/not a valid URL/);
    expect(written.filter((v) => v.includes('secret'))).toEqual([]);
  });

  it('moves credentials of a URL set elsewhere (a ?broker= link) before anything else', () => {
    act(() => useConnectionStore.getState().updateForm({ url: 'ws://carol:pw1@h.test:1/m' }));
    const panel = renderPanel();
    expect(panel.url).toHaveValue('ws://h.test:1/m');
    expect(panel.username).toHaveValue('carol');
    expect(panel.password).toHaveValue('pw1');
    expect(useConnectionStore.getState().form.url).toBe('ws://h.test:1/m');
  });
});
