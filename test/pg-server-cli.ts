/**
 * Throwaway PostgreSQL from a shell (see .ci/run):
 *   tsx test/pg-server-cli.ts start         prints the admin URL, then the data folder, one per line
 *   tsx test/pg-server-cli.ts stop FOLDER   stops that server and removes the folder
 */
import { startThrowawayPostgres, stopThrowawayPostgres } from './support/pg-server';

const [command, folder] = process.argv.slice(2);

if (command === 'start') {
  const server = await startThrowawayPostgres();
  process.stdout.write(`${server.url}\n${server.folder}\n`);
} else if (command === 'stop' && folder) {
  await stopThrowawayPostgres(folder);
} else {
  process.stderr.write('usage: tsx test/pg-server-cli.ts start | stop FOLDER\n');
  process.exit(2);
}
