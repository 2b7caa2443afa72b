import fs from 'node:fs';
const st = () => { const s = fs.readFileSync('/proc/self/status','utf8'); const k=(f:string)=>Math.round(Number(new RegExp(`^${f}:\\s+(\\d+)`,'m').exec(s)![1])/1024); return {rss: k('VmRSS'), hwm: k('VmHWM')}; };
const t0 = Date.now();
const { openPglite } = await import('./src/db/client.ts');
const db = await openPglite('/tmp/memD/copy');
const { migrate } = await import('./src/db/migrate.ts');
await migrate(db);
const opened = (Date.now()-t0)/1000;
const { sql } = await import('drizzle-orm');
// A mixed read load for 20 s: counts, joins, text search.
const warm = Number(process.env.WARM ?? 0); let n = 0; let end = Date.now() + warm;
while (Date.now() < end) { await db.db.execute(sql`select s.id, a.username, count(f.*) from statuses s join accounts a on a.id = s.account_id left join favourites f on f.status_id = s.id group by s.id, a.username order by s.id desc limit 20`); await db.db.execute(sql`select count(*) from statuses where text ilike '%café%'`); for (let i = 0; i < 20; i++) await db.db.execute(sql`select * from accounts where username = ${'u' + i}`); }
end = Date.now() + 20000;
const samples: number[] = [];
while (Date.now() < end) {
  await db.db.execute(sql`select s.id, a.username, count(f.*) from statuses s join accounts a on a.id = s.account_id left join favourites f on f.status_id = s.id group by s.id, a.username order by s.id desc limit 20`);
  await db.db.execute(sql`select count(*) from statuses where text ilike '%café%'`);
  for (let i = 0; i < 20; i++) await db.db.execute(sql`select * from accounts where username = ${'u' + i}`);
  n++;
  if (n % 20 === 0) samples.push(st().rss);
}
const q = n / 20;
await new Promise(r => setTimeout(r, 5000));
console.log(process.execArgv.join(' ') || 'default', `opened ${opened.toFixed(1)}s`, `rounds/s ${q.toFixed(1)}`, 'samples', samples.filter((_, i) => i % 4 === 0).join(','), 'end', JSON.stringify(st()));
await db.close();
