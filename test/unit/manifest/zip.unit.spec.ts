// The zip writer/reader used for the Teams package: round trip, stored and deflated entries, damage.
import assert from 'node:assert/strict';
import { readZip, writeZip } from '../../../manifest/zip';

describe('zip writer and reader (manifest/zip.ts)', () => {
  const entries = [
    { name: 'manifest.json', data: Buffer.from('{"a":1}'.repeat(100)) },
    { name: 'random.bin', data: Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97) % 256)) },
    { name: 'empty.txt', data: Buffer.alloc(0) },
  ];

  it('reads back what it wrote, through the central directory', () => {
    assert.deepEqual(readZip(writeZip(entries)), entries);
  });

  it('deflates what compresses and stores what does not', () => {
    const zip = writeZip(entries);
    const methodAt = (localOffset: number) => zip.readUInt16LE(localOffset + 8);
    assert.equal(methodAt(0), 8);
    const secondLocal = zip.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
    assert.equal(methodAt(secondLocal), 0);
  });

  it('refuses damaged data and non-zips', () => {
    const zip = writeZip(entries);
    const damaged = Buffer.from(zip);
    const dataAt = 30 + 'manifest.json'.length;
    damaged[dataAt] = (damaged[dataAt] as number) ^ 0xff;
    assert.throws(() => readZip(damaged));
    assert.throws(() => readZip(Buffer.from('not a zip at all, not even close')), /not a zip/);
  });
});
