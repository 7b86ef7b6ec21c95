# syntax=docker/dockerfile:1
# nest-sessions: build with the dev tool chain, run with production dependencies only.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The session package is an npm workspace: its manifest is part of the install.
COPY packages/session/package.json ./packages/session/
# No install scripts: every native dependency ships prebuilt binaries, and the
# project is developed and tested with scripts off.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY packages/session/tsconfig.json packages/session/tsconfig.build.json ./packages/session/
COPY packages/session/src ./packages/session/src
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# HOST: inside the container the app must answer on the container's interface
# (the app's own default is 127.0.0.1); compose publishes the port on loopback only.
# LOG_FORMAT=json: one JSON record per line, for log collectors.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/session/package.json ./packages/session/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force
COPY --from=build /app/packages/session/dist ./packages/session/dist
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
COPY docker/entrypoint.sh /usr/local/bin/nest-sessions-entrypoint
COPY docker/generate-secret.sh /usr/local/bin/nest-sessions-generate-secret
# The folder docker-compose.yml's `secret` service writes a generated secret
# to: owned by the app's user, so a new named volume mounted here starts out
# writable by it. The image itself never generates a secret (entrypoint.sh).
RUN chmod 0755 /usr/local/bin/nest-sessions-entrypoint /usr/local/bin/nest-sessions-generate-secret \
    && mkdir -p /var/lib/nest-sessions \
    && chown node:node /var/lib/nest-sessions \
    && chmod 0700 /var/lib/nest-sessions
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["nest-sessions-entrypoint"]
CMD ["node", "dist/main.js"]
