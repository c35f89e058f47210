import { stopEverything } from './teardown-helpers';

export default async function globalTeardown(): Promise<void> {
  await stopEverything();
}
