import { startEmbeddedBroker } from './embedded-broker.mjs';
import { startDemoDevices } from './demo-devices.mjs';
const b = await startEmbeddedBroker({ tcpPort: 0 });
const d = await startDemoDevices({ brokerUrl: `mqtt://127.0.0.1:${b.tcpPort}` });
await new Promise((r) => setTimeout(r, 1000));
let t = Date.now();
await d.stop(); console.log('demo stop', Date.now() - t); t = Date.now();
await b.close(); console.log('broker close', Date.now() - t);
