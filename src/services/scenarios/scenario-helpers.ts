import { NeedsMqtt5Error, type ScenarioContext, type Verdict } from './scenario-types';

/** MQTT 5 features cannot be shown on a 3.1.1 connection: say so instead of failing. */
export function requireMqtt5(ctx: ScenarioContext, feature: string): void {
  if (ctx.protocolVersion !== 5)
    throw new NeedsMqtt5Error(
      `${feature} needs MQTT 5.0, and the page is set to MQTT 3.1.1. Choose 5.0 under Connection and run it again.`,
    );
}

/** The behaviour could not be observed here; `reason` says why (not a verdict on the broker). */
export function couldNotTest(reason: string): Verdict {
  return { kind: 'untested', text: reason };
}

/** "0x87". */
export function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

/** Throws a plain-language error when a SUBACK refused the filter. */
export function checkGranted(code: number, filter: string): string {
  if (code >= 0x80)
    throw new Error(
      `the broker refused the subscription to ${filter} (reason 0x${code.toString(16)})`,
    );
  return `granted QoS ${code}`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function quote(text: string): string {
  return `“${text}”`;
}

/** The behaviour was observed as described. */
export function ok(text: string): Verdict {
  return { kind: 'ok', text };
}

/** The broker does not offer the feature; `reason` says what showed it. */
export function notSupported(reason: string): Verdict {
  return { kind: 'unsupported', text: reason };
}

/** The broker did something else than the feature promises; `reason` says what was seen. */
export function failed(reason: string): Verdict {
  return { kind: 'failed', text: reason };
}

/** Failed with every problem seen (lower-case clauses, joined by “; ”), else ok. */
export function verdictOf(problems: readonly string[], okText: string): Verdict {
  return problems.length ? failed(`${problems.join('; ')}.`) : ok(okText);
}

/** “a, b and c”. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
