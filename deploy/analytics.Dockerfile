# syntax=docker/dockerfile:1
# The analytics service: builds only apps/analytics and the libraries it imports (tools/build-app.js) and
# runs it as the unprivileged `node` user with production dependencies only.
# Build from the repository root: docker build -f deploy/analytics.Dockerfile -t csp/analytics .
# The four deploy/<app>.Dockerfile files differ only in the app name and port (tools/deploy checks it).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# npm 11 runs dependency install scripts only when package.json "allowScripts" approves them; the npm 10
# bundled with Node 20 would run them all.
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-audit --no-fund npm@${NPM_VERSION}
WORKDIR /app
COPY package.json package-lock.json ./

FROM base AS build
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY . .
RUN node tools/build-app.js analytics

FROM base AS prod-deps
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --no-audit --no-fund
# chDB (~540 MB) and embedded PostgreSQL (~60 MB) serve the embedded default only: drop them unless the
# built code requires them (the build manifest lists what it requires).
COPY tools/deploy/prune-node-modules.js /tmp/prune-node-modules.js
COPY --from=build /app/dist/apps/analytics/build-manifest.json /tmp/build-manifest.json
RUN node /tmp/prune-node-modules.js /tmp/build-manifest.json node_modules

FROM ${NODE_IMAGE} AS runtime
# reflect-metadata is preloaded as tools/register.js and the Jest setup do, so decorator metadata never
# depends on which module happens to load first; source maps turn stack traces back into TypeScript lines.
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps --require reflect-metadata" \
    HOST=0.0.0.0 \
    PORT=3004
WORKDIR /app
# Owned by root and read-only for the app user: the service never writes its own code or dependencies.
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/apps/analytics ./dist/apps/analytics
USER node
EXPOSE 3004
# Slim images have no curl: Node's own fetch probes the liveness endpoint.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3004) + '/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/analytics/apps/analytics/src/main.js"]
