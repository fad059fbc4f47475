import cliProgress from 'cli-progress';
import type { Writable } from 'node:stream';

export interface PhaseProgress {
  update(phase: string, bytesRead: number, totalBytes?: number): void;
  stop(): void;
}

const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);

/** A byte-based progress bar per phase on a terminal; silent elsewhere (pipes, CI, tests). */
export function phaseProgress(stream: Writable, enabled: boolean): PhaseProgress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  let current = '';
  const start = (phase: string, total: number) => {
    bar?.stop();
    current = phase;
    bar = new cliProgress.SingleBar({
      stream: stream as NodeJS.WriteStream,
      format: `${phase.padEnd(9)} [{bar}] {percentage}% | {read}/{size} MiB | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { read: '0.0', size: mib(total) });
  };
  return {
    update(phase, read, total) {
      if (phase !== current) start(phase, total ?? read);
      bar?.update(Math.min(read, total ?? read), { read: mib(read) });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
