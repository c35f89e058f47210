import { describe, expect, it } from 'vitest';
import {
  birthTopicsOf,
  edgeNodeKey,
  isBirthTopic,
  isSparkplugTopic,
  nodeCommandTopic,
  parseSparkplugTopic,
} from './sparkplug-topic';

describe('Sparkplug B topics', () => {
  it('reads node and device topics', () => {
    expect(parseSparkplugTopic('spBv1.0/plant/NDATA/edge1')).toEqual({
      group: 'plant',
      type: 'NDATA',
      node: 'edge1',
    });
    expect(parseSparkplugTopic('spBv1.0/plant/DBIRTH/edge1/pump')).toEqual({
      group: 'plant',
      type: 'DBIRTH',
      node: 'edge1',
      device: 'pump',
    });
  });

  it('refuses other topics, STATE and malformed ones', () => {
    for (const topic of [
      'demo/plant/NDATA/edge1',
      'spBv1.0/STATE/host',
      'spBv1.0/plant/NDATA/edge1/extra',
      'spBv1.0/plant/DDATA/edge1',
      'spBv1.0/plant/NOPE/edge1',
      'spBv1.0//NDATA/edge1',
      'spBv1.0/plant/DDATA/edge1/a/b',
    ]) {
      expect(isSparkplugTopic(topic), topic).toBe(false);
    }
  });

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
