const t0 = Date.now();
process.on('exit', () => console.error('exit', Date.now() - t0));
setTimeout(() => process.kill(process.pid, 'SIGINT'), 2000);
const orig = process.exit; process.exit = (c) => { console.error('process.exit', c, Date.now() - t0); orig(c); };
await import('./start.mjs');
console.error('main done', Date.now() - t0);
