import { describeSweep, describeVacuum, sweepDeadTestDatabases, vacuumChurnedCatalogs } from './pg-sweep.js';

/** Says once, at the top of the run, which database-backed suites run and which are skipped. */
export default async function setup(): Promise<void> {
  const pgUrl = process.env.MDL_TEST_POSTGRES_URL;
  const redisUrl = process.env.MDL_TEST_REDIS_URL;
  const line = (name: string, set: boolean, v: string) =>
    set ? `  ${name}: RUNNING (${v} is set)` : `  ${name}: SKIPPED (set ${v} to run them)`;
  // Each PostgreSQL test database is used through its own NOSUPERUSER NOBYPASSRLS role (databases.ts).
  const pgLine = `${line('PostgreSQL', Boolean(pgUrl), 'MDL_TEST_POSTGRES_URL')}${pgUrl ? ', as a non-superuser role: row-level security in force' : ''}`;
  // Once per run, before any worker starts: remove the schemas and roles of test processes that died
  // without cleaning up. Only provably dead ones (pg-sweep.ts); housekeeping never fails the run.
  let sweepLine = '';
  if (pgUrl) {
    try {
      const said = describeSweep(await sweepDeadTestDatabases(pgUrl));
      if (said) sweepLine = `${said}\n`;
    } catch (err) {
      sweepLine = `  PostgreSQL sweep of dead test runs skipped: ${err instanceof Error ? err.message : String(err)}\n`;
    }
    // After the sweep, whose drops leave dead catalog rows too: a run's speed must not depend on how
    // many schemas earlier runs created and dropped (autovacuum may be off, as on the CI machine).
    try {
      const started = Date.now();
      const said = describeVacuum(await vacuumChurnedCatalogs(pgUrl), Date.now() - started);
      if (said) sweepLine += `${said}\n`;
    } catch (err) {
      sweepLine += `  PostgreSQL catalog vacuum skipped: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }
  process.stdout.write(`\nMDL database suites:\n${pgLine}\n${line('Redis', Boolean(redisUrl), 'MDL_TEST_REDIS_URL')}\n${sweepLine}\n`);
}
