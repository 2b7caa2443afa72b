import fs from 'node:fs';
const st = () => { const s = fs.readFileSync('/proc/self/status','utf8'); const k=(f:string)=>Math.round(Number(new RegExp(`^${f}:\\s+(\\d+)`,'m').exec(s)![1])/1024); return k('VmRSS'); };
const { openPglite } = await import('./src/db/client.ts');
const db = await openPglite('/tmp/memD/copy');
const { migrate } = await import('./src/db/migrate.ts');
await migrate(db);
const samples: number[] = [];
for (let i = 0; i < 40; i++) { await new Promise(r => setTimeout(r, 500)); samples.push(st()); }
const hwm = Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status','utf8'))![1])/1024);
console.log(process.env.MALLOC_ARENA_MAX ?? '-', samples.join(','), 'hwm', hwm);
await db.close();
