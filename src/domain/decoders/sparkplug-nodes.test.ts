import { describe, expect, it } from 'vitest';
import { birthTopicsOf, edgeNodeKey, isBirthTopic, nodeCommandTopic } from './sparkplug-nodes';
import { parseSparkplugTopic } from './sparkplug-topic';

describe('Sparkplug B nodes', () => {
  it('names the BIRTH topics, the command topic and the node key', () => {
    const device = parseSparkplugTopic('spBv1.0/g/DDATA/n/d')!;
    expect(birthTopicsOf(device)).toEqual(['spBv1.0/g/DBIRTH/n/d', 'spBv1.0/g/NBIRTH/n']);
    expect(birthTopicsOf(parseSparkplugTopic('spBv1.0/g/NDATA/n')!)).toEqual([
      'spBv1.0/g/NBIRTH/n',
    ]);
    expect(nodeCommandTopic(device)).toBe('spBv1.0/g/NCMD/n');
    expect(edgeNodeKey(device)).toBe('g/n');
    expect(isBirthTopic('spBv1.0/g/NBIRTH/n')).toBe(true);
    expect(isBirthTopic('spBv1.0/g/NDATA/n')).toBe(false);
  });
});
