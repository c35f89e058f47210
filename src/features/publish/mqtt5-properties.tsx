import { usePublishDraftStore } from '../../stores/publish-draft-store';
import { UserPropertiesEditor } from './user-properties-editor';
import { Field } from '../../components/field';

/** MQTT 5 publish properties of the form (shown only on an MQTT 5 connection form). */
export function Mqtt5Properties() {
  const properties = usePublishDraftStore((s) => s.draft.properties);
  const update = usePublishDraftStore((s) => s.updateProperties);
  return (
    <details className="advanced">
      <summary>MQTT 5 properties</summary>
      <div className="form-grid">
        <Field label="Content type">
          {({ id }) => (
            <input
              id={id}
              type="text"
              placeholder="application/json"
              value={properties.contentType}
              onChange={(e) => update({ contentType: e.target.value })}
            />
          )}
        </Field>
        <span />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={properties.payloadIsUtf8}
            onChange={(e) => update({ payloadIsUtf8: e.target.checked })}
          />
          Payload format indicator: UTF-8 text
        </label>
        <Field label="Response topic">
          {({ id }) => (
            <input
              id={id}
              type="text"
              spellCheck={false}
              value={properties.responseTopic}
              onChange={(e) => update({ responseTopic: e.target.value })}
            />
          )}
        </Field>
        <Field label="Correlation data">
          {({ id }) => (
            <input
              id={id}
              type="text"
              spellCheck={false}
              value={properties.correlationData}
              onChange={(e) => update({ correlationData: e.target.value })}
            />
          )}
        </Field>
        <Field label="Message expiry (s)">
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={0}
              step={1}
              value={properties.messageExpirySec}
              onChange={(e) => update({ messageExpirySec: e.target.value })}
            />
          )}
        </Field>
        <UserPropertiesEditor
          value={properties.userProperties}
          onChange={(userProperties) => update({ userProperties })}
        />
      </div>
    </details>
  );
}
