import { spawn } from 'node:child_process';
import fs from 'node:fs';
const env = { ...process.env, COMPTOIR_DATA: 'bench/.data/pglite-a1000-p50000-f200-s1-v1', PORT: '45999', HOST: '127.0.0.1', COMPTOIR_DEMO: '0', LOG_LEVEL: 'warn', NODE_ENV: process.argv[2] ?? 'production' };
const child = spawn(process.execPath, [...(process.argv[3] ? [process.argv[3]] : []), '--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
child.stdout.on('data', (d) => { out += d; if (process.argv[3]) process.stdout.write(d); });
const t0 = Date.now();
let last = 0;
const iv = setInterval(() => {
  try {
    const s = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(s)![1]) >> 10;
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(s)![1]) >> 10;
    if (Math.abs(rss - last) > 40) { console.log(Date.now() - t0, 'ms rss', rss, 'hwm', hwm, out.includes('running') ? 'READY' : ''); last = rss; }
  } catch {}
}, 10);
setTimeout(() => { clearInterval(iv); child.kill('SIGTERM'); }, 12000);
