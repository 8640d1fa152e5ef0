// Pass values like Entra's ("+drkzqAD"): letters, digits and symbols, from the crypto RNG.
import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#$%&*+=?@';
const ALPHABET = LOWER + UPPER + DIGITS + SYMBOLS;
const CLASSES = [LOWER, UPPER, DIGITS, SYMBOLS];

/** A pass of `length` characters with at least one of each class (Entra's passes mix them). */
export function generatePass(length: number, pick: (max: number) => number = randomInt): string {
  if (!Number.isInteger(length) || length < CLASSES.length) throw new RangeError(`a pass needs at least ${CLASSES.length} characters`);
  for (;;) {
    let pass = '';
    for (let i = 0; i < length; i += 1) pass += ALPHABET[pick(ALPHABET.length)];
    // Rejection keeps the distribution uniform over passes that mix all classes.
    if (CLASSES.every((chars) => [...pass].some((c) => chars.includes(c)))) return pass;
  }
}
