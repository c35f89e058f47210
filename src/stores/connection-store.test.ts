// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { selectProtocolVersion, useConnectionStore } from './connection-store';

const initial = useConnectionStore.getInitialState();
beforeEach(() => useConnectionStore.setState(initial, true));

describe('connection store selectors', () => {
  it("use the open connection's MQTT version, not the form's", () => {
    const store = useConnectionStore.getState();
    store.updateForm({ protocolVersion: 5 });
    store.beginAttempt({ url: 'ws://a/mqtt', username: undefined, protocolVersion: 5 });
    store.applyStatus({ phase: 'connected', reconnectCount: 0 });
    useConnectionStore.getState().updateForm({ protocolVersion: 4 });
    expect(selectProtocolVersion(useConnectionStore.getState())).toBe(5);
  });

  it("use the form's version when nothing is open", () => {
    const store = useConnectionStore.getState();
    store.beginAttempt({ url: 'ws://a/mqtt', username: undefined, protocolVersion: 5 });
    store.applyStatus({ phase: 'disconnected', reconnectCount: 0 });
    useConnectionStore.getState().updateForm({ protocolVersion: 4 });
    expect(selectProtocolVersion(useConnectionStore.getState())).toBe(4);
  });
});
