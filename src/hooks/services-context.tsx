/**
 * How views reach the services: the composition root (src/app) provides them once; views call
 * `useServices()` (for commands) and the live hooks (for data). Nothing here creates services.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Services } from '../services/services';

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({
  services,
  children,
}: {
  services: Services;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() needs a <ServicesProvider> above it.');
  return services;
}
