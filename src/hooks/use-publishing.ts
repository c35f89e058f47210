/**
 * The publishing services (commands, generator, library, history) for the Publish panel's
 * views. The first call loads them and suspends until they are ready: the panel's <Suspense>
 * shows its fallback meanwhile.
 */
import { use } from 'react';
import type { Publishing } from '../services/publishing';
import { useServices } from './services-context';

export function usePublishing(): Publishing {
  return use(useServices().publishing());
}
