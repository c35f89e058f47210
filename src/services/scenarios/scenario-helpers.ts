import type { ScenarioContext } from './scenario-types';

/** MQTT 5 features cannot be shown on a 3.1.1 connection: say so instead of failing. */
export function requireMqtt5(ctx: ScenarioContext, feature: string): void {
  if (ctx.protocolVersion !== 5)
    ctx.unsupported(
      `${feature} needs MQTT 5.0, and the page is set to MQTT 3.1.1. Choose 5.0 under Connection and run it again.`,
    );
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
