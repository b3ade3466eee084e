import type { RouteObject } from 'react-router';
import type { Capability } from '../lib/access';
import { RequireCapability } from './RouteStates';

/** Each page is its own chunk, loaded when first visited (the first load stays small). */
export const lazyPage =
  <M,>(load: () => Promise<M>, pick: (module: M) => React.ComponentType) =>
  async () => ({ Component: pick(await load()) });

/** Routes only reachable with a capability; the server enforces the same rule. */
export const guarded = (capability: Capability, children: RouteObject[]): RouteObject => ({
  element: <RequireCapability capability={capability} />,
  children,
});
