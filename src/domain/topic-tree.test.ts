import { describe, expect, it } from 'vitest';
import { flattenVisible, TopicTree } from './topic-tree';

const all = { toggled: new Set<string>(), defaultExpanded: () => true } as const;

describe('TopicTree', () => {
  it('creates one node per level and counts up the parent chain', () => {
    const tree = new TopicTree<void>();
    const temp = tree.ensure('plant/line1/temperature');
    tree.recordMessage(temp, 10);
    tree.recordMessage(temp, 20);
    tree.recordMessage(tree.ensure('plant/line2/humidity'), 30);
    const plant = tree.find('plant')!;
    expect(plant.totalCount).toBe(3);
    expect(plant.ownCount).toBe(0);
    expect(plant.topicCount).toBe(2);
    expect(plant.lastUpdateMs).toBe(30);
    expect(tree.find('plant/line1')!.totalCount).toBe(2);
    expect(temp.ownCount).toBe(2);
    expect(temp.path).toBe('plant/line1/temperature');
  });

  it('keeps empty levels and leading slashes as their own levels', () => {
    const tree = new TopicTree<void>();
    const node = tree.ensure('/a//b');
    expect(node.depth).toBe(3);
    expect(tree.find('/a/')!.name).toBe('');
    expect(tree.root.children.has('')).toBe(true);
  });

  it('only bumps the structure version when a node is added', () => {
    const tree = new TopicTree<void>();
    tree.ensure('a/b');
    const version = tree.structureVersion;
    tree.ensure('a/b');
    expect(tree.structureVersion).toBe(version);
    tree.ensure('a/c');
    expect(tree.structureVersion).toBe(version + 1);
  });

  it('flattens expanded nodes in sort order with aria positions', () => {
    const tree = new TopicTree<void>();
    tree.recordMessage(tree.ensure('b/x'), 1);
    tree.recordMessage(tree.ensure('a/y'), 2);
    tree.recordMessage(tree.ensure('a/z'), 3);
    tree.recordMessage(tree.ensure('a/z'), 4);
    const rows = flattenVisible(tree, { ...all, sort: 'name' });
    expect(rows.map((r) => r.node.path)).toEqual(['a', 'a/y', 'a/z', 'b', 'b/x']);
    expect(rows[2]).toMatchObject({ level: 2, positionInSet: 2, setSize: 2 });
    const byCount = flattenVisible(tree, { ...all, sort: 'count' });
    expect(byCount.map((r) => r.node.path)).toEqual(['a', 'a/z', 'a/y', 'b', 'b/x']);
    const byRecent = flattenVisible(tree, { ...all, sort: 'recent' });
    expect(byRecent[0]!.node.path).toBe('a');
    expect(byRecent[1]!.node.path).toBe('a/z');
  });

  it('hides the children of collapsed nodes', () => {
    const tree = new TopicTree<void>();
    tree.ensure('a/b/c');
    tree.ensure('d');
    const rows = flattenVisible(tree, {
      sort: 'name',
      toggled: new Set(['a']),
      defaultExpanded: () => true,
    });
    expect(rows.map((r) => r.node.path)).toEqual(['a', 'd']);
    expect(rows[0]!.expanded).toBe(false);
    expect(rows[0]!.hasChildren).toBe(true);
  });

  it('filters to matching nodes and their ancestors', () => {
    const tree = new TopicTree<void>();
    tree.ensure('plant/line1/temperature');
    tree.ensure('plant/line1/humidity');
    tree.ensure('office/temperature');
    const rows = flattenVisible(tree, {
      ...all,
      sort: 'name',
      matches: (n) => n.name.includes('hum'),
    });
    expect(rows.map((r) => r.node.path)).toEqual(['plant', 'plant/line1', 'plant/line1/humidity']);
  });

  it('flattens a very deep tree without recursion', () => {
    const tree = new TopicTree<void>();
    const deep = Array.from({ length: 20_000 }, (_, i) => `l${i}`).join('/');
    tree.ensure(deep);
    expect(flattenVisible(tree, { ...all, sort: 'name' })).toHaveLength(20_000);
  });
});

describe('flattenVisible after changes', () => {
  it('shows added and re-created children in name order', () => {
    const tree = new TopicTree<void>();
    tree.ensure('a/2');
    tree.ensure('a/10');
    const flat = () => flattenVisible(tree, { ...all, sort: 'name' }).map((r) => r.node.path);
    expect(flat()).toEqual(['a', 'a/2', 'a/10']);
    tree.ensure('a/1');
    expect(flat()).toEqual(['a', 'a/1', 'a/2', 'a/10']);
    tree.clear();
    tree.ensure('b/x');
    expect(flat()).toEqual(['b', 'b/x']);
  });
});
