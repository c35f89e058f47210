import { create } from 'zustand';
import {
  defaultConnectionForm,
  validateBrokerUrl,
  validateWill,
  type ConnectionForm,
} from '../domain/connection-form';
import type { ConnackInfo, ConnectRequest } from '../domain/mqtt-types';
import type { StatusEvent } from '../mqtt/worker-protocol';
import { getRuntime } from '../app/runtime';
import { readStored, writeStored } from './persisted';

const FORM_KEY = 'brokerscope.connection';
const PROFILES_KEY = 'brokerscope.profiles';
const AUTO_CONNECT_KEY = 'brokerscope.autoConnect';

export type Phase = StatusEvent['phase'];

export interface SavedProfile {
  name: string;
  form: ConnectionForm;
  rememberPassword: boolean;
}

interface ConnectionState {
  form: ConnectionForm;
  rememberPassword: boolean;
  phase: Phase;
  reason: string | undefined;
  hint: string | undefined;
  protocolRefused: boolean;
  reconnectCount: number;
  nextRetryInMs: number | undefined;
  connack: ConnackInfo | undefined;
  /** The URL of the connection that is open or being tried. */
  activeUrl: string | undefined;
  /** A problem found before connecting, such as a malformed URL. */
  formError: string | undefined;
  profiles: SavedProfile[];
  updateForm: (patch: Partial<ConnectionForm>) => void;
  setRememberPassword: (remember: boolean) => void;
  connect: () => void;
  disconnect: () => void;
  applyStatus: (event: StatusEvent) => void;
  saveProfile: (name: string) => void;
  loadProfile: (name: string) => void;
  deleteProfile: (name: string) => void;
}

function storedForm(): { form: ConnectionForm; rememberPassword: boolean } {
  const fallback = defaultConnectionForm(window.location);
  const stored = readStored<{ form?: Partial<ConnectionForm>; rememberPassword?: boolean }>(
    FORM_KEY,
    {},
  );
  return {
    form: { ...fallback, ...stored.form, will: { ...fallback.will, ...stored.form?.will } },
    rememberPassword: stored.rememberPassword ?? false,
  };
}

function persistForm(form: ConnectionForm, rememberPassword: boolean): void {
  writeStored(FORM_KEY, {
    form: { ...form, password: rememberPassword ? form.password : '' },
    rememberPassword,
  });
}

export function toConnectRequest(form: ConnectionForm): ConnectRequest {
  return {
    url: form.url.trim(),
    clientId: form.clientId.trim(),
    username: form.username || undefined,
    password: form.password || undefined,
    protocolVersion: form.protocolVersion,
    clean: form.cleanStart,
    keepaliveSec: form.keepaliveSec,
    connectTimeoutMs: form.connectTimeoutMs,
    sessionExpirySec: form.protocolVersion === 5 ? form.sessionExpirySec : undefined,
    reconnect: form.reconnect,
    will: form.will.enabled
      ? {
          topic: form.will.topic,
          payload: form.will.payload,
          qos: form.will.qos,
          retain: form.will.retain,
        }
      : undefined,
  };
}

export function wantsAutoConnect(): boolean {
  return readStored<boolean>(AUTO_CONNECT_KEY, true);
}

const initial = storedForm();

export const useConnectionStore = create<ConnectionState>((set, get) => ({
  form: initial.form,
  rememberPassword: initial.rememberPassword,
  phase: 'disconnected',
  reason: undefined,
  hint: undefined,
  protocolRefused: false,
  reconnectCount: 0,
  nextRetryInMs: undefined,
  connack: undefined,
  activeUrl: undefined,
  formError: undefined,
  profiles: readStored<SavedProfile[]>(PROFILES_KEY, []),
  updateForm: (patch) => {
    const form = { ...get().form, ...patch };
    persistForm(form, get().rememberPassword);
    set({ form, formError: undefined });
  },
  setRememberPassword: (rememberPassword) => {
    persistForm(get().form, rememberPassword);
    set({ rememberPassword });
  },
  connect: () => {
    const { form } = get();
    const problem =
      validateBrokerUrl(form.url.trim(), window.location.protocol) ??
      (form.clientId.trim() === '' && !form.cleanStart
        ? 'A persistent session (clean start off) needs a client ID.'
        : null) ??
      validateWill(form);
    if (problem) {
      set({ formError: problem });
      return;
    }
    writeStored(AUTO_CONNECT_KEY, true);
    persistForm(form, get().rememberPassword);
    set({
      formError: undefined,
      phase: 'connecting',
      reason: undefined,
      hint: undefined,
      protocolRefused: false,
      activeUrl: form.url.trim(),
    });
    getRuntime().connection.connect(toConnectRequest(form));
  },
  disconnect: () => {
    writeStored(AUTO_CONNECT_KEY, false);
    getRuntime().connection.disconnect();
    set({ phase: 'disconnected', reason: undefined, hint: undefined, nextRetryInMs: undefined });
  },
  applyStatus: (event) =>
    set({
      phase: event.phase,
      reason: event.reason,
      hint: event.hint,
      protocolRefused: event.protocolRefused ?? false,
      reconnectCount: event.reconnectCount,
      nextRetryInMs: event.nextRetryInMs,
      connack: event.phase === 'connected' ? event.connack : get().connack,
    }),
  saveProfile: (name) => {
    const { form, rememberPassword, profiles } = get();
    const profile: SavedProfile = {
      name,
      form: { ...form, password: rememberPassword ? form.password : '' },
      rememberPassword,
    };
    const next = [...profiles.filter((p) => p.name !== name), profile].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    writeStored(PROFILES_KEY, next);
    set({ profiles: next });
  },
  loadProfile: (name) => {
    const profile = get().profiles.find((p) => p.name === name);
    if (!profile) return;
    persistForm(profile.form, profile.rememberPassword);
    set({ form: profile.form, rememberPassword: profile.rememberPassword, formError: undefined });
  },
  deleteProfile: (name) => {
    const next = get().profiles.filter((p) => p.name !== name);
    writeStored(PROFILES_KEY, next);
    set({ profiles: next });
  },
}));

export const selectIsOpenOrRetrying = (s: ConnectionState) => s.phase !== 'disconnected';
export const selectProtocolVersion = (s: ConnectionState) => s.form.protocolVersion;
export const selectIsConnected = (s: ConnectionState) => s.phase === 'connected';
