import { describe, expect, it } from 'vitest';
import { readAll } from './helpers.js';

/**
 * Text given to the reader (the API's import body) is fed to the parsers in chunks of 256 Ki UTF-16
 * code units. A character outside the BMP (emoji, many CJK extension characters) is two code units;
 * when a chunk boundary fell between them, each half was encoded on its own as U+FFFD, so the import
 * stored "��" instead of the character. Every character must arrive as it was sent, wherever it falls.
 */

const CHUNK = 256 * 1024;
const ASTRAL = ['🚀', '𠜎', '👩🏽‍💻'];

/** A one-metric JSON or YAML text whose description starts so that `char` straddles code unit `at`. */
function textWith(format: 'json' | 'yaml', char: string, at: number): { text: string; description: string } {
  const head = format === 'json' ? '{"metrics":[{"metric_id":"M1","name":"n","x_pad":"' : 'metrics:\n  - metric_id: M1\n    name: n\n    x_pad: "';
  const mid = format === 'json' ? '","description":"' : '"\n    description: "';
  const tail = format === 'json' ? '"}]}' : '"\n';
  const description = `ab${char}cd`;
  // The high surrogate of `char` lands on `at - 1`, its low surrogate on `at`.
  const pad = 'p'.repeat(at - 1 - head.length - mid.length - 2);
  const text = `${head}${pad}${mid}${description}${tail}`;
  expect(text.charCodeAt(at - 1)).toBe(char.charCodeAt(0));
  return { text, description };
}

describe('import text with characters outside the BMP at a chunk boundary', () => {
  for (const format of ['json', 'yaml'] as const) {
    for (const char of ASTRAL) {
      it(`keeps ${char} intact in ${format}`, async () => {
        for (const at of [CHUNK, 2 * CHUNK]) {
          const { text, description } = textWith(format, char, at);
          const { records } = await readAll({ text, format });
          expect((records[0]!.raw as { description: string }).description, `boundary at ${at}`).toBe(description);
        }
      });
    }
  }
});
