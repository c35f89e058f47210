/**
 * Reduce a (time, value) series to a point budget before charting. Inputs are parallel arrays
 * with non-decreasing times (ms); outputs are fresh Float64Arrays.
 */

export interface Series {
  xs: Float64Array;
  ys: Float64Array;
}

function copySeries(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number): Series {
  return {
    xs: Float64Array.from({ length: n }, (_, i) => xs[i] as number),
    ys: Float64Array.from({ length: n }, (_, i) => ys[i] as number),
  };
}

function pick(xs: ArrayLike<number>, ys: ArrayLike<number>, indices: number[]): Series {
  const outX = new Float64Array(indices.length);
  const outY = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    outX[k] = xs[i] as number;
    outY[k] = ys[i] as number;
  }
  return { xs: outX, ys: outY };
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the visual shape with `threshold`
 * points, always including the first and last. A threshold under 2 is treated as 2.
 */
export function lttb(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): Series {
  const n = Math.min(xs.length, ys.length);
  const budget = Math.max(2, Math.floor(threshold));
  if (n <= budget) return copySeries(xs, ys, n);

  const indices: number[] = [0];
  // The first and last points are fixed; the n-2 in between share budget-2 buckets.
  const every = (n - 2) / (budget - 2);
  let a = 0;
  for (let bucket = 0; bucket < budget - 2; bucket++) {
    // Average of the next bucket is the third triangle corner.
    const nextStart = Math.floor((bucket + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      avgX += xs[i] as number;
      avgY += ys[i] as number;
    }
    const count = nextEnd - nextStart;
    avgX /= count;
    avgY /= count;

    const start = Math.floor(bucket * every) + 1;
    const end = Math.floor((bucket + 1) * every) + 1;
    const ax = xs[a] as number;
    const ay = ys[a] as number;
    let maxArea = -1;
    let chosen = start;
    for (let i = start; i < end; i++) {
      const area = Math.abs(
        (ax - avgX) * ((ys[i] as number) - ay) - (ax - (xs[i] as number)) * (avgY - ay),
      );
      if (area > maxArea) {
        maxArea = area;
        chosen = i;
      }
    }
    indices.push(chosen);
    a = chosen;
  }
  indices.push(n - 1);
  return pick(xs, ys, indices);
}
