import assert from 'node:assert/strict';
import { generatePass } from '../../harness/emulator/pass-generator';

describe('emulator: pass values', () => {
  it('have the requested length and mix lower, upper, digits and symbols', () => {
    for (const length of [8, 12, 48]) {
      for (let i = 0; i < 50; i += 1) {
        const pass = generatePass(length);
        assert.equal(pass.length, length);
        assert.match(pass, /[a-z]/);
        assert.match(pass, /[A-Z]/);
        assert.match(pass, /[0-9]/);
        assert.match(pass, /[^A-Za-z0-9]/);
      }
    }
  });

  it('are not repeated', () => {
    const passes = new Set(Array.from({ length: 2000 }, () => generatePass(8)));
    assert.equal(passes.size, 2000);
  });

  it('draw from the given random source and refuse impossible lengths', () => {
    let i = 0;
    const sequence = [0, 30, 50, 60, 1, 2, 3, 4];
    assert.equal(generatePass(8, () => sequence[i++ % sequence.length] as number).length, 8);
    assert.throws(() => generatePass(3), RangeError);
  });
});
