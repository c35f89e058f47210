/**
 * Fixed-capacity rings: push overwrites the oldest item in constant time and never grows, so
 * memory stays bounded under a message flood. Push reports what it overwrote, so callers can
 * count dropped items instead of hiding them.
 */

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`Ring capacity must be a positive integer, got ${capacity}.`);
  }
  return capacity;
}

export class RingBuffer<T> {
  private items: Array<T | undefined>;
  /** Physical index of the oldest item. */
  private head = 0;
  private count = 0;
  private cap: number;

  constructor(capacity: number) {
    this.cap = checkCapacity(capacity);
    // Grows up to the capacity as items arrive: 10,000 topics with a 1,000-message history each
    // would otherwise reserve 80 MB of slots before a single message is kept.
    this.items = [];
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Appends; returns the oldest item when the ring was full and it got overwritten. */
  push(item: T): T | undefined {
    if (this.count < this.cap) {
      // While the array is shorter than the capacity, head + count is its length: append.
      const index = (this.head + this.count) % this.cap;
      if (index === this.items.length) this.items.push(item);
      else this.items[index] = item;
      this.count++;
      return undefined;
    }
    const overwritten = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.cap;
    return overwritten;
  }

  /** 0 = oldest. */
  get(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.cap];
  }

  /** 0 = newest. */
  getNewest(i: number): T | undefined {
    return this.get(this.count - 1 - i);
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    // Release the reference so the item can be garbage-collected.
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.cap;
    this.count--;
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.count = 0;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.cap] as T;
    return out;
  }

  /** Changes the capacity, keeping the newest items that fit. */
  resize(newCapacity: number): void {
    checkCapacity(newCapacity);
    this.items = this.toArray().slice(-newCapacity);
    this.cap = newCapacity;
    this.head = 0;
    this.count = this.items.length;
  }
}

/**
 * Ring of (timeMs, value) samples in two Float64Arrays: no object per sample, and a time range
 * is found by binary search. Times must not decrease; a sample older than the newest one is
 * stored with the newest time so the search stays correct.
 */
export class NumberRing {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0;
  private count = 0;
  private cap: number;

  constructor(capacity: number) {
    this.cap = checkCapacity(capacity);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Bytes the ring holds allocated: its whole capacity (16 per sample), however full it is. */
  get allocatedBytes(): number {
    return this.times.byteLength + this.values.byteLength;
  }

  /** Appends a sample; returns true when the oldest sample was overwritten. */
  push(timeMs: number, value: number): boolean {
    if (this.count > 0) {
      const newest = this.times[(this.head + this.count - 1) % this.cap] as number;
      if (timeMs < newest) timeMs = newest;
    }
    if (this.count < this.cap) {
      const slot = (this.head + this.count) % this.cap;
      this.times[slot] = timeMs;
      this.values[slot] = value;
      this.count++;
      return false;
    }
    this.times[this.head] = timeMs;
    this.values[this.head] = value;
    this.head = (this.head + 1) % this.cap;
    return true;
  }

  /** Time in ms of sample i (0 = oldest), or undefined when out of range. */
  timeAt(i: number): number | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.times[(this.head + i) % this.cap];
  }

  /** Value of sample i (0 = oldest), or undefined when out of range. */
  valueAt(i: number): number | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.values[(this.head + i) % this.cap];
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Changes the capacity, keeping the newest samples that fit. */
  resize(newCapacity: number): void {
    checkCapacity(newCapacity);
    const keep = Math.min(this.count, newCapacity);
    const { xs, ys } = this.copyLogical(this.count - keep, this.count);
    this.times = new Float64Array(newCapacity);
    this.values = new Float64Array(newCapacity);
    this.times.set(xs);
    this.values.set(ys);
    this.cap = newCapacity;
    this.head = 0;
    this.count = keep;
  }

  /** Samples with fromMs <= time <= toMs, oldest first, as fresh arrays. */
  copyRange(fromMs: number, toMs: number): { xs: Float64Array; ys: Float64Array } {
    if (!(fromMs <= toMs)) return { xs: new Float64Array(0), ys: new Float64Array(0) };
    return this.copyLogical(this.lowerBound(fromMs, false), this.lowerBound(toMs, true));
  }

  /** First logical index whose time is >= t (or > t when `after`). */
  private lowerBound(t: number, after: boolean): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const time = this.times[(this.head + mid) % this.cap] as number;
      if (time < t || (after && time === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Copies logical indices [from, to) with at most two block copies (before and after wrap). */
  private copyLogical(from: number, to: number): { xs: Float64Array; ys: Float64Array } {
    const n = Math.max(0, to - from);
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    if (n === 0) return { xs, ys };
    const start = (this.head + from) % this.cap;
    const firstLen = Math.min(n, this.cap - start);
    xs.set(this.times.subarray(start, start + firstLen));
    ys.set(this.values.subarray(start, start + firstLen));
    if (firstLen < n) {
      xs.set(this.times.subarray(0, n - firstLen), firstLen);
      ys.set(this.values.subarray(0, n - firstLen), firstLen);
    }
    return { xs, ys };
  }
}
