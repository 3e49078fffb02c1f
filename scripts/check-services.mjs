// Checks that PostgreSQL and Redis answer before anything else runs, and says how to start them.
// Plain JavaScript so it runs before the TypeScript build.
import net from 'node:net';

const databaseUrl = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/cypp');
const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

const checks = [
  {
    name: 'PostgreSQL',
    host: databaseUrl.hostname,
    port: databaseUrl.port || 5432,
    start:
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)',
  },
  {
    name: 'Redis',
    host: redisUrl.hostname,
    port: redisUrl.port || 6379,
    start:
      'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no   (or: docker compose up -d redis)',
  },
];

let ok = true;
for (const check of checks) {
  if (await answers(check.host, check.port)) continue;
  ok = false;
  console.error(`${check.name} is not answering at ${check.host}:${check.port}. Start it with:\n  ${check.start}`);
}
process.exit(ok ? 0 : 1);
