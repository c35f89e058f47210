// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { act } from 'react';
import { ConnectionStatus } from './connection-status';
import { useConnectionStore } from '../../stores/connection-store';

afterEach(cleanup);

describe('ConnectionStatus', () => {
  it('begins with the phase word and adds the reason and the retry delay', () => {
    render(<ConnectionStatus />);
    const status = screen.getByRole('status', { name: 'Connection status' });
    expect(status.textContent).toMatch(/^Disconnected$/);
    act(() =>
      useConnectionStore.getState().applyStatus({
        type: 'status',
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
        type: 'status',
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
});
