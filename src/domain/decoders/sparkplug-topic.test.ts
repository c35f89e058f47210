import { describe, expect, it } from 'vitest';
import { isSparkplugTopic, parseSparkplugTopic } from './sparkplug-topic';

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
});
