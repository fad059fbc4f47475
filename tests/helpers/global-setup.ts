/** Says once, at the top of the run, which database-backed suites run and which are skipped. */
export default function setup(): void {
  const pgUrl = process.env.MDL_TEST_POSTGRES_URL;
  const redisUrl = process.env.MDL_TEST_REDIS_URL;
  const line = (name: string, set: boolean, v: string) =>
    set ? `  ${name}: RUNNING (${v} is set)` : `  ${name}: SKIPPED (set ${v} to run them)`;
  // Each PostgreSQL test database is used through its own NOSUPERUSER NOBYPASSRLS role (databases.ts).
  const pgLine = `${line('PostgreSQL', Boolean(pgUrl), 'MDL_TEST_POSTGRES_URL')}${pgUrl ? ', as a non-superuser role: row-level security in force' : ''}`;
  process.stdout.write(`\nMDL database suites:\n${pgLine}\n${line('Redis', Boolean(redisUrl), 'MDL_TEST_REDIS_URL')}\n\n`);
}
