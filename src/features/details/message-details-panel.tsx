import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useSelectionStore } from '../../stores/selection-store';
import { useLive } from '../../hooks/use-live';
import { formatBytes } from '../../domain/payload';
import { viewPayload, type PayloadMode } from '../../domain/payload-view';
import { DETAILS_PREVIEW_BYTES } from '../../domain/limits';
import { isDup, isRetained, qosOf, type StoredMessage } from '../../domain/stored-message';
import { hasInvisible, INVISIBLE_NOTE, visibleText } from '../../domain/visible-text';
import { MessageProperties, propertiesHaveInvisible } from './message-properties';
import { ChartButtons } from './chart-buttons';
import { PayloadDiff } from './payload-diff';
import { JsonTree } from './json-tree';
import { HighlightedPayload } from './highlighted-payload';
import { PayloadActions } from './payload-actions';
import { MAX_SHOW_ALL_BYTES, payloadRows, WindowedPayload } from './windowed-payload';
import { useServices } from '../../hooks/services-context';
import { useDecodingStore } from '../../stores/decoding-store';
import { DECODER_LABELS, type DecoderId } from '../../domain/decoders/decoder-types';
// Loaded with the decoders, on first need: the first screen does not carry them.
const DecodedPayload = lazy(() =>
  import('./decoded-payload').then((m) => ({ default: m.DecodedPayload })),
);
const DecodeRuleForm = lazy(() =>
  import('./decode-rule-form').then((m) => ({ default: m.DecodeRuleForm })),
);

/** How the details show a payload: the plain views, or a decoder of the decoders module. */
export type ShowAs = 'auto' | DecoderId;

const PLAIN_MODES = new Set<string>(['auto', 'json', 'text', 'hex']);

const number = new Intl.NumberFormat('en-US');
const MULTILINE = { multiline: true };

export function MessageDetailsPanel() {
  const topic = useSelectionStore((s) => s.topic);
  const seq = useSelectionStore((s) => s.seq);
  const selectMessage = useSelectionStore((s) => s.selectMessage);
  const [mode, setMode] = useState<ShowAs>('auto');
  const [protoType, setProtoType] = useState('');
  const [showAllFor, setShowAllFor] = useState<number | undefined>(undefined);
  const [showDiff, setShowDiff] = useState(false);
  const { entry, history, index, message, previous, currentSource } = useLive(
    (live) => {
      const entry = topic === undefined ? undefined : (live.topic(topic) ?? live.tree.find(topic));
      const history = entry && entry.data ? live.historyOf(entry) : [];
      const index = seq === undefined ? 0 : history.findIndex((m) => m.seq === seq);
      const message: StoredMessage | undefined =
        index >= 0 ? history[index] : seq !== undefined ? live.findInLog(seq) : undefined;
      const previous = index >= 0 ? history[index + 1] : undefined;
      return { entry, history, index, message, previous, currentSource: live.source };
    },
    [topic, seq],
  );
  if (topic === undefined) return null;

  return (
    <section className="panel" aria-label="Message details">
      <div className="panel-head">
        <h2>Message details</h2>
        <button
          type="button"
          className="small"
          onClick={() => useSelectionStore.getState().clear()}
        >
          Close details
        </button>
      </div>
      <p className="topic-heading">
        <code>{visibleText(topic)}</code>
      </p>
      {!message && hasInvisible(topic) && (
        <p role="note" className="note invisible-note">
          This topic contains invisible characters, shown as ⟨…⟩.
        </p>
      )}
      {!message && entry && (
        <dl className="facts">
          <dt>Messages here and below</dt>
          <dd>{number.format(entry.totalCount)}</dd>
          <dt>Messages on this topic</dt>
          <dd>{number.format(entry.ownCount)}</dd>
          <dt>Topics here and below</dt>
          <dd>{number.format(entry.topicCount)}</dd>
        </dl>
      )}
      {!message && !entry && <p className="muted">This topic is no longer kept.</p>}
      {message && (
        <MessageBody
          message={message}
          mode={mode}
          setMode={setMode}
          protoType={protoType}
          setProtoType={setProtoType}
          showAll={showAllFor === message.seq}
          onShowAll={() => setShowAllFor(message.seq)}
          fromOtherBroker={message.source !== currentSource}
        />
      )}
      {message && history.length > 0 && index >= 0 && (
        <div className="history-nav">
          <button
            type="button"
            disabled={index + 1 >= history.length}
            onClick={() => selectMessage(topic, history[index + 1]!.seq)}
          >
            Older message
          </button>
          <span className="muted">
            {number.format(history.length - index)} of {number.format(history.length)} kept on this
            topic
          </span>
          <button
            type="button"
            disabled={index === 0}
            onClick={() => selectMessage(topic, history[index - 1]!.seq)}
          >
            Newer message
          </button>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={showDiff}
              onChange={(e) => setShowDiff(e.target.checked)}
            />
            Compare with previous
          </label>
        </div>
      )}
      {message && showDiff && <PayloadDiff before={previous} after={message} />}
    </section>
  );
}

interface BodyProps {
  message: StoredMessage;
  mode: ShowAs;
  setMode: (mode: ShowAs) => void;
  /** The Protobuf message type chosen here ("" follows the rule, or reads by number). */
  protoType: string;
  setProtoType: (type: string) => void;
  showAll: boolean;
  onShowAll: () => void;
  /** The message came from another broker than the one data comes from now. */
  fromOtherBroker: boolean;
}

function MessageBody(props: BodyProps) {
  const { message, mode, setMode, protoType, setProtoType } = props;
  const { decoding } = useServices();
  const version = useDecodingStore((s) => s.version);
  const choice = decoding.choiceOf(message);
  const effective = mode === 'auto' ? choice.decoder : mode;
  // Decoded once per message, choice and version of the rules, not per frame.
  const decoded = useMemo(
    () =>
      PLAIN_MODES.has(effective)
        ? undefined
        : decoding.decode(
            message,
            mode === 'auto' ? undefined : mode,
            mode === 'protobuf' ? protoType || undefined : undefined,
          ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` says when to decode again.
    [decoding, message, mode, effective, protoType, version],
  );
  const select = (
    <label className="inline">
      <span>Show as</span>
      <select value={mode} onChange={(e) => setMode(e.target.value as ShowAs)}>
        <option value="auto">
          Automatic
          {choice.decoder !== 'auto' ? ` (${DECODER_LABELS[choice.decoder]})` : ''}
        </option>
        {(
          ['json', 'text', 'hex', 'base64', 'sparkplug', 'protobuf', 'cbor', 'msgpack'] as const
        ).map((d) => (
          <option key={d} value={d}>
            {DECODER_LABELS[d]}
          </option>
        ))}
      </select>
    </label>
  );
  const [ruleOpen, setRuleOpen] = useState(false);
  const ruleForm = (
    <details className="decode-rule" onToggle={(e) => setRuleOpen(e.currentTarget.open)}>
      <summary>Decode rule for this topic</summary>
      {ruleOpen && (
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <DecodeRuleForm
            key={message.topic}
            topic={message.topic}
            decoder={effective === 'auto' ? 'json' : effective}
            messageType={mode === 'protobuf' ? protoType : choice.messageType}
          />
        </Suspense>
      )}
    </details>
  );
  if (decoded) {
    return (
      <>
        <MessageFacts {...props} kind={DECODER_LABELS[decoded.choice.decoder as DecoderId]} />
        {mode === 'auto' && <p className="muted small-note">Decoded by {choice.why}.</p>}
        <div className="toolbar">
          {select}
          <PayloadActions key={message.seq} message={message} />
        </div>
        <Suspense fallback={<p className="muted">Loading the decoder…</p>}>
          <DecodedPayload
            message={message}
            choice={decoded.choice}
            decoding={decoded.decoding}
            protoType={mode === 'protobuf' ? protoType : undefined}
            setProtoType={setProtoType}
          />
        </Suspense>
        {message.properties && <MessageProperties properties={message.properties} />}
        {ruleForm}
      </>
    );
  }
  return (
    <PlainBody
      {...props}
      plainMode={effective as PayloadMode}
      select={select}
      ruleForm={ruleForm}
    />
  );
}

/** Time, QoS, flags, size and kind of the message. */
function MessageFacts({
  message,
  fromOtherBroker,
  kind,
}: Pick<BodyProps, 'message' | 'fromOtherBroker'> & { kind: string }) {
  return (
    <ul className="meta" aria-label="Message facts">
      <li>{new Date(message.receivedAtMs).toLocaleString()}</li>
      <li>QoS {qosOf(message)}</li>
      {isRetained(message) && <li className="badge">Retained</li>}
      {isDup(message) && <li className="badge">Duplicate</li>}
      {fromOtherBroker && <li className="badge broker-mark">from {message.source}</li>}
      <li>{formatBytes(message.payload.byteLength)}</li>
      <li>{kind}</li>
    </ul>
  );
}

function PlainBody({
  message,
  showAll,
  onShowAll,
  fromOtherBroker,
  plainMode: mode,
  select,
  ruleForm,
}: BodyProps & { plainMode: PayloadMode; select: ReactNode; ruleForm: ReactNode }) {
  // Built once per message and mode, not per frame: the panel re-renders with every commit.
  const view = useMemo(
    () => viewPayload(message.payload, mode, DETAILS_PREVIEW_BYTES),
    [message, mode],
  );
  const partial = view.shownBytes < view.totalBytes;
  const tooLarge = message.payload.byteLength > MAX_SHOW_ALL_BYTES;
  // "Show all": the whole payload in a view that draws only the rows in sight.
  const rows = useMemo(
    () =>
      showAll && partial && !tooLarge
        ? payloadRows(message.payload, mode, view.detected === 'binary')
        : undefined,
    [showAll, partial, tooLarge, message, mode, view.detected],
  );
  const [asTree, setAsTree] = useState(false);
  // Built once per message and view: marks for invisible characters in what is shown.
  const invisible = useMemo(
    () =>
      hasInvisible(message.topic) ||
      (message.properties !== undefined && propertiesHaveInvisible(message.properties)) ||
      (rows ? rows.invisible : view.shownAs !== 'hex' && hasInvisible(view.text, MULTILINE)),
    [message, rows, view],
  );
  return (
    <>
      {invisible && (
        <p role="note" className="note invisible-note">
          {INVISIBLE_NOTE}
        </p>
      )}
      <MessageFacts
        message={message}
        fromOtherBroker={fromOtherBroker}
        kind={view.detected === 'binary' ? 'binary' : view.detected === 'json' ? 'JSON' : 'text'}
      />
      <div className="toolbar">
        {select}
        <PayloadActions key={message.seq} message={message} />
        {view.shownAs === 'json' && (
          <label className="checkbox">
            <input type="checkbox" checked={asTree} onChange={(e) => setAsTree(e.target.checked)} />
            Collapsible view
          </label>
        )}
      </div>
      {rows ? (
        <>
          {rows.note && <p className="muted">{visibleText(rows.note)}</p>}
          <p className="muted small-note">
            All {number.format(view.totalBytes)} bytes, {number.format(rows.count)} lines.
          </p>
          <WindowedPayload rows={rows} kind={view.detected === 'binary' ? 'hex' : 'text'} />
        </>
      ) : (
        <>
          {view.note && <p className="muted">{visibleText(view.note)}</p>}
          {asTree && view.shownAs === 'json' ? (
            <JsonTree value={view.json} />
          ) : (
            <HighlightedPayload
              text={view.text}
              json={view.shownAs === 'json'}
              kind={view.shownAs}
            />
          )}
        </>
      )}
      {partial && !rows && (
        <p>
          Showing {number.format(view.shownBytes)} of {number.format(view.totalBytes)} bytes.{' '}
          {tooLarge ? (
            <>Too large to show whole here: Download payload saves all of it.</>
          ) : (
            <button type="button" onClick={onShowAll}>
              Show all
            </button>
          )}
        </p>
      )}
      {message.properties && <MessageProperties properties={message.properties} />}
      <ChartButtons message={message} json={view.json} />
      {ruleForm}
    </>
  );
}
