// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { act } from 'react';
import { ConnectionStatus } from './connection-status';
import { useConnectionStore } from '../../stores/connection-store';

const initialState = useConnectionStore.getInitialState();

beforeAll(() => {
  // Tells React this is a test environment, so updates inside act() are flushed as in a browser.
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
beforeEach(() => useConnectionStore.setState(initialState, true));
afterEach(cleanup);

describe('ConnectionStatus', () => {
  it('begins with the phase word and adds the reason and the retry delay', () => {
    render(<ConnectionStatus />);
    const status = screen.getByRole('status', { name: 'Connection status' });
    expect(status.textContent).toMatch(/^Disconnected$/);
    act(() =>
      useConnectionStore.getState().applyStatus({
        phase: 'reconnecting',
        reason: 'Cannot reach ws://127.0.0.1:1/mqtt: no MQTT broker answered there.',
        reconnectCount: 2,
        nextRetryInMs: 4000,
      }),
    );
    expect(status.textContent).toMatch(/^Reconnecting: Cannot reach ws:\/\/127\.0\.0\.1:1\/mqtt/);
    expect(status.textContent).toContain('Next try in 4 s.');
    expect(screen.getByText(/reconnected 2 times/)).toBeTruthy();
  });

  it('says why a refused login stopped, with the hint', () => {
    render(<ConnectionStatus />);
    act(() =>
      useConnectionStore.getState().applyStatus({
        phase: 'disconnected',
        reason: 'Bad user name or password',
        hint: 'Check the user name and password.',
        reconnectCount: 0,
      }),
    );
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).toBe(
      'Disconnected: Bad user name or password Check the user name and password.',
    );
  });

  it('names the open connection and its MQTT version, not what the form says now', () => {
    render(<ConnectionStatus />);
    act(() => {
      const store = useConnectionStore.getState();
      store.beginAttempt({ url: 'ws://broker.test/mqtt', username: undefined, protocolVersion: 5 });
      store.applyStatus({ phase: 'connected', reconnectCount: 0 });
      store.updateForm({ protocolVersion: 4, url: 'ws://other.test/mqtt' });
    });
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).toBe(
      'Connected to ws://broker.test/mqtt (MQTT 5.0)',
    );
  });

  it('never shows a password written into the URL of the connection', () => {
    render(<ConnectionStatus />);
    act(() => {
      const store = useConnectionStore.getState();
      store.beginAttempt({
        url: 'ws://alice:secret@broker.test/mqtt',
        username: undefined,
        protocolVersion: 5,
      });
      store.applyStatus({ phase: 'connected', reconnectCount: 0 });
    });
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).toBe(
      'Connected to ws://broker.test/mqtt (MQTT 5.0)',
    );
  });

  it("shows invisible characters of a broker's reason string as marks", () => {
    render(<ConnectionStatus />);
    act(() =>
      useConnectionStore.getState().applyStatus({
        phase: 'disconnected',
        reason: 'Refused: \u202Etxt.exe',
        reconnectCount: 0,
      }),
    );
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).toBe(
      'Disconnected: Refused: ⟨RLO⟩txt.exe',
    );
  });

  it('starts from a fresh store in every test', () => {
    render(<ConnectionStatus />);
    expect(screen.getByRole('status', { name: 'Connection status' }).textContent).toBe(
      'Disconnected',
    );
    expect(screen.queryByText(/reconnected/)).toBeNull();
  });
});
