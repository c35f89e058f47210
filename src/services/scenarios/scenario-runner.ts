/**
 * Runs one scenario: builds its context, shows each step as it runs, collects the packets of
 * its clients, and always ends every client it created (done, failed, unsupported or stopped).
 */
import type { PacketRecord } from '../../domain/mqtt-types';
import { packetMatters } from '../../domain/scenario-packets';
import { PACKET_FLUSH_WAIT_MS, ScenarioClient } from './scenario-client';
import { browserLinks, RawClient } from './raw-client';
import {
  NeedsMqtt5Error,
  StoppedError,
  UnsupportedError,
  UntestedError,
  type ClientOptions,
  type ScenarioContext,
  type ScenarioDefinition,
  type ScenarioEnv,
  type ScenarioOutcome,
  type ScenarioRunState,
  type StepState,
  type Verdict,
} from './scenario-types';

/** Bounded: a scenario on a busy broker must not grow the page. */
export const MAX_SCENARIO_PACKETS = 400;
const CONNECT_TIMEOUT_MS = 8000;

export const SCENARIO_TOPIC_ROOT = 'brokerscope/scenarios';

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The outcome the page shows for a verdict; green never follows a failed step. */
function outcomeOf(verdict: Verdict, steps: readonly StepState[]): ScenarioOutcome {
  const failedStep = steps.find((s) => s.status === 'failed');
  if (verdict.kind === 'ok' && failedStep) {
    const why = `its step “${failedStep.label}” failed${failedStep.detail ? `: ${failedStep.detail}` : ''}`;
    return {
      kind: 'failed',
      text: `Failed: the run ended as a success, but ${why}`,
      untested: why,
    };
  }
  if (verdict.kind === 'unsupported')
    return { kind: 'unsupported', text: `Not supported: ${verdict.text}` };
  if (verdict.kind === 'failed') return { kind: 'failed', text: `Failed: ${verdict.text}` };
  if (verdict.kind === 'untested')
    return { kind: 'untested', text: `Could not test: ${verdict.text}`, untested: verdict.text };
  return { kind: 'ok', text: verdict.text };
}

const RAW_CONNECT_TIMEOUT_MS = CONNECT_TIMEOUT_MS;

export async function runScenario(
  definition: ScenarioDefinition,
  env: ScenarioEnv,
  onUpdate: (state: ScenarioRunState) => void,
  signal?: AbortSignal,
): Promise<ScenarioRunState> {
  const topicPrefix = `${SCENARIO_TOPIC_ROOT}/${definition.id}-${env.runId}`;
  let state: ScenarioRunState = {
    running: true,
    steps: [],
    packets: [],
    packetsLeftOut: 0,
    topicPrefix,
  };
  const update = (patch: Partial<ScenarioRunState>) => {
    state = { ...state, ...patch };
    onUpdate(state);
  };
  update({});

  const clients: ScenarioClient[] = [];
  const raws: RawClient[] = [];
  let firstConnack: ScenarioClient['connack'];

  const stopped = new Promise<never>((_, reject) => {
    const fail = () => reject(new StoppedError('Stopped.'));
    if (signal?.aborted) fail();
    signal?.addEventListener('abort', fail, { once: true });
  });
  // A run that is never stopped leaves this promise pending: keep it from counting as unhandled.
  stopped.catch(() => undefined);
  const orStop = <T>(promise: Promise<T>) => Promise.race([promise, stopped]);

  const onPackets = (client: string, packets: PacketRecord[], summarized: number) => {
    const kept = state.packets.slice();
    let leftOut = state.packetsLeftOut + summarized;
    for (const packet of packets) {
      if (!packetMatters(packet)) continue;
      if (kept.length < MAX_SCENARIO_PACKETS) kept.push({ ...packet, client });
      else leftOut++;
    }
    update({ packets: kept, packetsLeftOut: leftOut });
  };

  const setStep = (index: number, patch: Partial<ScenarioRunState['steps'][number]>) => {
    const steps = state.steps.slice();
    const current = steps[index];
    if (current) steps[index] = { ...current, ...patch };
    update({ steps });
  };

  const ctx: ScenarioContext = {
    protocolVersion: env.base.protocolVersion,
    topicPrefix,
    async client(label: string, options: ClientOptions = {}) {
      const clientId = `bs-scn-${env.runId}-${slug(options.clientId ?? label)}`;
      const client = new ScenarioClient(
        label,
        clientId,
        env.createConnection(),
        (ms) => env.sleep(ms),
        onPackets,
      );
      clients.push(client);
      const v5 = env.base.protocolVersion === 5;
      const connack = await orStop(
        client.connect({
          ...env.base,
          clientId,
          clean: options.clean ?? true,
          keepaliveSec: options.keepaliveSec ?? 30,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          sessionExpirySec: v5 ? options.sessionExpirySec : undefined,
          reconnect: false,
          will: options.will,
        }),
      );
      firstConnack ??= connack;
      return client;
    },
    async step(label, run, describe) {
      const index = state.steps.length;
      update({ steps: [...state.steps, { label, status: 'running' }] });
      try {
        const value = await orStop(run());
        setStep(index, { status: 'done', detail: describe?.(value) });
        return value;
      } catch (error) {
        const status =
          error instanceof UnsupportedError || error instanceof UntestedError
            ? 'skipped'
            : 'failed';
        setStep(index, { status, detail: (error as Error).message });
        throw error;
      }
    },
    skip(label, reason) {
      update({ steps: [...state.steps, { label, status: 'skipped', detail: reason }] });
    },
    note(label, detail) {
      update({ steps: [...state.steps, { label, status: 'done', detail }] });
    },
    packets: () => state.packets,
    sleep: (ms) => orStop(env.sleep(ms)),
    now: env.now,
    unsupported(reason) {
      throw new UnsupportedError(reason);
    },
    firstConnack: () => firstConnack,
    async raw(label, options = {}) {
      const v5 = env.base.protocolVersion === 5;
      const clientId =
        options.clientId === '' ? '' : `bs-scn-${env.runId}-${slug(options.clientId ?? label)}`;
      const link = await orStop(
        (env.openRawLink ?? browserLinks)(env.base.url, env.base.protocolVersion),
      );
      const client = new RawClient(
        label,
        env.base.protocolVersion,
        link,
        env.now,
        (ms) => env.sleep(ms),
        (packet) => onPackets(label, [packet], 0),
      );
      raws.push(client);
      const keepaliveSec = options.keepaliveSec ?? 30;
      await orStop(
        client.connect(
          {
            clientId,
            keepaliveSec,
            clean: options.clean ?? true,
            username: env.base.username,
            password: env.base.password,
            will: options.will,
            properties: v5 ? options.properties : undefined,
          },
          RAW_CONNECT_TIMEOUT_MS,
        ),
      );
      const serverKeepalive = client.connack?.properties?.serverKeepAlive ?? keepaliveSec;
      if (options.pings !== false && serverKeepalive > 0)
        client.keepPinging((serverKeepalive * 1000) / 2);
      return client;
    },
    params: env.params ?? {},
    untested(reason) {
      throw new UntestedError(reason);
    },
  };

  let outcome: ScenarioOutcome;
  try {
    outcome = outcomeOf(await orStop(definition.run(ctx)), state.steps);
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof NeedsMqtt5Error)
      outcome = { kind: 'unsupported', text: `Not supported: ${message}`, untested: message };
    else if (error instanceof UnsupportedError)
      outcome = { kind: 'unsupported', text: `Not supported: ${message}` };
    else if (error instanceof UntestedError)
      outcome = { kind: 'untested', text: `Could not test: ${message}`, untested: message };
    else if (error instanceof StoppedError)
      outcome = {
        kind: 'stopped',
        text: 'Stopped before the end; its clients were closed.',
        untested: 'stopped before the end',
      };
    else outcome = { kind: 'failed', text: `Failed: ${message}`, untested: message };
  }

  // Always end every client; politely when possible so the broker drops their sessions.
  const open = clients.filter((c) => !c.isClosed);
  for (const raw of raws) {
    if (outcome.kind === 'stopped') raw.vanish();
    else raw.disconnect();
  }
  if (outcome.kind === 'stopped') for (const c of open) c.terminate();
  else {
    await Promise.all(open.map((c) => c.disconnect()));
    await env.sleep(PACKET_FLUSH_WAIT_MS);
  }
  for (const c of clients) c.terminate();
  update({ running: false, outcome });
  return state;
}
