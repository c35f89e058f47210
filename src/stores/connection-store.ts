import { create } from 'zustand';
import {
  defaultConnectionForm,
  withUrlCredentialsMoved,
  type ConnectionForm,
} from '../domain/connection-form';
import type {
  ConnackInfo,
  ConnectionPhase,
  ConnectionStatus,
  ProtocolVersion,
} from '../domain/mqtt-types';
import { STORED, type ConnectionFormPatch } from '../domain/stored-state';
import { FREE_SPACE, readStored, writeStored, type WriteFailureWords } from './persisted';

export type Phase = ConnectionPhase;

export interface SavedProfile {
  name: string;
  form: ConnectionForm;
  rememberPassword: boolean;
}

/** The connection that is open or being tried: facts of the attempt, not of the form. */
export interface ActiveConnection {
  url: string;
  username: string | undefined;
  protocolVersion: ProtocolVersion;
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
  /** The connection that is open or being tried; undefined before the first attempt. */
  active: ActiveConnection | undefined;
  /** A problem found before connecting, such as a malformed URL. */
  formError: string | undefined;
  profiles: SavedProfile[];
  /** Data of another broker was cleared when this connection began (an undo is offered). */
  clearedNotice: { from: string } | undefined;
  setClearedNotice: (notice: { from: string } | undefined) => void;
  updateForm: (patch: Partial<ConnectionForm>) => void;
  setRememberPassword: (remember: boolean) => void;
  setFormError: (problem: string | undefined) => void;
  /** A connection attempt starts (set by the connection service). */
  beginAttempt: (active: ActiveConnection) => void;
  /** What the worker reported (set by the connection service). */
  applyStatus: (status: ConnectionStatus) => void;
  saveProfile: (name: string) => void;
  loadProfile: (name: string) => void;
  deleteProfile: (name: string) => void;
}

/** A stored (possibly older, partial) form over the defaults. */
function fullForm(patch: ConnectionFormPatch | undefined): ConnectionForm {
  const fallback = defaultConnectionForm(window.location);
  // A URL saved with credentials in it (before they were moved at typing time) is cleaned here.
  return withUrlCredentialsMoved({
    ...fallback,
    ...patch,
    will: { ...fallback.will, ...patch?.will },
  });
}

function storedForm(): { form: ConnectionForm; rememberPassword: boolean } {
  const stored = readStored(STORED.connection);
  return { form: fullForm(stored?.form), rememberPassword: stored?.rememberPassword ?? false };
}

function storedProfiles(): SavedProfile[] {
  return (readStored(STORED.profiles) ?? []).map((p) => ({
    name: p.name,
    form: fullForm(p.form),
    rememberPassword: p.rememberPassword,
  }));
}

function persistForm(form: ConnectionForm, rememberPassword: boolean): void {
  writeStored(
    STORED.connection,
    { form: { ...form, password: rememberPassword ? form.password : '' }, rememberPassword },
    {
      what: 'The connection form',
      todo: `It is used until you close this page; to keep it, ${FREE_SPACE}, then try again.`,
    },
  );
}

/** False once the user disconnected: the next visit then waits for a click. */
export function wantsAutoConnect(): boolean {
  return readStored(STORED.autoConnect) ?? true;
}

export function rememberAutoConnect(wanted: boolean): void {
  writeStored(STORED.autoConnect, wanted, {
    what: wanted
      ? 'The choice to connect when the page opens'
      : 'The choice not to connect when the page opens',
    todo: `To keep it, ${FREE_SPACE}, then connect or disconnect again.`,
  });
}

function persistProfiles(profiles: SavedProfile[], words: WriteFailureWords): boolean {
  return writeStored(STORED.profiles, profiles, words);
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
  active: undefined,
  formError: undefined,
  profiles: storedProfiles(),
  clearedNotice: undefined,
  setClearedNotice: (clearedNotice) => set({ clearedNotice }),
  updateForm: (patch) => {
    const form = { ...get().form, ...patch };
    persistForm(form, get().rememberPassword);
    set({ form, formError: undefined });
  },
  setRememberPassword: (rememberPassword) => {
    persistForm(get().form, rememberPassword);
    set({ rememberPassword });
  },
  setFormError: (formError) => set({ formError }),
  beginAttempt: (active) => {
    persistForm(get().form, get().rememberPassword);
    set({
      formError: undefined,
      phase: 'connecting',
      reason: undefined,
      hint: undefined,
      protocolRefused: false,
      nextRetryInMs: undefined,
      active,
    });
  },
  applyStatus: (status) =>
    set({
      phase: status.phase,
      reason: status.reason,
      hint: status.hint,
      protocolRefused: status.protocolRefused ?? false,
      reconnectCount: status.reconnectCount,
      nextRetryInMs: status.nextRetryInMs,
      connack: status.phase === 'connected' ? status.connack : get().connack,
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
    persistProfiles(next, {
      what: `The profile "${name}"`,
      todo: `It can be used until you close this page; to keep it, ${FREE_SPACE}, then save it again.`,
    });
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
    persistProfiles(next, {
      what: `The deletion of the profile "${name}"`,
      todo: `It comes back when the page is opened again; ${FREE_SPACE}, then delete it again.`,
    });
    set({ profiles: next });
  },
}));

export const selectIsOpenOrRetrying = (s: ConnectionState) => s.phase !== 'disconnected';
/**
 * The MQTT version publishes and subscriptions go out with: the open (or retrying) connection's,
 * not the form's, which may already say something else; the form's when nothing is open.
 */
export const selectProtocolVersion = (s: ConnectionState): ProtocolVersion =>
  s.phase !== 'disconnected' && s.active ? s.active.protocolVersion : s.form.protocolVersion;
export const selectIsConnected = (s: ConnectionState) => s.phase === 'connected';
