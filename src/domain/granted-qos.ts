/**
 * A SUBACK's granted QoS as the Subscriptions panel shows it: a broker may grant less than asked
 * (RabbitMQ grants QoS 2 as QoS 1), and then the asked one is shown too, since messages arrive
 * at the granted QoS.
 */
export function grantedQosText(granted: number, asked: number): string {
  return granted < asked ? `QoS ${granted} (asked ${asked})` : `QoS ${granted}`;
}
