# syntax=docker/dockerfile:1
#
# crm-qc-bot's image. The build stage runs the scripts CI runs
# (scripts/setup, scripts/build-production; scripts/production-check replays
# them and the runtime stage's cut-down without Docker), so what CI checks is
# what this file builds. Build and run:
#   docker compose up -d --build        (see docker-compose.yml)
# or
#   docker build -t crm-qc-bot . && docker run -d --env-file .env -v crm-qc-data:/data crm-qc-bot
ARG NODE_VERSION=20

# ---- build: native modules compiled against Cairo/Pango headers, dist/ built, dev dependencies pruned
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# scripts/setup installs the Debian headers canvas builds against (as root here: no sudo), then `npm ci`.
COPY package.json package-lock.json ./
COPY scripts/ scripts/
RUN bash scripts/setup && rm -rf /var/lib/apt/lists/*
COPY tsconfig.json ./
COPY src/ src/
COPY assets/ assets/
COPY drizzle/ drizzle/
RUN bash scripts/build-production

# ---- runtime: Node, the shared libraries canvas links against (no compilers), the built app
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libjpeg62-turbo libgif7 librsvg2-2 libpixman-1-0 fontconfig \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The app's files belong to root and are read-only to the bot; only /data is its to write.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/dist/ dist/
COPY --from=build /app/assets/ assets/
COPY --from=build /app/drizzle/ drizzle/
RUN mkdir -p /data /backups && chown node:node /data /backups

# The database and the files written without a bot token live on a volume; charts use the bundled fonts (assets/fonts).
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps --max-old-space-size=384" \
    DATABASE_PATH=/data/crm-qc.sqlite \
    OUT_DIR=/data/out \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=9090
VOLUME ["/data"]
EXPOSE 9090
USER node

# /healthz answers 503 when the last sync failed, the data is stale, the outbox is stuck or polling stopped.
# The start period covers a first full sync of a large account (about 30 minutes for 100 000 amoCRM deals).
HEALTHCHECK --interval=60s --timeout=10s --start-period=45m --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

# SIGTERM (docker stop) lets a sync, a report or a send end cleanly: give it the 30 s docker-compose.yml sets.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
