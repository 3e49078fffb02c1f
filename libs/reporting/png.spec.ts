import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { encodeOpaquePng, pngSize } from './png.js';

describe(encodeOpaquePng.name, () => {
  it('writes an RGB PNG that decodes to the same pixels', async () => {
    const width = 3;
    const height = 2;
    const rgba = new Uint8Array([
      255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255, 200, 100, 50, 255, 255, 255, 255, 255,
    ]);

    const sut = encodeOpaquePng(rgba, width, height);

    expect(sut[25]).toBe(2); // colour type 2: truecolour without alpha
    const image = await loadImage(sut);
    const canvas = createCanvas(width, height);
    canvas.getContext('2d').drawImage(image, 0, 0);
    expect([...canvas.getContext('2d').getImageData(0, 0, width, height).data]).toEqual([...rgba]);
  });

  it('rejects a pixel buffer of the wrong length', () => {
    expect(() => encodeOpaquePng(new Uint8Array(10), 2, 2)).toThrow(RangeError);
  });
});

describe(pngSize.name, () => {
  it('reads the size from the header and rejects other bytes', () => {
    expect(pngSize(encodeOpaquePng(new Uint8Array(4 * 7 * 5), 7, 5))).toEqual({ width: 7, height: 5 });
    expect(() => pngSize(Buffer.from('not a png at all, really not'))).toThrow(RangeError);
  });
});
