# syntax=docker/dockerfile:1
# Handoff: build the TypeScript, then run it on a slim image as a non-root user.
# Nothing is downloaded but npm packages: the Prisma client is committed (src/db/generated)
# and the app applies pending migrations itself before it serves (src/db/migrate.ts), so
# neither step needs Prisma's native engines.

ARG NODE_VERSION=20.19

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/slack-emulator/package.json ./packages/slack-emulator/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY tools/build.mjs ./tools/
COPY packages ./packages
COPY src ./src
# The build puts the compiled emulator package in dist/node_modules (tools/build.mjs), so the
# workspace link into packages/ is not needed at run time.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && rm -rf node_modules/@handoff

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
RUN mkdir -p /app/.data && chown node:node /app/.data
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root prisma/migrations ./prisma/migrations
# The sandbox (no Slack credentials) reads the slash commands from the manifest, as Slack does.
COPY --chown=root:root manifests ./manifests
# The image's own unprivileged user; code and dependencies stay read-only to it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
