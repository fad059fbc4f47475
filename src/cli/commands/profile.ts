import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { table, toJson } from '../format.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import {
  configPath, isShared, PROFILE_NAME, profileOf, readConfigFile, readPrivateKeyFile, writeConfigFile, type LoadedConfigFile, type Profile,
} from '../remote/config-file.js';
import { checkApiKey, parseServerUrl } from '../remote/settings.js';
import type { GlobalOptions } from '../runtime.js';

const MAX_KEY_BYTES = 64 * 1024;

interface AddOptions {
  server?: string;
  apiKeyFile?: string;
  apiKeyStdin?: boolean;
  default?: boolean;
  force?: boolean;
}

function checkName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw new CliError('a profile name has 1 to 64 letters, digits, _ . or -', 2);
  return name;
}

async function readKeyFromStdin(io: CliIo): Promise<string> {
  if ((io.stdin as Readable & { isTTY?: boolean }).isTTY) throw new CliError('--api-key-stdin reads a piped key, e.g. `pass show mdl | mdl profile add …` (it is not typed on a terminal)', 2);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_KEY_BYTES) throw new CliError('the API key on stdin is too long', 2);
    chunks.push(buf);
  }
  return checkApiKey(Buffer.concat(chunks).toString('utf8').trim(), 'no API key on stdin');
}

/**
 * `mdl profile`: named remote servers in the CLI config file. Prints names, servers and where each
 * key is kept, never a key. Writes the file atomically with mode 0600.
 */
export function registerProfileCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const profile = program
    .command('profile')
    .description('named remote servers in the CLI config file ($MDL_CONFIG, else $XDG_CONFIG_HOME/mdl/config.json, else ~/.config/mdl/config.json)');
  const location = () => {
    const path = configPath(io.env);
    if (!path) throw new CliError('no place for the CLI config file: set MDL_CONFIG, XDG_CONFIG_HOME or HOME', 2);
    return path;
  };
  const existing = (file: LoadedConfigFile, name: string): Profile => {
    const p = profileOf(file.config, name);
    if (!p) throw new CliError(`profile "${name}" not found in ${file.path}`);
    return p;
  };

  profile
    .command('list')
    .description('list profiles: name, server, where the key is kept, and which is the default (never the key)')
    .option('--json', 'print JSON instead of a table')
    .action((o: { json?: boolean }) => {
      const file = readConfigFile(location());
      const { profiles, default_profile: def } = file.config;
      const rows = Object.entries(profiles).map(([name, p]) => ({
        name, server: p.server, api_key_file: p.api_key_file ?? null, inline_key: p.api_key !== undefined, default: name === def,
      }));
      if (o.json) writeLine(io.stdout, toJson({ config_file: file.path, default_profile: def ?? null, profiles: rows }));
      else if (rows.length === 0) writeLine(io.stdout, `no profiles in ${file.path} (add one with \`mdl profile add\`)`);
      else {
        writeLine(io.stdout, table(rows.map((r) => ({ ...r, key: r.api_key_file ? `file ${r.api_key_file}` : 'inline', default: r.default ? '*' : '' })), [
          { key: 'name', label: 'PROFILE' },
          { key: 'server', label: 'SERVER', max: 64 },
          { key: 'key', label: 'KEY', max: 64 },
          { key: 'default', label: 'DEFAULT' },
        ]));
      }
      if (file.mode !== undefined && isShared(file.mode) && rows.some((r) => r.inline_key)) {
        writeLine(io.stderr, `warning: ${file.path} holds inline API keys and is accessible by other users; run chmod 600 ${file.path} (those profiles are refused until then)`);
      }
    });

  profile
    .command('add <name>')
    .description('add a profile: a server and its API key, from a private file (preferred) or piped on stdin (stored inline, file mode 0600)')
    .option('--server <url>', 'the server URL: https://…, or http:// to a loopback host (beyond loopback only with --insecure)')
    .option('--api-key-file <path>', 'the file holding the API key; it must be private to you (chmod 600) and is stored as an absolute path')
    .option('--api-key-stdin', 'read the API key from stdin and store it in the config file')
    .option('--default', 'make it the default profile')
    .option('--force', 'replace a profile of the same name')
    .action(async (rawName: string, o: AddOptions) => {
      const g = globals();
      // --server and --api-key-file after the subcommand are taken by the program's options of the same name.
      const server = o.server ?? g.server;
      const keyFile = o.apiKeyFile ?? g.apiKeyFile;
      const name = checkName(rawName);
      if (g.apiKey !== undefined) throw new CliError('profile add does not take --api-key (arguments are visible to other local users); use --api-key-file or --api-key-stdin', 2);
      if (!server) throw new CliError('profile add needs --server <url>', 2);
      const { origin } = parseServerUrl(server, '--server', g.insecure);
      if ((keyFile === undefined) === !o.apiKeyStdin) throw new CliError('profile add needs either --api-key-file <path> or --api-key-stdin', 2);
      const path = location();
      const file = readConfigFile(path);
      if (profileOf(file.config, name) && !o.force) throw new CliError(`profile "${name}" already exists in ${path}; pass --force to replace it`);
      let entry: Profile;
      if (keyFile !== undefined) {
        const abs = resolve(keyFile);
        checkApiKey(readPrivateKeyFile(abs, '--api-key-file'), `the API key file ${abs} is empty`);
        entry = { server, api_key_file: abs };
      } else {
        entry = { server, api_key: await readKeyFromStdin(io) };
      }
      file.config.profiles[name] = entry;
      if (o.default) file.config.default_profile = name;
      writeConfigFile(path, file.config);
      writeLine(io.stdout, `added profile ${name} (${origin}) to ${path}${o.default ? '; it is the default now' : ''}`);
    });

  profile
    .command('remove <name>')
    .description('remove a profile (its key file, if any, is left in place)')
    .action((rawName: string) => {
      const name = checkName(rawName);
      const file = readConfigFile(location());
      existing(file, name);
      delete file.config.profiles[name];
      const wasDefault = file.config.default_profile === name;
      if (wasDefault) delete file.config.default_profile;
      writeConfigFile(file.path, file.config);
      writeLine(io.stdout, `removed profile ${name}${wasDefault ? '; there is no default profile now' : ''}`);
    });

  profile
    .command('use [name]')
    .description('make a profile the default (commands that can run remotely then use it unless told otherwise); --none for local mode')
    .option('--none', 'clear the default profile: local mode unless --server, --profile, MDL_SERVER or MDL_PROFILE')
    .action((rawName: string | undefined, o: { none?: boolean }) => {
      if ((rawName === undefined) === !o.none) throw new CliError('give a profile name or --none', 2);
      const file = readConfigFile(location());
      if (rawName === undefined) {
        delete file.config.default_profile;
        if (file.exists) writeConfigFile(file.path, file.config);
        return writeLine(io.stdout, 'no default profile: local mode unless a server or profile is given');
      }
      const name = checkName(rawName);
      existing(file, name);
      file.config.default_profile = name;
      writeConfigFile(file.path, file.config);
      writeLine(io.stdout, `default profile: ${name}`);
    });
}
