/**
 * An incremental topic tree: nodes are created once, when a topic is first seen, and counts
 * move up the parent chain (constant work per message for a given topic depth).
 */

export interface TopicNode<D> {
  readonly id: number;
  /** This level's name; may be empty ("a//b"). */
  readonly name: string;
  /** The topic up to and including this level. */
  readonly path: string;
  readonly depth: number;
  readonly parent: TopicNode<D> | null;
  readonly children: Map<string, TopicNode<D>>;
  /** Messages on exactly this topic. */
  ownCount: number;
  /** Messages on this topic and every topic below it. */
  totalCount: number;
  /** Topics with messages at or below this level. */
  topicCount: number;
  lastUpdateMs: number;
  data: D | undefined;
}

export type TreeSort = 'name' | 'recent' | 'count';

export interface VisibleRow<D> {
  node: TopicNode<D>;
  /** 1-based, as aria-level wants it. */
  level: number;
  positionInSet: number;
  setSize: number;
  expanded: boolean;
  hasChildren: boolean;
}

export class TopicTree<D> {
  readonly root: TopicNode<D>;
  private nextId = 1;
  /** Bumped whenever a node is added or the tree is cleared. */
  structureVersion = 0;

  constructor() {
    this.root = this.makeNode('', '', -1, null);
  }

  private makeNode(
    name: string,
    path: string,
    depth: number,
    parent: TopicNode<D> | null,
  ): TopicNode<D> {
    return {
      id: this.nextId++,
      name,
      path,
      depth,
      parent,
      children: new Map(),
      ownCount: 0,
      totalCount: 0,
      topicCount: 0,
      lastUpdateMs: 0,
      data: undefined,
    };
  }

  /** Finds or creates the node for a topic. */
  ensure(topic: string): TopicNode<D> {
    let node = this.root;
    let start = 0;
    for (;;) {
      const slash = topic.indexOf('/', start);
      const end = slash === -1 ? topic.length : slash;
      const name = topic.slice(start, end);
      let child = node.children.get(name);
      if (!child) {
        child = this.makeNode(name, topic.slice(0, end), node.depth + 1, node);
        node.children.set(name, child);
        this.structureVersion++;
      }
      node = child;
      if (slash === -1) return node;
      start = slash + 1;
    }
  }

  /** Counts one message on a node; O(depth). */
  recordMessage(node: TopicNode<D>, atMs: number): void {
    const firstMessage = node.ownCount === 0;
    node.ownCount++;
    for (let n: TopicNode<D> | null = node; n; n = n.parent) {
      n.totalCount++;
      n.lastUpdateMs = atMs;
      if (firstMessage) n.topicCount++;
    }
  }

  find(topic: string): TopicNode<D> | undefined {
    let node: TopicNode<D> | undefined = this.root;
    for (const name of topic.split('/')) {
      node = node.children.get(name);
      if (!node) return undefined;
    }
    return node;
  }

  clear(): void {
    this.root.children.clear();
    this.root.totalCount = 0;
    this.root.topicCount = 0;
    this.structureVersion++;
  }
}

/** One collator for every comparison: localeCompare with options builds one per call. */
const byName = new Intl.Collator(undefined, { numeric: true }).compare;

function compareNodes<D>(sort: TreeSort): (a: TopicNode<D>, b: TopicNode<D>) => number {
  switch (sort) {
    case 'recent':
      return (a, b) => b.lastUpdateMs - a.lastUpdateMs || byName(a.name, b.name);
    case 'count':
      return (a, b) => b.totalCount - a.totalCount || byName(a.name, b.name);
    default:
      return (a, b) => byName(a.name, b.name);
  }
}

/**
 * Children sorted by name, per node, kept until a child is added (children are only ever
 * added), so re-flattening a large tree does not sort it again.
 */
const nameSorted = new WeakMap<object, { size: number; list: unknown[] }>();

function sortedChildren<D>(
  node: TopicNode<D>,
  sort: TreeSort,
  compare: (a: TopicNode<D>, b: TopicNode<D>) => number,
): TopicNode<D>[] {
  if (sort !== 'name') return [...node.children.values()].sort(compare);
  const cached = nameSorted.get(node);
  const first = cached?.list[0] as TopicNode<D> | undefined;
  // Same size and still the same nodes (a cleared tree has new ones): the cache holds.
  if (
    cached &&
    cached.size === node.children.size &&
    (!first || node.children.get(first.name) === first)
  ) {
    return cached.list as TopicNode<D>[];
  }
  const list = [...node.children.values()].sort(compare);
  nameSorted.set(node, { size: node.children.size, list });
  return list;
}

export interface FlattenOptions<D> {
  sort: TreeSort;
  /** Paths whose expanded state differs from the default. */
  toggled: ReadonlySet<string>;
  /** Whether a node is open when the user has not toggled it. */
  defaultExpanded: (node: TopicNode<D>) => boolean;
  /** When set, only nodes on a path to a matching node are shown, all opened. */
  matches?: (node: TopicNode<D>) => boolean;
}

/** The rows a tree view shows, in order. Iterative, so deep trees cannot overflow the stack. */
export function flattenVisible<D>(
  tree: Pick<TopicTree<D>, 'root'>,
  options: FlattenOptions<D>,
): VisibleRow<D>[] {
  const compare = compareNodes<D>(options.sort);
  const keep = options.matches ? markMatching(tree, options.matches) : undefined;
  const rows: VisibleRow<D>[] = [];
  type Frame = { nodes: TopicNode<D>[]; index: number };
  const childrenOf = (node: TopicNode<D>) => {
    const list = sortedChildren(node, options.sort, compare);
    return keep ? list.filter((c) => keep.has(c)) : list;
  };
  const stack: Frame[] = [{ nodes: childrenOf(tree.root), index: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.nodes.length) {
      stack.pop();
      continue;
    }
    const node = frame.nodes[frame.index]!;
    frame.index++;
    const hasChildren = node.children.size > 0;
    const expanded =
      hasChildren &&
      (keep !== undefined || options.defaultExpanded(node) !== options.toggled.has(node.path));
    rows.push({
      node,
      level: node.depth + 1,
      positionInSet: frame.index,
      setSize: frame.nodes.length,
      expanded,
      hasChildren,
    });
    if (expanded) stack.push({ nodes: childrenOf(node), index: 0 });
  }
  return rows;
}

/** Every node that matches, with all its ancestors. */
function markMatching<D>(
  tree: Pick<TopicTree<D>, 'root'>,
  matches: (node: TopicNode<D>) => boolean,
): Set<TopicNode<D>> {
  const keep = new Set<TopicNode<D>>();
  const stack: TopicNode<D>[] = [...tree.root.children.values()];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (matches(node)) {
      for (let n: TopicNode<D> | null = node; n && n !== tree.root; n = n.parent) {
        if (keep.has(n)) break;
        keep.add(n);
      }
    }
    for (const child of node.children.values()) stack.push(child);
  }
  return keep;
}
