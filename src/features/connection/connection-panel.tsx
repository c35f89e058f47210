import { useEffect, useId, useState, type FormEvent } from 'react';
import { useServices } from '../../hooks/services-context';
import { selectIsOpenOrRetrying, useConnectionStore } from '../../stores/connection-store';
import { useSettingsStore } from '../../stores/settings-store';
import { ConnectionStatus } from './connection-status';
import { AdvancedOptions } from './advanced-options';
import { ProfilesPicker } from './profiles-picker';
import { Field } from '../../components/field';
import { validateBrokerUrl, type ConnectionForm } from '../../domain/connection-form';
import { mayBePasswordInProgress, splitUrlCredentials } from '../../domain/url-credentials';

/**
 * The form change that moves a user name and password written into the Broker URL into their
 * own fields; undefined when the URL holds none.
 */
function credentialsMove(url: string): Partial<ConnectionForm> | undefined {
  const { url: rest, credentials } = splitUrlCredentials(url);
  if (!credentials) return undefined;
  const patch: Partial<ConnectionForm> = { url: rest };
  if (credentials.username !== '' || credentials.password !== undefined) {
    patch.username = credentials.username;
  }
  if (credentials.password !== undefined) patch.password = credentials.password;
  return patch;
}

export function ConnectionPanel() {
  const form = useConnectionStore((s) => s.form);
  const updateForm = useConnectionStore((s) => s.updateForm);
  const remember = useConnectionStore((s) => s.rememberPassword);
  const setRemember = useConnectionStore((s) => s.setRememberPassword);
  const openOrRetrying = useConnectionStore(selectIsOpenOrRetrying);
  const { connection } = useServices();
  const formError = useConnectionStore((s) => s.formError);
  const protocolRefused = useConnectionStore((s) => s.protocolRefused);
  const clearedNotice = useConnectionStore((s) => s.clearedNotice);
  const keepData = useSettingsStore((s) => s.keepDataAcrossConnections);
  const setKeepData = useSettingsStore((s) => s.setKeepDataAcrossConnections);
  const setFormError = useConnectionStore((s) => s.setFormError);
  const rememberNoteId = useId();
  /**
   * What the Broker URL field shows while it may hold a password typed before its "@"
   * ("ws://alice:s3"): not put into the form (which is saved) until the "@" moves it out.
   * `base` is the form's URL it was typed over; a URL set elsewhere (a profile) replaces it.
   */
  const [draft, setDraft] = useState<{ text: string; base: string } | undefined>(undefined);
  const [movedCredentials, setMovedCredentials] = useState(false);
  const urlShown = draft && draft.base === form.url ? draft.text : form.url;

  // A URL with a user name or password that came from elsewhere (the ?broker= parameter, a
  // form saved by an older version): its credentials go to their fields at once.
  useEffect(() => {
    const patch = credentialsMove(form.url);
    if (patch) {
      updateForm(patch);
      setMovedCredentials(true);
    }
  }, [form.url, updateForm]);

  const onUrlChange = (text: string) => {
    const patch = credentialsMove(text);
    if (patch) {
      setDraft(undefined);
      setMovedCredentials(true);
      updateForm(patch);
    } else if (mayBePasswordInProgress(text)) {
      setDraft({ text, base: form.url });
    } else {
      setDraft(undefined);
      updateForm({ url: text });
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (openOrRetrying) {
      connection.disconnect();
      return;
    }
    if (draft && draft.base === form.url) {
      // Not a URL yet (e.g. "ws://alice:secret" without "@host"): say so, and keep it unsaved.
      setFormError(
        validateBrokerUrl(draft.text, window.location.protocol) ??
          'That is not a valid URL. Use the form ws://host:port/path.',
      );
      return;
    }
    // Never connect with credentials in the URL: they would be shown and saved with it.
    const patch = credentialsMove(useConnectionStore.getState().form.url);
    if (patch) updateForm(patch);
    connection.connect();
  };

  return (
    <section className="panel" aria-label="Connection">
      <h2>Connection</h2>
      <form onSubmit={onSubmit} className="form-grid">
        <Field label="Broker URL">
          {({ id }) => (
            <input
              id={id}
              type="text"
              inputMode="url"
              spellCheck={false}
              autoComplete="url"
              placeholder="ws://localhost:8080/mqtt"
              value={urlShown}
              onChange={(e) => onUrlChange(e.target.value)}
            />
          )}
        </Field>
        {movedCredentials && (
          <p role="status" className="muted small-note span-2">
            The user name and password in the URL were moved to Username and Password, so the URL
            can be shown and saved without them.
          </p>
        )}
        <Field label="Client ID">
          {({ id }) => (
            <input
              id={id}
              type="text"
              spellCheck={false}
              value={form.clientId}
              onChange={(e) => updateForm({ clientId: e.target.value })}
            />
          )}
        </Field>
        <Field label="Username">
          {({ id }) => (
            <input
              id={id}
              type="text"
              autoComplete="username"
              value={form.username}
              onChange={(e) => updateForm({ username: e.target.value })}
            />
          )}
        </Field>
        <Field label="Password">
          {({ id }) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              value={form.password}
              onChange={(e) => updateForm({ password: e.target.value })}
            />
          )}
        </Field>
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={remember}
            aria-describedby={rememberNoteId}
            onChange={(e) => setRemember(e.target.checked)}
          />
          Remember password
        </label>
        <span id={rememberNoteId} className="muted small-note span-2">
          A remembered password is kept in this browser&apos;s storage, not encrypted (with the form
          and saved profiles); otherwise only until this page is closed.
        </span>
        <Field label="MQTT version">
          {({ id }) => (
            <select
              id={id}
              value={form.protocolVersion}
              onChange={(e) =>
                updateForm({ protocolVersion: Number(e.target.value) === 4 ? 4 : 5 })
              }
            >
              <option value={5}>5.0</option>
              <option value={4}>3.1.1</option>
            </select>
          )}
        </Field>
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={keepData}
            onChange={(e) => setKeepData(e.target.checked)}
          />
          Keep data across connections
        </label>
        <AdvancedOptions />
        <div className="form-actions">
          <button type="submit" className={openOrRetrying ? 'secondary' : 'primary'}>
            {openOrRetrying ? 'Disconnect' : 'Connect'}
          </button>
          <ProfilesPicker />
        </div>
      </form>
      {formError && (
        <p role="alert" className="error">
          {formError}
        </p>
      )}
      <ConnectionStatus />
      {clearedNotice && (
        <p role="status" aria-label="Cleared data" className="note cleared-notice">
          Cleared data from {clearedNotice.from} —{' '}
          <button type="button" className="small" onClick={() => connection.undoClear()}>
            Undo
          </button>
        </p>
      )}
      {protocolRefused && (
        <p className="hint">
          This broker refused MQTT 5.0.{' '}
          <button
            type="button"
            onClick={() => {
              updateForm({ protocolVersion: 4 });
              connection.connect();
            }}
          >
            Switch to MQTT 3.1.1 and retry
          </button>
        </p>
      )}
    </section>
  );
}
