import { expect } from 'vitest';

/** The message of the error `fn` throws, which must be an instance of `type`; fails the test if nothing is thrown. */
export function thrownMessage(fn: () => unknown, type: abstract new (...args: never[]) => Error): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return (err as Error).message;
  }
  throw new Error(`expected a ${type.name}`);
}
