import { describe, expect, it } from 'vitest';
import { codecLoadFailure, codecsLoading, loadCodecs, loadedCodecs } from './codec-loader';

describe('codec loader', () => {
  it('loads the codecs module once and hands it out afterwards', async () => {
    expect(loadedCodecs()).toBeUndefined();
    const first = loadCodecs();
    expect(codecsLoading()).toBe(true);
    const module = await first;
    expect(await loadCodecs()).toBe(module);
    expect(loadedCodecs()).toBe(module);
    expect(codecsLoading()).toBe(false);
    expect(codecLoadFailure()).toBeUndefined();
    expect(typeof module.decodeWithCodec).toBe('function');
  });
});
