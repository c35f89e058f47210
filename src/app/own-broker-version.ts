/**
 * Before the page connects by itself to its own server's broker: where that broker speaks only
 * MQTT 3.1.1 (RabbitMQ's Web MQTT, `npm start -- --broker=rabbitmq`; GET /api/broker says so),
 * the form is set to 3.1.1, so a visit shows live data instead of a refused MQTT 5.0.
 */
import { isOwnBroker, versionFor, type BrokerInfo } from '../domain/broker-info';
import { fetchBrokerInfo } from '../services/broker-info';
import { useConnectionStore } from '../stores/connection-store';

/** Resolves once the form fits (or nothing is known); true when it changed the version. */
export async function fitVersionToOwnBroker(
  fetchInfo: () => Promise<BrokerInfo | undefined> = () => fetchBrokerInfo(),
  pageLocation: { protocol: string; host: string } = window.location,
): Promise<boolean> {
  const info = await fetchInfo();
  if (!info) return false;
  const { form, updateForm } = useConnectionStore.getState();
  if (!isOwnBroker(info, form.url, pageLocation)) return false;
  const version = versionFor(info, form.protocolVersion);
  if (version === form.protocolVersion) return false;
  updateForm({ protocolVersion: version });
  return true;
}
