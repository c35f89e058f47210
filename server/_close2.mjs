import { startAppServer } from './app-server.mjs';
const s = await startAppServer({ port: 0, tcpPort: 0 });
await new Promise((r) => setTimeout(r, 1500));
let t = Date.now();
await s.close(); console.log('close', Date.now() - t);
t = Date.now();
process.on('exit', () => console.log('exit after', Date.now() - t));
