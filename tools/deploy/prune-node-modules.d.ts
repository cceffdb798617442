// Types of tools/deploy/prune-node-modules.js (plain CommonJS: it runs inside the image build).
export const OPTIONAL_ENGINES: Readonly<Record<string, readonly string[]>>;
export function entriesToPrune(requiredPackages: readonly string[]): string[];
