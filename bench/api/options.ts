/** Command-line options, help text and the benchmark scenarios of bench:api. */

// ---------------------------------------------------------------------------------------------------------
// Options: --name value, --name=value, or MDL_BENCH_<NAME> (dashes as underscores).

export interface Options {
  metrics: number;
  duration: number;
  warmup: number;
  getRate: number;
  listRate: number;
  searchRate: number;
  connections: number;
  pacedDuration: number;
  pacedSockets: number;
  only: string[];
  json: boolean;
}

const HELP = `usage: npm run bench:api [-- options]     (run \`npm run build\` first)

  --metrics N         metrics to seed (default 10000)                      MDL_BENCH_METRICS
  --duration S        measured seconds per scenario, autocannon (20)       MDL_BENCH_DURATION
  --warmup S          discarded seconds before each scenario (3)           MDL_BENCH_WARMUP
  --get-rate R        req/s for GET /metrics/:id (1000)                    MDL_BENCH_GET_RATE
  --list-rate R       req/s for the list scenarios (500)                   MDL_BENCH_LIST_RATE
  --search-rate R     req/s for the search (q= plus two facets, sorted) (500) MDL_BENCH_SEARCH_RATE
  --connections C     autocannon connections (20)                          MDL_BENCH_CONNECTIONS
  --paced-duration S  seconds per scenario of the paced open-loop run;
                      0 skips it (10)                                      MDL_BENCH_PACED_DURATION
  --paced-sockets C   keep-alive sockets of the paced generator (64)       MDL_BENCH_PACED_SOCKETS
  --only a,b          scenarios: get, list, list-tier, list-sort, search (all) MDL_BENCH_ONLY
  --json              also print the results as one JSON line at the end  MDL_BENCH_JSON=1`;

const KNOWN_OPTIONS = ['metrics', 'duration', 'warmup', 'get-rate', 'list-rate', 'search-rate', 'connections', 'paced-duration', 'paced-sockets', 'only', 'json'];

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      console.log(HELP);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) usage(`unexpected argument "${arg}"`);
    const name = m[1]!;
    if (!KNOWN_OPTIONS.includes(name)) usage(`unknown option --${name}`);
    if (name === 'json') given.set(name, m[2] ?? 'true');
    else {
      const value = m[2] ?? argv[++i];
      if (value === undefined) usage(`--${name} needs a value`);
      given.set(name, value);
    }
  }
  const raw = (name: string) => given.get(name) ?? env[`MDL_BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  const num = (name: string, fallback: number, min: number, max: number) => {
    const v = raw(name);
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) usage(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
    return n;
  };
  const only = (raw('only') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of only) if (!SCENARIO_KEYS.includes(s)) usage(`--only: unknown scenario "${s}" (choose from ${SCENARIO_KEYS.join(', ')})`);
  return {
    metrics: Math.floor(num('metrics', 10_000, 100, 1_000_000)),
    duration: num('duration', 20, 1, 600),
    warmup: num('warmup', 3, 0, 60),
    getRate: Math.floor(num('get-rate', 1000, 1, 100_000)),
    listRate: Math.floor(num('list-rate', 500, 1, 100_000)),
    searchRate: Math.floor(num('search-rate', 500, 1, 100_000)),
    connections: Math.floor(num('connections', 20, 1, 1000)),
    pacedDuration: num('paced-duration', 10, 0, 600),
    pacedSockets: Math.floor(num('paced-sockets', 64, 1, 1000)),
    only,
    json: ['1', 'true', 'yes'].includes(String(raw('json') ?? '').toLowerCase()),
  };
}

function usage(message: string): never {
  process.stderr.write(`bench:api: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Scenarios

export interface Scenario {
  key: string;
  label: string;
  rate: number;
  p99TargetMs: number;
  /** Fixed path, or a function giving each request its own path. */
  path: string | (() => string);
}

const SCENARIO_KEYS = ['get', 'list', 'list-tier', 'list-sort', 'search'];

export function metricId(i: number): string {
  return `M-${String(i).padStart(6, '0')}`; // the ids writeSyntheticCatalog() gives
}

export function scenarios(o: Options): Scenario[] {
  const all: Scenario[] = [
    { key: 'get', label: 'GET /metrics/:id (random id)', rate: o.getRate, p99TargetMs: 20, path: () => `/api/v1/metrics/${metricId(Math.floor(Math.random() * o.metrics))}` },
    { key: 'list', label: 'GET /metrics?limit=50', rate: o.listRate, p99TargetMs: 50, path: '/api/v1/metrics?limit=50' },
    { key: 'list-tier', label: 'GET /metrics?tier=Tier-1&limit=50', rate: o.listRate, p99TargetMs: 50, path: '/api/v1/metrics?tier=Tier-1&limit=50' },
    { key: 'list-sort', label: 'GET /metrics?sort=-updated_at&limit=50', rate: o.listRate, p99TargetMs: 50, path: '/api/v1/metrics?sort=-updated_at&limit=50' },
    // Issue 10's search: full text plus two facets, sorted (1 metric in 12 of the synthetic catalog matches).
    { key: 'search', label: 'GET /metrics?q=churn&tier=Tier-2&classification=internal&sort=-updated_at&limit=50', rate: o.searchRate, p99TargetMs: 50, path: '/api/v1/metrics?q=churn&tier=Tier-2&classification=internal&sort=-updated_at&limit=50' },
  ];
  return o.only.length ? all.filter((s) => o.only.includes(s.key)) : all;
}
