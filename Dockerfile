# syntax=docker/dockerfile:1
# Handoff: build the TypeScript, then run it on a slim image as a non-root user.
# The container applies pending migrations (prisma migrate deploy) before it serves.

ARG NODE_VERSION=20.19

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Prisma's schema engine links against OpenSSL.
RUN apt-get update && apt-get install -y --no-install-recommends openssl ca-certificates && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Installs every dependency and runs `prisma generate` (postinstall).
RUN npm ci --no-audit --no-fund
# npm may skip dependency install scripts; fetch Prisma's schema engine now so the
# runtime image can run `migrate deploy` without downloading anything.
RUN node node_modules/@prisma/engines/scripts/postinstall.js && npx prisma --version
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends openssl ca-certificates && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /app/.data && chown node:node /app/.data
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json prisma.config.ts ./
COPY --chown=root:root prisma ./prisma
# The sandbox (no Slack credentials) reads the slash commands from the manifest, as Slack does.
COPY --chown=root:root manifests ./manifests
# The image's own unprivileged user; code and dependencies stay read-only to it.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
